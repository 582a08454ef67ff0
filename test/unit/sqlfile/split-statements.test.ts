import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitStatements, statementStream, type SqlStatement } from '../../../electron/engine/sqlfile/index';

const dir = path.resolve(__dirname, '../../fixtures/sqlfile');
const render = (statements: readonly SqlStatement[]): string =>
  statements.map((s) => `== ${s.line}:${s.column} delimiter=${JSON.stringify(s.delimiter)}\n${s.sql}\n`).join('');

describe('splitStatements golden files (UPDATE_GOLDEN=1 regenerates)', () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
    it(name, async () => {
      const text = readFileSync(path.join(dir, name), 'utf8');
      const actual = render(splitStatements(text));
      const goldenPath = path.join(dir, name.replace(/\.sql$/, '.golden'));
      if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath, actual);
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
      // streaming in tiny chunks gives the same statements
      for (const size of [1, 2, 3, 7]) {
        const chunks: string[] = [];
        for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
        const streamed: SqlStatement[] = [];
        for await (const s of statementStream(Readable.from(chunks))) streamed.push(s);
        expect(render(streamed)).toBe(actual);
      }
    });
  }

  it('decodes multi-byte characters split across Buffer chunks', async () => {
    const bytes = Buffer.from("SELECT 'héllo → wörld';SELECT 2;", 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const out: SqlStatement[] = [];
    for await (const s of statementStream(Readable.from(chunks))) out.push(s);
    expect(out.map((s) => s.sql)).toEqual(["SELECT 'héllo → wörld'", 'SELECT 2']);
  });
});

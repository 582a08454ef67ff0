import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { lintStatements } from '../../../electron/engine/doctrine';
import { splitStatements } from '../../../electron/engine/sqlfile';

const dir = join(import.meta.dirname, '../../fixtures/doctrine');
const config = workspaceConfigSchema.parse({});

/**
 * `-- expect: rule-a, rule-b` applies to the next line that is neither blank nor a comment:
 * the findings of that file must be exactly these rule ids at exactly those lines.
 */
function expectations(text: string): string[] {
  const lines = text.split('\n');
  const expected: string[] = [];
  let pending: string[] = [];
  lines.forEach((line, index) => {
    const match = /^\s*--\s*expect:\s*(.+)$/.exec(line);
    if (match) pending.push(...match[1]!.split(',').map((rule) => rule.trim()));
    else if (line.trim() !== '' && !/^\s*(--|#)/.test(line)) {
      for (const rule of pending) expected.push(`${index + 1}:${rule}`);
      pending = [];
    }
  });
  return expected.sort();
}

describe('doctrine fixtures (inline -- expect: comments)', () => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.sql'));
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const name of files) {
    it(name, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const findings = lintStatements(splitStatements(text), name, config);
      const actual = findings
        .map((finding) => `${finding.location.kind === 'file' ? finding.location.line : 0}:${finding.code}`)
        .sort();
      expect(actual).toEqual(expectations(text));
      for (const finding of findings) {
        expect(finding.location).toMatchObject({ kind: 'file', file: name });
        expect(finding.message.length).toBeGreaterThan(20);
      }
    });
  }
});

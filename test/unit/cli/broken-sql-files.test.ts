import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { splitStatements } from '../../../electron/engine/sqlfile/index';
import { captureIo } from '../../support/cli-io';

/**
 * Issue 11 §8: an install SQL file the server would read differently (an unterminated
 * string or comment, a bare DELIMITER, binary content) is an error at file:line with exit
 * 2, never a model with the tables after it silently missing.
 */
const TABLE = (name: string) => `CREATE TABLE ${name} (id INT NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB;`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lupo-broken-sql-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inspectSql(name: string, content: string | Buffer) {
  await writeFile(join(dir, name), content);
  const io = captureIo({ cwd: dir });
  const code = await runCli(['inspect', '--sql', name], io);
  return { code, err: io.err.join(''), out: io.out.join('') };
}

describe('broken install SQL files', () => {
  it('reads a sound file fully (the control case)', async () => {
    const { code, out } = await inspectSql('ok.sql', [TABLE('a'), TABLE('b'), TABLE('c')].join('\n'));
    expect(code).toBe(0);
    expect(out).toContain('SQL file: 3 CREATE TABLE statements');
  });

  it.each([
    [
      'unterminated string',
      `${TABLE('a')}\nINSERT INTO a VALUES ('oops);\n${TABLE('b')}\n${TABLE('c')}\n`,
      2,
      /string \('\) is never closed: it starts at line 2, column 23/,
    ],
    ['unterminated comment', `${TABLE('a')}\n\n/* a note\n${TABLE('b')}\n`, 3, /comment \/\* … is never closed/],
    [
      'unterminated quoted name',
      `${TABLE('a')}\nCREATE TABLE \`b (id INT);\n${TABLE('c')}\n`,
      2,
      /quoted name \(`\) is never closed/,
    ],
    ['bare DELIMITER', `${TABLE('a')}\nDELIMITER\n${TABLE('b')}\n`, 2, /DELIMITER without a delimiter/],
    ['DELIMITER at the end of the file', `${TABLE('a')}\nDELIMITER`, 2, /DELIMITER without a delimiter/],
  ])('%s: exit 2 at file:line', async (_name, content, line, message) => {
    const file = `${_name.replaceAll(' ', '-')}.sql`;
    const { code, err } = await inspectSql(file, content);
    expect(code).toBe(2);
    expect(err).toContain(`${join(dir, file)}:${line}:`);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/this is a bug/i);
  });

  it('refuses binary content: a gzip dump, a NUL byte, bytes that are not UTF-8', async () => {
    const gz = await inspectSql('dump.sql', gzipSync(Buffer.from(TABLE('a').repeat(50))));
    expect(gz.code).toBe(2);
    expect(gz.err).toMatch(/dump\.sql:1: Line 1 holds .*: this is not a SQL text file/);
    const nul = await inspectSql('nul.sql', `${TABLE('a')}\n${TABLE('b')}\nINSERT INTO a VALUES (1);\u0000\n`);
    expect(nul.code).toBe(2);
    expect(nul.err).toMatch(/nul\.sql:3: Line 3 holds a NUL byte/);
    const latin1 = await inspectSql(
      'latin1.sql',
      Buffer.concat([Buffer.from(`${TABLE('a')}\n-- caf`), Buffer.from([0xe9]), Buffer.from(`\n${TABLE('b')}\n`)]),
    );
    expect(latin1.code).toBe(2);
    expect(latin1.err).toMatch(/latin1\.sql:2: Line 2 holds bytes that are not UTF-8 text/);
  });

  it('stops `lupo lint` and `lupo apply` of a broken migration file at file:line, before any connection', async () => {
    await writeFile(
      join(dir, 'V9__broken.sql'),
      "-- broken\nCREATE TABLE t (id INT);\nINSERT INTO t VALUES ('oops);\n",
    );
    const lint = captureIo({ cwd: dir });
    expect(await runCli(['lint', 'V9__broken.sql'], lint)).toBe(2);
    expect(lint.err.join('')).toContain("V9__broken.sql:3: The string (') is never closed");
    const apply = captureIo({ cwd: dir });
    expect(await runCli(['apply', 'V9__broken.sql', '--yes', '--url', 'mysql://root@127.0.0.1:1'], apply)).toBe(2);
    expect(apply.err.join('')).toContain(`${join(dir, 'V9__broken.sql')}:3: The string (') is never closed`);
    expect(apply.err.join('')).not.toMatch(/ECONNREFUSED|this is a bug/);
  });

  it('keeps the splitter exact on what is valid: a DELIMITER block, a comment at the end, a quote inside a comment', () => {
    const sql = `DELIMITER $$\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET @x = ';'; END$$\nDELIMITER ;\n/* it's fine */ SELECT 1; -- trailing "`;
    expect(splitStatements(sql).map((s) => s.line)).toEqual([2, 4]);
    expect(() => splitStatements("SELECT 'a")).toThrow(/never closed: it starts at line 1, column 8/);
  });
});

import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

let db: string;
let drop: () => Promise<void>;
const url = (): string => inject('mysqlUrl');

beforeAll(async () => {
  const scratch = await createScratchDatabases(url(), ['cliq']);
  db = scratch.names[0]!;
  drop = scratch.drop;
  const c = await mysql.createConnection({ uri: url(), database: db, multipleStatements: true });
  await c.query(`CREATE TABLE t (t_id BIGINT PRIMARY KEY, label VARCHAR(20) NULL);
    INSERT INTO t VALUES (1, 'a,b'), (2, NULL), (3, 'tab\there');`);
  await c.end();
});
afterAll(() => drop?.());

const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
  const io = captureIo();
  const code = await runCli(['query', ...args, '--url', url(), '--core-db', db], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
};

describe('lupo query (real server)', () => {
  it('streams CSV, TSV, JSON and a table', async () => {
    expect(await run('SELECT t_id, label FROM t ORDER BY t_id', '--format', 'csv')).toMatchObject({
      code: 0,
      out: 't_id,label\r\n1,"a,b"\r\n2,\r\n3,tab\there\r\n',
    });
    expect((await run('SELECT t_id, label FROM t ORDER BY t_id', '--format', 'tsv')).out).toBe(
      't_id\tlabel\n1\ta,b\n2\t\\N\n3\ttab\\there\n',
    );
    expect(
      JSON.parse((await run('SELECT t_id, label FROM t WHERE t_id < 3 ORDER BY t_id', '--format', 'json')).out),
    ).toEqual([
      { t_id: '1', label: 'a,b' },
      { t_id: '2', label: null },
    ]);
    const table = await run('SELECT t_id FROM t WHERE t_id = 1');
    expect(table.out).toContain('| t_id |');
    expect(table.out).toContain('1 row(s)');
  });

  it('refuses writes without --yes and always with --read-only; runs them with --yes', async () => {
    const refused = await run("UPDATE t SET label = 'x' WHERE t_id = 1");
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/nothing was sent[\s\S]*--yes/);
    const readOnly = await run("UPDATE t SET label = 'x' WHERE t_id = 1", '--yes', '--read-only');
    expect(readOnly.code).toBe(2);
    expect(readOnly.err).toMatch(/--read-only: "update rows" was not sent/);
    const done = await run("UPDATE t SET label = 'x' WHERE t_id = 1", '--yes');
    expect(done).toMatchObject({ code: 0, err: '1 row(s) affected\n' });
    expect((await run('SELECT label FROM t WHERE t_id = 1', '--format', 'csv')).out).toBe('label\r\nx\r\n');
  });
});

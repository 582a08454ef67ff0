import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../../electron/engine/connection/session';
import { exportResult } from '../../../electron/engine/query/export-result';
import { readExplainJson } from '../../../electron/engine/query/explain-plan';
import { QueryHistory } from '../../../electron/engine/query/query-history';
import { QuerySession } from '../../../electron/engine/query/query-session';
import { createScratchDatabases } from '../../support/databases';
import { sessionFor } from '../planner/support';

let session: Session;
let db: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  const scratch = await createScratchDatabases(inject('mysqlUrl'), ['qs']);
  db = scratch.names[0]!;
  drop = scratch.drop;
  session = await sessionFor(inject('mysqlUrl'));
  const c = await mysql.createConnection({ uri: inject('mysqlUrl'), database: db, multipleStatements: true });
  await c.query(`
    CREATE TABLE item (item_id BIGINT PRIMARY KEY, name VARCHAR(50) NULL, price DECIMAL(10,2), created_ymdhis BIGINT NOT NULL, is_deleted TINYINT NOT NULL DEFAULT 0);
    CREATE TABLE tag (tag_id BIGINT PRIMARY KEY, item_id BIGINT NOT NULL, label VARCHAR(20));
    INSERT INTO item SELECT seq, CONCAT('n', seq), seq / 4, 20260101000000 + seq, seq % 10 = 0 FROM seq_1_to_5000;
    INSERT INTO tag SELECT seq, seq, 'x' FROM seq_1_to_50;`);
  await c.end();
});

afterAll(async () => {
  await session?.close();
  await drop?.();
});

async function processIds(): Promise<number[]> {
  const [rows] = await session.pool.query<RowDataPacket[]>(
    'SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ?',
    ['SELECT SLEEP(30)%'],
  );
  return rows.map((r) => Number(r.ID));
}

describe('QuerySession (real server)', () => {
  it('streams a result in pages with typed columns, holding no more than asked', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const first = await q.run('SELECT item_id, name, price, created_ymdhis FROM item ORDER BY item_id', 1000);
      expect(first.columns.map((c) => [c.name, c.type, c.primaryKey])).toEqual([
        ['item_id', 'LONGLONG', true],
        ['name', 'VAR_STRING', false],
        ['price', 'NEWDECIMAL', false],
        ['created_ymdhis', 'LONGLONG', false],
      ]);
      expect(first.rows).toHaveLength(1000);
      expect(first.done).toBe(false);
      expect(first.rows[0]).toEqual(['1', 'n1', '0.25', '20260101000001']);
      const second = await q.fetch(first.resultId, 1500);
      expect(second.rows[0]![0]).toBe('1001');
      expect(second.rowsFetched).toBe(2500);
      const rest = await q.fetch(first.resultId, 100_000);
      expect(rest.done).toBe(true);
      expect(rest.rowsFetched).toBe(5000);
    } finally {
      await q.close();
    }
  });

  it('discards a half-read result when the next statement runs, and reports affected rows and warnings', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const open = await q.run('SELECT * FROM item', 10);
      expect(open.done).toBe(false);
      const update = await q.run("UPDATE tag SET label = 'y' WHERE tag_id <= 3", 10);
      expect(update.affectedRows).toBe(3);
      await expect(q.fetch(open.resultId, 10)).rejects.toMatchObject({ code: 'query/result-gone' });
      const warned = await q.run("SELECT CAST('12abc' AS SIGNED) AS n", 10);
      expect(warned.warnings[0]).toMatchObject({ level: 'Warning', code: 1292 });
    } finally {
      await q.close();
    }
  });

  it('cancels SELECT SLEEP(30) with KILL QUERY; the console connection survives', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const running = q.run('SELECT SLEEP(30) AS slept', 10).catch((error: unknown) => error);
      await expect.poll(processIds, { timeout: 5000 }).toHaveLength(1);
      const started = Date.now();
      expect(await q.cancel()).toBe(true);
      const outcome = await running;
      expect(Date.now() - started).toBeLessThan(5000);
      // MariaDB interrupts SLEEP with a result of 1 or an ER_QUERY_INTERRUPTED error.
      if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'query/cancelled' });
      else expect((outcome as { rows: unknown[][] }).rows[0]).toEqual([1]);
      expect(await processIds()).toEqual([]);
      const after = await q.run('SELECT CONNECTION_ID() AS id', 10);
      expect(Number(after.rows[0]![0])).toBe(q.threadId);
    } finally {
      await q.close();
    }
  });

  it('a read-only console refuses writes before sending them (general log shows none)', async () => {
    const q = await QuerySession.open(session, { readOnly: true, database: db });
    const marker = `lupo_marker_${Date.now()}`;
    await session.pool.query("SET GLOBAL log_output = 'TABLE'");
    await session.pool.query('SET GLOBAL general_log = 1');
    try {
      await expect(q.run(`UPDATE item SET name = '${marker}' WHERE item_id = 1`, 10)).rejects.toMatchObject({
        code: 'query/read-only',
      });
      await expect(q.run(`DROP TABLE item /* ${marker} */`, 10)).rejects.toMatchObject({ code: 'query/read-only' });
      const checks = await q.check(`SELECT 1; DELETE FROM item WHERE item_id = 2 /* ${marker} */`);
      expect(checks.map((c) => c.refused !== undefined)).toEqual([false, true]);
      await q.run(`SELECT '${marker}_read' AS m`, 10);
      const [logged] = await session.pool.query<RowDataPacket[]>(
        "SELECT CONVERT(argument USING utf8mb4) AS a FROM mysql.general_log WHERE CONVERT(argument USING utf8mb4) LIKE ? AND command_type = 'Query' AND thread_id = ?",
        [`%${marker}%`, q.threadId],
      );
      expect(logged.map((r) => String(r.a))).toEqual([`SELECT '${marker}_read' AS m`]);
    } finally {
      await session.pool.query('SET GLOBAL general_log = 0');
      await session.pool.query("SET GLOBAL log_output = 'FILE'");
      await q.close();
    }
  });

  it('on a writable console: counts rows that will change, asks the typed confirmation, refuses a missing WHERE', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const [check] = await q.check('DELETE FROM tag WHERE tag_id > 40');
      expect(check).toMatchObject({ access: 'data', destructive: true, rowsToChange: 10, confirmWith: db });
      await expect(q.run('DELETE FROM tag WHERE tag_id > 40', 10)).rejects.toMatchObject({
        code: 'query/confirmation-needed',
      });
      await expect(q.run("UPDATE tag SET label = 'z'", 10)).rejects.toMatchObject({ code: 'query/missing-where' });
      const [all] = await q.check("UPDATE tag SET label = 'z'");
      expect(all).toMatchObject({ missingWhere: true, rowsToChange: 50 });
      const deleted = await q.run('DELETE FROM tag WHERE tag_id > 40', 10, { typed: db });
      expect(deleted.affectedRows).toBe(10);
      const ddl = await q.run('CREATE TABLE scratch_x (scratch_x_id BIGINT PRIMARY KEY)', 10);
      expect(ddl.bypassesLedger).toBe(true);
    } finally {
      await q.close();
    }
  });

  it('marks where a syntax error is', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const sql = 'SELECT item_id\nFROM item\nWHER item_id = 1';
      const error = await q.run(sql, 10).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'query/server-error', details: { line: 3 } });
      const offset = (error as { details: { offset: number } }).details.offset;
      expect(sql.slice(offset)).toMatch(/^WHER|^item_id = 1/);
    } finally {
      await q.close();
    }
  });

  it('records history with secrets masked, searchable', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lupo-history-'));
    const history = new QueryHistory(dir);
    const q = await QuerySession.open(
      session,
      { readOnly: false, database: db },
      (r) => void history.append({ at: new Date().toISOString(), profile: 'local', database: db, ...r }),
    );
    try {
      await q.run('SELECT COUNT(*) FROM tag', 10);
      await q.run("CREATE USER IF NOT EXISTS 'lupo_hist'@'localhost' IDENTIFIED BY 's3cret-pw'", 10);
      await q.run("DROP USER IF EXISTS 'lupo_hist'@'localhost'", 10, { typed: db });
    } finally {
      await q.close();
    }
    const text = await readFile(path.join(dir, 'query-history.jsonl'), 'utf8');
    expect(text).not.toContain('s3cret-pw');
    const found = await history.search('create user', 10);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ profile: 'local', database: db, rows: 0 });
    expect(found[0]!.sql).toContain("IDENTIFIED BY '***'");
    expect((await history.search('', 10)).map((e) => e.sql)[2]).toBe('SELECT COUNT(*) FROM tag');
  });

  it('exports a whole result to CSV and JSON streamed from a connection of its own', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lupo-export-'));
    const csv = path.join(dir, 'items.csv');
    const progress: string[] = [];
    const result = await exportResult(session.pool, {
      sql: 'SELECT item_id, CONCAT(name, \',"q"\') AS label FROM item ORDER BY item_id',
      database: db,
      format: 'csv',
      path: csv,
      sink: (e) => (e.type === 'progress' && e.detail ? progress.push(e.detail) : undefined),
    });
    expect(result.rows).toBe(5000);
    const lines = (await readFile(csv, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('item_id,label');
    expect(lines[1]).toBe('1,"n1,""q"""');
    expect(lines).toHaveLength(5002);
    expect(progress.at(-1)).toBe('5,000 rows written');
    const json = path.join(dir, 'tags.json');
    await exportResult(session.pool, {
      sql: 'SELECT tag_id, label FROM tag WHERE tag_id < 3',
      database: db,
      format: 'json',
      path: json,
    });
    expect(JSON.parse(await readFile(json, 'utf8'))).toEqual([
      { tag_id: '1', label: 'y' },
      { tag_id: '2', label: 'y' },
    ]);
    await expect(
      exportResult(session.pool, { sql: 'DELETE FROM tag', database: db, format: 'csv', path: json }),
    ).rejects.toMatchObject({
      code: 'query/not-a-read',
    });
  });

  it('reads EXPLAIN FORMAT=JSON of a join into plan nodes with a full-scan warning', async () => {
    const q = await QuerySession.open(session, { readOnly: true, database: db });
    try {
      const rows = await q.query<RowDataPacket[]>(
        'EXPLAIN FORMAT=JSON SELECT * FROM item i JOIN tag t ON t.item_id = i.item_id WHERE i.name LIKE "n1%"',
      );
      const nodes = readExplainJson(String(Object.values(rows[0]!)[0]));
      expect(nodes.map((n) => n.table).sort()).toEqual(['i', 't']);
      const item = nodes.find((n) => n.table === 'i')!;
      const tag = nodes.find((n) => n.table === 't')!;
      expect([item.accessType, tag.accessType]).toContain('ALL');
      expect(
        nodes.some((n) => n.accessType === 'eq_ref' && n.key === 'PRIMARY') ||
          nodes.every((n) => n.accessType === 'ALL'),
      ).toBe(true);
      expect(nodes.flatMap((n) => n.warnings).join(' ')).toMatch(/Full scan of `(i|t)`/);
    } finally {
      await q.close();
    }
  });
});

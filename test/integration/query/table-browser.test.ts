import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../../electron/engine/connection/session';
import { browseTable, countTableRows, showCreateTable, toYmdhis } from '../../../electron/engine/query/table-browser';
import { createScratchDatabases } from '../../support/databases';
import { sessionFor } from '../planner/support';

let session: Session;
let db: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  const scratch = await createScratchDatabases(inject('mysqlUrl'), ['tb']);
  db = scratch.names[0]!;
  drop = scratch.drop;
  session = await sessionFor(inject('mysqlUrl'));
  const c = await mysql.createConnection({ uri: inject('mysqlUrl'), database: db, multipleStatements: true });
  await c.query(`
    CREATE TABLE item (item_id BIGINT PRIMARY KEY, name VARCHAR(60) NULL, created_ymdhis BIGINT NOT NULL,
      is_deleted TINYINT NOT NULL DEFAULT 0, deleted_ymdhis BIGINT NOT NULL DEFAULT 0);
    CREATE TABLE x (x_id BIGINT PRIMARY KEY);
    INSERT INTO x VALUES (1);
    INSERT INTO item SELECT seq, CONCAT('n', seq), 20260101000000 + seq * 1000000, seq % 10 = 0, 0 FROM seq_1_to_250;
    INSERT INTO item VALUES (1000, 'O''Brien', 20260301120000, 0, 0);`);
  await c.query('INSERT INTO item VALUES (1001, ?, 20260301120000, 0, 0)', ["'; DROP TABLE x; --"]);
  await c.query('ANALYZE TABLE item');
  await c.end();
});

afterAll(async () => {
  await session?.close();
  await drop?.();
});

const base = () => ({ database: db, table: 'item', limit: 100, offset: 0 });

describe('table browser (real server)', () => {
  it('pages with LIMIT/OFFSET in primary-key order and hides soft-deleted rows by default', async () => {
    const first = await browseTable(session.pool, base());
    expect(first.softDelete).toBe(true);
    expect(first.rows).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    expect(first.columns.map((c) => c.name)).toEqual([
      'item_id',
      'name',
      'created_ymdhis',
      'is_deleted',
      'deleted_ymdhis',
    ]);
    expect(first.rows.slice(0, 10).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '11']);
    const third = await browseTable(session.pool, { ...base(), offset: 200 });
    // 250 rows, 25 soft-deleted, plus 2 named ones: 227 visible.
    expect(third.rows).toHaveLength(27);
    expect(third.hasMore).toBe(false);
    const all = await browseTable(session.pool, { ...base(), showDeleted: true, offset: 200 });
    expect(all.rows).toHaveLength(52);
    expect(all.rows.some((r) => r[0] === '250')).toBe(true);
  });

  it('sorts by a chosen column, descending', async () => {
    const page = await browseTable(session.pool, {
      ...base(),
      limit: 3,
      orderBy: { column: 'name', direction: 'desc' },
    });
    expect(page.rows.map((r) => r[1])).toEqual(["O'Brien", 'n99', 'n98']);
    await expect(
      browseTable(session.pool, { ...base(), orderBy: { column: 'name`; DROP', direction: 'asc' } }),
    ).rejects.toMatchObject({ code: 'browse/unknown-column' });
  });

  it('binds filter values: a quote and an injection attempt stay values', async () => {
    const quote = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'name', op: 'equals', value: "O'Brien" }],
    });
    expect(quote.rows.map((r) => r[0])).toEqual(['1000']);
    const attack = "'; DROP TABLE x; --";
    const hit = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'name', op: 'equals', value: attack }],
    });
    expect(hit.rows.map((r) => r[1])).toEqual([attack]);
    const contains = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'name', op: 'contains', value: 'DROP TABLE' }],
    });
    expect(contains.rows.map((r) => r[0])).toEqual(['1001']);
    const percent = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'name', op: 'contains', value: '%' }],
    });
    expect(percent.rows).toHaveLength(0);
    const range = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'item_id', op: 'range', from: '5', to: '12' }],
    });
    expect(range.rows.map((r) => r[0])).toEqual(['5', '6', '7', '8', '9', '11', '12']);
    const [tables] = await session.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db, 'x'],
    );
    expect(Number(tables[0]!.n)).toBe(1);
  });

  it('accepts ISO dates on *_ymdhis filters', async () => {
    expect(toYmdhis('2026-03-01')).toBe('20260301000000');
    expect(toYmdhis('2026-03-01', true)).toBe('20260301235959');
    expect(toYmdhis('2026-03-01T12:30:05Z')).toBe('20260301123005');
    expect(toYmdhis('2026-03-01 12:30')).toBe('20260301123000');
    expect(() => toYmdhis('March 1st')).toThrow(/not a date/);
    const day = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'created_ymdhis', op: 'equals', value: '2026-01-05' }],
    });
    // 20260101000000 + 4 * 1000000 = 20260105000000 (item 4).
    expect(day.rows.map((r) => r[0])).toEqual(['4']);
    const range = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'created_ymdhis', op: 'range', from: '2026-01-03', to: '2026-01-04T00:00:00Z' }],
    });
    expect(range.rows.map((r) => r[0])).toEqual(['2', '3']);
  });

  it('runs a raw WHERE as a read and refuses a second statement or a write', async () => {
    const page = await browseTable(session.pool, { ...base(), where: "name LIKE 'n1_' -- comment" });
    expect(page.rows).toHaveLength(9);
    // A `?` typed in the raw text is the operator's, not a placeholder for a filter value.
    const mark = await browseTable(session.pool, {
      ...base(),
      filters: [{ column: 'name', op: 'contains', value: 'n1' }],
      where: "name NOT LIKE '%?%' AND '?' = '?'",
    });
    expect(mark.rows).toHaveLength(100);
    expect(mark.sql).toContain('`name` LIKE ?');
    await expect(
      browseTable(session.pool, { ...base(), where: "1; UPDATE item SET name = 'x'" }),
    ).rejects.toMatchObject({
      code: 'browse/where-not-read',
    });
    await expect(
      countTableRows(session.pool, { database: db, table: 'item', where: '1 INTO OUTFILE "/tmp/lupo-x"' }),
    ).rejects.toMatchObject({ code: 'browse/where-not-read' });
    const [tables] = await session.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db, 'x'],
    );
    expect(Number(tables[0]!.n)).toBe(1);
  });

  it('stops a read that runs past its time limit', async () => {
    await expect(
      browseTable(session.pool, { ...base(), where: '(SELECT SLEEP(5)) = 0', timeoutSeconds: 1 }),
    ).rejects.toMatchObject({ code: 'browse/timeout' });
    // The pooled connections come back without the limit.
    const [rows] = await session.pool.query<RowDataPacket[]>('SELECT SLEEP(1.2) AS s');
    expect(Number(rows[0]!.s)).toBe(0);
  });

  it('gives the estimate with each page and the exact count on demand', async () => {
    const page = await browseTable(session.pool, base());
    expect(page.estimatedRows).toBeGreaterThan(200);
    expect(page.estimatedRows).toBeLessThan(300);
    expect(await countTableRows(session.pool, { database: db, table: 'item' })).toBe(227);
    expect(await countTableRows(session.pool, { database: db, table: 'item', showDeleted: true })).toBe(252);
    expect(
      await countTableRows(session.pool, {
        database: db,
        table: 'item',
        filters: [{ column: 'name', op: 'contains', value: 'n1' }],
      }),
    ).toBe(1 + 10 + 100 - 1 - 10);
  });

  it('pages by key (keyset) when sorted by the primary key, a unique or a NOT NULL column: no rows skipped by reading them', async () => {
    const c = await mysql.createConnection({ uri: inject('mysqlUrl'), database: db });
    await c.query(
      'CREATE TABLE big (big_id BIGINT PRIMARY KEY, code VARCHAR(12) NOT NULL, UNIQUE KEY uq_code (code), v INT NOT NULL)',
    );
    await c.query("INSERT INTO big SELECT seq, CONCAT('c', LPAD(seq, 6, '0')), seq % 7 FROM seq_1_to_100000");
    await c.end();
    // One connection, so its session counters see every row the browser's reads touch.
    const one = mysql.createPool({
      uri: inject('mysqlUrl'),
      connectionLimit: 1,
      bigNumberStrings: true,
      supportBigNumbers: true,
    });
    const rowsRead = async (read: () => Promise<unknown>): Promise<number> => {
      const count = async (): Promise<number> => {
        const [status] = await one.query<RowDataPacket[]>(
          "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_rnd_next', 'Handler_read_prev')",
        );
        return status.reduce((sum, r) => sum + Number(r.Value), 0);
      };
      const before = await count();
      await read();
      return (await count()) - before;
    };
    try {
      const big = { database: db, table: 'big', limit: 100, offset: 90_000 };
      let byOffset: Awaited<ReturnType<typeof browseTable>> | undefined;
      const offsetReads = await rowsRead(async () => (byOffset = await browseTable(one, big)));
      expect(byOffset!.rows[0]![0]).toBe('90001');
      expect(offsetReads).toBeGreaterThan(90_000);
      // The page after row 90000 (what "Next" sends from the page that ended there).
      let bySeek: Awaited<ReturnType<typeof browseTable>> | undefined;
      const seekReads = await rowsRead(async () => (bySeek = await browseTable(one, { ...big, after: ['90000'] })));
      expect(bySeek!.rows).toEqual(byOffset!.rows);
      expect(bySeek!.seek).toEqual({ first: ['90001'], last: ['90100'] });
      expect(seekReads).toBeLessThan(500);
      // Backwards: the page before row 90001 is rows 89901–90000, in order.
      const back = await browseTable(one, { ...big, before: ['90001'] });
      expect(back.rows.map((r) => r[0])).toEqual(Array.from({ length: 100 }, (_, i) => String(89_901 + i)));
      // Sorted by a unique column, descending: seeks on it.
      const desc = { ...big, offset: 0, orderBy: { column: 'code', direction: 'desc' as const } };
      const first = await browseTable(one, desc);
      expect(first.seek?.last).toEqual(['c099901']);
      const descReads = await rowsRead(async () => {
        const next = await browseTable(one, { ...desc, after: ['c099901'] });
        expect(next.rows[0]![1]).toBe('c099900');
      });
      expect(descReads).toBeLessThan(500);
      // A two-column primary key seeks on both columns, forwards and backwards.
      await one.query(`CREATE TABLE \`${db}\`.pair (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b))`);
      await one.query(
        `INSERT INTO \`${db}\`.pair SELECT x.seq, y.seq FROM \`${db}\`.seq_1_to_3 x, \`${db}\`.seq_1_to_3 y`,
      );
      const pair = { database: db, table: 'pair', limit: 2, offset: 2 };
      const after = await browseTable(one, { ...pair, after: ['1', '3'] });
      expect(after.rows).toEqual([
        [2, 1],
        [2, 2],
      ]);
      expect(after.seek).toEqual({ first: [2, 1], last: [2, 2] });
      expect((await browseTable(one, { ...pair, before: [2, 1] })).rows).toEqual([
        [1, 2],
        [1, 3],
      ]);
      // A NOT NULL column that is not unique seeks on (column, primary key), ties broken in the same direction.
      const byV = { ...big, offset: 0, limit: 50, orderBy: { column: 'v', direction: 'desc' as const } };
      const firstV = await browseTable(one, byV);
      expect(firstV.sql).toContain('ORDER BY `v` DESC, `big_id` DESC');
      expect(firstV.seek?.last).toEqual([6, '99651']);
      const nextV = await browseTable(one, { ...byV, offset: 50, after: firstV.seek!.last });
      expect(nextV.rows).toEqual((await browseTable(one, { ...byV, offset: 50 })).rows);
      expect(nextV.rows[0]!.slice(0, 1)).toEqual(['99644']);
      // A nullable column does not seek (NULLs do not compare): OFFSET pages.
      const byName = { database: db, table: 'item', limit: 5, offset: 0 };
      expect(
        (await browseTable(one, { ...byName, orderBy: { column: 'name', direction: 'asc' } })).seek,
      ).toBeUndefined();
    } finally {
      await one.end();
    }
  });

  it('shows the server CREATE TABLE text', async () => {
    const text = await showCreateTable(session.pool, db, 'item');
    expect(text).toMatch(/^CREATE TABLE `item`/);
    expect(text).toContain('`created_ymdhis` bigint');
    await expect(browseTable(session.pool, { ...base(), table: 'nope' })).rejects.toMatchObject({
      code: 'browse/no-table',
    });
  });
});

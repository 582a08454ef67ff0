import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../../electron/engine/connection/session';
import { QuerySession } from '../../../electron/engine/query/query-session';
import { copyRows } from '../../../renderer/src/lib/copy-rows';
import { createScratchDatabases } from '../../support/databases';
import { sessionFor } from '../planner/support';

let session: Session;
let db: string;
let drop: () => Promise<void>;

// Values that trip naive formatters: quotes, backslashes, line breaks, a TEXT that looks like hex,
// leading zeros in text, bytes that are not UTF-8, a BIT, an empty binary, big and exact numbers.
// JSON as the server stores it: spacing kept, and a JSON `null` is not SQL NULL.
const SETUP = `
  CREATE TABLE kinds (kinds_id BIGINT PRIMARY KEY, n INT NULL, big BIGINT NULL, price DECIMAL(20,4) NULL,
    ratio DOUBLE NULL, label VARCHAR(60) NULL, body TEXT NULL, bytes VARBINARY(16) NULL, blob_col BLOB NULL,
    flag BIT(3) NULL, day DATE NULL, doc JSON NULL);
  INSERT INTO kinds VALUES
    (1, -7, 9007199254740993, 12345678901234.5678, 0.1, 'it''s "quoted"\\\\ and\\ttab', 'line1\\nline2\\r\\n', 0x00ff10, X'', b'101', '2026-12-02', '{"a": [1, "x"]}'),
    (2, NULL, NULL, NULL, NULL, NULL, '0xab', NULL, NULL, NULL, NULL, NULL),
    (3, 0, -1, -0.5, -2.5e-10, '007', '', X'', 0xdeadbeef, b'0', '1999-01-31', 'null');`;

beforeAll(async () => {
  const scratch = await createScratchDatabases(inject('mysqlUrl'), ['copy']);
  db = scratch.names[0]!;
  drop = scratch.drop;
  session = await sessionFor(inject('mysqlUrl'));
  const c = await mysql.createConnection({ uri: inject('mysqlUrl'), database: db, multipleStatements: true });
  await c.query(SETUP);
  await c.query('CREATE TABLE kinds_copy LIKE kinds');
  await c.end();
});

afterAll(async () => {
  await session?.close();
  await drop?.();
});

/** Every row of `table` as the server prints it (HEX for bytes), for an exact comparison. */
async function dump(table: string): Promise<RowDataPacket[]> {
  const [rows] = await session.pool.query<RowDataPacket[]>(
    `SELECT kinds_id, n, big, price, ratio, label, body, HEX(bytes) AS bytes, HEX(blob_col) AS blob_col,
       flag + 0 AS flag, day, HEX(doc) AS doc FROM ${db}.${table} ORDER BY kinds_id`,
  );
  return rows;
}

describe('copy formats of a console result (real server)', () => {
  it('SQL INSERT copied from the grid recreates the rows exactly when run', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const page = await q.run('SELECT * FROM kinds ORDER BY kinds_id', 100);
      const all = { rows: page.rows.map((_, i) => i), columns: page.columns.map((_, i) => i) };
      const sql = copyRows('sql', page.columns, page.rows, all);
      expect(sql).toContain(`INSERT INTO \`${db}\`.\`kinds\` (\`kinds_id\`, \`n\`, `);
      // text that looks like a number or like hex stays a quoted string; binary is a hex literal
      expect(sql).toContain("'007'");
      expect(sql).toContain("'0xab'");
      expect(sql).toContain('0xdeadbeef');
      expect(sql).toContain("X''");
      const c = await mysql.createConnection({ uri: inject('mysqlUrl'), database: db, multipleStatements: true });
      await c.query(sql.replaceAll('`.`kinds` (', '`.`kinds_copy` ('));
      await c.end();
      expect(await dump('kinds_copy')).toEqual(await dump('kinds'));
    } finally {
      await q.close();
    }
  });

  it('TSV, Markdown and JSON of a selection: the chosen rows and columns only', async () => {
    const q = await QuerySession.open(session, { readOnly: false, database: db });
    try {
      const page = await q.run('SELECT kinds_id, label, body, big FROM kinds ORDER BY kinds_id', 100);
      const pick = { rows: [0, 1], columns: [0, 1, 3] };
      expect(copyRows('tsv', page.columns, page.rows, pick)).toBe(
        '1\tit\'s "quoted"\\\\ and\\ttab\t9007199254740993\n2\t\\N\t\\N\n',
      );
      expect(copyRows('markdown', page.columns, page.rows, pick)).toBe(
        '| kinds_id | label | big |\n| --- | --- | --- |\n| 1 | it\'s "quoted"\\ and\ttab | 9007199254740993 |\n| 2 | NULL | NULL |\n',
      );
      expect(JSON.parse(copyRows('json', page.columns, page.rows, pick))).toEqual([
        { kinds_id: '1', label: 'it\'s "quoted"\\ and\ttab', big: '9007199254740993' },
        { kinds_id: '2', label: null, big: null },
      ]);
      // one cell copies as its bare value (what a spreadsheet or an editor expects)
      expect(copyRows('tsv', page.columns, page.rows, { rows: [0], columns: [2] })).toBe('line1\nline2\r\n');
    } finally {
      await q.close();
    }
  });
});

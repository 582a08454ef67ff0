import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import { backupScope, writeTableBackup } from '../../../electron/engine/orchestrator/table-backup';
import { ymdhis } from '../../../electron/engine/orchestrator/ymdhis';
import { createScratchDatabases } from '../../support/databases';
import { runSqlText } from '../planner/support';

/** Every column kind a backup must carry exactly. */
const TABLE = `CREATE TABLE kinds (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  hidden varchar(20) INVISIBLE DEFAULT 'h',
  place point DEFAULT NULL,
  shape geometry DEFAULT NULL,
  raw varbinary(16) DEFAULT NULL,
  big longblob,
  flags bit(5) DEFAULT NULL,
  latin varchar(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,
  note text,
  doc json DEFAULT NULL,
  price decimal(30,10) DEFAULT NULL,
  ratio double DEFAULT NULL,
  small float DEFAULT NULL,
  huge bigint unsigned DEFAULT NULL,
  at_dt datetime(6) DEFAULT NULL,
  at_ts timestamp(3) NULL DEFAULT NULL,
  at_time time(6) DEFAULT NULL,
  yr year DEFAULT NULL,
  pick enum('a','b','c') DEFAULT NULL,
  many set('x','y','z') DEFAULT NULL,
  total decimal(31,10) GENERATED ALWAYS AS (price * 2) VIRTUAL,
  upper_note varchar(40) GENERATED ALWAYS AS (upper(left(note, 40))) STORED,
  PRIMARY KEY (id)
) ENGINE=InnoDB`;

const ROWS = `INSERT INTO kinds (id, hidden, place, shape, raw, big, flags, latin, note, doc, price, ratio, small, huge, at_dt, at_ts, at_time, yr, pick, many) VALUES
  (0, 'zero id', ST_GeomFromText('POINT(1.5 -2.25)'), ST_GeomFromText('POLYGON((0 0,3 0,3 3,0 0))'), X'00275C0A0D1A22FF', REPEAT(X'00FF5C27', 3000),
   b'10101', _latin1 X'C5E46F27', 'multi\\nline ''quoted'' \\\\ back', '{"a": [1, 2.5, "x"]}', 12345678901234567890.0123456789, 0.1, 1.1,
   18446744073709551615, '2024-02-29 23:59:59.123456', '2024-03-31 01:30:00.125', '-838:59:59.000000', 2155, 'b', 'x,z'),
  (7, 'seven', NULL, NULL, X'', X'', b'0', '', '', NULL, -0.0000000001, -1e300, -3.4e38, 0, '0000-00-00 00:00:00', '0000-00-00 00:00:00', '00:00:00', 0, 'a', ''),
  (8, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;

describe('pre-rollback backups restore exactly', () => {
  const url = inject('mysqlUrl');
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let db: string;
  let connection: mysql.Connection;

  const checksum = async (): Promise<string> => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(`CHECKSUM TABLE \`${db}\`.kinds EXTENDED`);
    return String(rows[0]?.Checksum);
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['sec_backup']);
    db = scratch.names[0]!;
    connection = await mysql.createConnection({ uri: url, database: db });
    await connection.query("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+02:00'");
  });
  afterAll(async () => {
    await connection?.end();
    await scratch?.drop();
  });

  const fresh = async (): Promise<string> => {
    await connection.query('DROP TABLE IF EXISTS kinds');
    await connection.query(TABLE);
    await connection.query(ROWS);
    return checksum();
  };

  it('a dropped table comes back with every column kind byte-exact (CHECKSUM TABLE equal)', async () => {
    const before = await fresh();
    const dir = await mkdtemp(join(tmpdir(), 'lupo-backup-'));
    const path = await writeTableBackup(connection, db, ['kinds'], dir, 'batch-1');
    const text = await readFile(path, 'utf8');
    expect(text).toContain('`hidden`');
    expect(text).toContain('ST_GeomFromWKB(');
    expect(text).not.toMatch(/INSERT INTO `kinds` \([^)]*`total`/);
    await connection.query('DROP TABLE kinds');
    await runSqlText(url, db, text);
    expect(await checksum()).toBe(before);
    const [hidden] = await connection.query<mysql.RowDataPacket[]>('SELECT id, hidden FROM kinds ORDER BY id');
    expect(hidden.map((r) => r.hidden)).toEqual(['zero id', 'seven', null]);
  });

  it('a column-drop backup restores the columns in place (UPDATE by primary key)', async () => {
    const before = await fresh();
    const dir = await mkdtemp(join(tmpdir(), 'lupo-backup-'));
    const scope = backupScope([
      { table: 'kinds', column: 'raw', rows: true },
      { table: 'kinds', column: 'place', rows: true },
      { table: 'kinds', column: 'hidden', rows: true },
    ]);
    expect(scope).toEqual({ tables: ['kinds'], columns: new Map([['kinds', ['raw', 'place', 'hidden']]]) });
    const path = await writeTableBackup(connection, db, scope.tables, dir, 'batch-2', scope.columns);
    await connection.query('ALTER TABLE kinds DROP COLUMN raw, DROP COLUMN place, DROP COLUMN hidden');
    await connection.query("UPDATE kinds SET note = 'changed after the drop' WHERE id = 8");
    await connection.query('UPDATE kinds SET note = NULL WHERE id = 8');
    await runSqlText(url, db, await readFile(path, 'utf8'));
    expect(await checksum()).toBe(before);
  });

  it('never replaces a backup of the same label and second: the next one gets "-2", "-3"', async () => {
    await fresh();
    const dir = await mkdtemp(join(tmpdir(), 'lupo-backup-'));
    // Earlier backups under every name the next few seconds could give (the writer takes
    // its time stamp itself): whichever second it lands in, its plain name is taken.
    const now = Date.now();
    const earlier = [0, 1000, 2000, 3000].map((ms) =>
      join(dir, `backup-${db}-batch-4-resume-${ymdhis(new Date(now + ms))}.sql`),
    );
    for (const path of earlier) await writeFile(path, `-- earlier backup ${path}\n`);
    const second = await writeTableBackup(connection, db, ['kinds'], dir, 'batch-4-resume');
    const third = await writeTableBackup(connection, db, ['kinds'], dir, 'batch-4-resume');
    expect(second).toMatch(/-batch-4-resume-\d{14}-2\.sql$/);
    expect(third).toMatch(/-batch-4-resume-\d{14}-(2|3)\.sql$/);
    expect(third).not.toBe(second);
    for (const path of earlier) expect(await readFile(path, 'utf8')).toBe(`-- earlier backup ${path}\n`);
    expect(await readFile(second, 'utf8')).toContain('INSERT INTO `kinds`');
    expect(await readFile(third, 'utf8')).toContain('INSERT INTO `kinds`');
    // Nothing but the backups: no temp file left behind.
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('a full disk gives a typed error naming the folder and leaves no temp file', async () => {
    await fresh();
    await connection.query("UPDATE kinds SET big = REPEAT(X'AB', 200000) WHERE id = 7");
    // A real full file system: a 64 KiB tmpfs (the test runs as root, as CI does here).
    const dir = await mkdtemp(join(tmpdir(), 'lupo-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    try {
      const error = await writeTableBackup(connection, db, ['kinds'], dir, 'batch-3').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LupoError);
      expect((error as LupoError).code).toBe('backup/write-failed');
      expect((error as LupoError).message).toBe(`The backup could not be written into ${dir}: the disk is full.`);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
    }
  });
});

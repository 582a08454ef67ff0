import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../../electron/engine/connection/session';
import { applyChangeSet, reviewChangeSet, type RowChange } from '../../../electron/engine/query/change-set';
import { ymdhis } from '../../../electron/engine/orchestrator/ymdhis';
import { createScratchDatabases } from '../../support/databases';
import { sessionFor } from '../planner/support';

let session: Session;
let db: string;
let drop: () => Promise<void>;
let other: mysql.Connection;

beforeAll(async () => {
  const scratch = await createScratchDatabases(inject('mysqlUrl'), ['cs']);
  db = scratch.names[0]!;
  drop = scratch.drop;
  session = await sessionFor(inject('mysqlUrl'));
  other = await mysql.createConnection({ uri: inject('mysqlUrl'), database: db, multipleStatements: true });
  await other.query(`
    CREATE TABLE actor (actor_id BIGINT PRIMARY KEY, display_name VARCHAR(100) NULL,
      created_ymdhis BIGINT NOT NULL DEFAULT 0, updated_ymdhis BIGINT NOT NULL DEFAULT 0,
      is_deleted TINYINT(1) NOT NULL DEFAULT 0, deleted_ymdhis BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB;
    INSERT INTO actor VALUES (1, 'Ada', 20260101000000, 20260101000000, 0, 0), (2, 'Bob', 20260101000000, 20260101000000, 0, 0),
      (3, 'Cleo', 20260101000000, 20260101000000, 0, 0);
    CREATE TABLE note (note_id BIGINT PRIMARY KEY, body TEXT NULL) ENGINE=InnoDB;
    INSERT INTO note VALUES (1, 'one'), (2, 'two');
    CREATE TABLE x (x_id BIGINT PRIMARY KEY) ENGINE=InnoDB;
    CREATE TABLE loose (a INT NULL, b INT NULL) ENGINE=InnoDB;
    INSERT INTO loose VALUES (1, 1), (1, 1);
    CREATE TABLE coded (code VARCHAR(10) NOT NULL, label VARCHAR(20) NULL, UNIQUE KEY uq_code (code)) ENGINE=InnoDB;
    INSERT INTO coded VALUES ('a', 'A'), ('b', 'B');
    CREATE TABLE legacy (legacy_id INT PRIMARY KEY, v INT) ENGINE=MyISAM;
    CREATE TABLE \`odd\`\`name\` (\`k\`\`ey\` BINARY(4) PRIMARY KEY, \`v?\` VARCHAR(20) NULL) ENGINE=InnoDB;
    INSERT INTO \`odd\`\`name\` VALUES (0x01020304, 'before');
    CREATE TABLE gen (gen_id INT PRIMARY KEY, a INT NOT NULL, twice INT AS (a * 2) VIRTUAL) ENGINE=InnoDB;
    INSERT INTO gen (gen_id, a) VALUES (1, 1);`);
});

afterAll(async () => {
  await other?.end();
  await session?.close();
  await drop?.();
});

const apply = (table: string, changes: RowChange[], typed?: string) =>
  applyChangeSet(session.pool, {
    database: db,
    table,
    changes,
    readOnly: false,
    ...(typed === undefined ? {} : { typed }),
  });

async function row(sql: string, params: unknown[] = []): Promise<RowDataPacket | undefined> {
  const [rows] = await other.query<RowDataPacket[]>(sql, params);
  return rows[0];
}

describe('change sets from the data browser (real server)', () => {
  it('updates a cell keyed by the primary key only, values bound, updated_ymdhis stamped', async () => {
    const changes: RowChange[] = [
      { kind: 'update', key: { actor_id: '1' }, old: { display_name: 'Ada' }, set: { display_name: 'Ada L.' } },
    ];
    const plan = await reviewChangeSet(session.pool, { database: db, table: 'actor', changes, readOnly: false });
    const [statement] = plan.statements;
    expect(statement!.sql).toBe(
      `UPDATE \`${db}\`.\`actor\` SET \`display_name\` = ?, \`updated_ymdhis\` = ? WHERE \`actor_id\` = ?`,
    );
    expect(statement!.params[0]).toBe('Ada L.');
    expect(statement!.literal).toMatch(
      /SET `display_name` = 'Ada L\.', `updated_ymdhis` = \d{14} WHERE `actor_id` = '1'$/,
    );
    expect(statement!.check?.sql).toBe(
      `SELECT \`display_name\` FROM \`${db}\`.\`actor\` WHERE \`actor_id\` = ? FOR UPDATE`,
    );
    expect(plan.confirmWith).toBeUndefined();
    const before = ymdhis();
    expect(await apply('actor', changes)).toEqual({ committed: true, applied: 1, conflicts: [] });
    const updated = await row('SELECT display_name, updated_ymdhis, created_ymdhis FROM actor WHERE actor_id = 1');
    expect(updated!.display_name).toBe('Ada L.');
    expect(Number(updated!.updated_ymdhis)).toBeGreaterThanOrEqual(before);
    expect(Number(updated!.created_ymdhis)).toBe(20260101000000);
  });

  it('inserts a row; hostile text and a NULL stay values; created/updated_ymdhis stamped', async () => {
    const hostile = "'); DROP TABLE x; -- \\' \" `";
    const result = await apply('actor', [{ kind: 'insert', values: { actor_id: '10', display_name: hostile } }]);
    expect(result.committed).toBe(true);
    const inserted = await row('SELECT * FROM actor WHERE actor_id = 10');
    expect(inserted!.display_name).toBe(hostile);
    expect(String(inserted!.created_ymdhis)).toMatch(/^20\d{12}$/);
    expect(inserted!.updated_ymdhis).toBe(inserted!.created_ymdhis);
    await apply('note', [{ kind: 'update', key: { note_id: '2' }, old: { body: 'two' }, set: { body: null } }]);
    expect((await row('SELECT body FROM note WHERE note_id = 2'))!.body).toBeNull();
    expect(
      await row("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'x'", [
        db,
      ]),
    ).toMatchObject({ n: 1 });
  });

  it('soft-deletes a doctrine row (is_deleted, deleted_ymdhis, updated_ymdhis) without a confirmation', async () => {
    const changes: RowChange[] = [
      { kind: 'delete', key: { actor_id: '2' }, old: { display_name: 'Bob', is_deleted: 0 } },
    ];
    const plan = await reviewChangeSet(session.pool, { database: db, table: 'actor', changes, readOnly: false });
    expect(plan.statements[0]).toMatchObject({ action: 'soft-delete', destructive: false });
    expect(plan.statements[0]!.sql).toBe(
      `UPDATE \`${db}\`.\`actor\` SET \`is_deleted\` = ?, \`deleted_ymdhis\` = ?, \`updated_ymdhis\` = ? WHERE \`actor_id\` = ?`,
    );
    expect((await apply('actor', changes)).committed).toBe(true);
    const deleted = await row('SELECT is_deleted, deleted_ymdhis, updated_ymdhis FROM actor WHERE actor_id = 2');
    expect(deleted!.is_deleted).toBe(1);
    expect(String(deleted!.deleted_ymdhis)).toMatch(/^20\d{12}$/);
    expect(deleted!.updated_ymdhis).toBe(deleted!.deleted_ymdhis);
  });

  it('hard-deletes only with the typed confirmation (the database name)', async () => {
    const changes: RowChange[] = [
      { kind: 'delete', key: { actor_id: '3' }, old: { display_name: 'Cleo' }, hard: true },
    ];
    const plan = await reviewChangeSet(session.pool, { database: db, table: 'actor', changes, readOnly: false });
    expect(plan.statements[0]).toMatchObject({ action: 'delete', destructive: true });
    expect(plan.statements[0]!.sql).toBe(`DELETE FROM \`${db}\`.\`actor\` WHERE \`actor_id\` = ?`);
    expect(plan.confirmWith).toBe(db);
    await expect(apply('actor', changes)).rejects.toMatchObject({ code: 'edit/confirmation-needed' });
    await expect(apply('actor', changes, 'yes')).rejects.toMatchObject({ code: 'edit/confirmation-needed' });
    expect(await row('SELECT actor_id FROM actor WHERE actor_id = 3')).toBeDefined();
    expect((await apply('actor', changes, db)).committed).toBe(true);
    expect(await row('SELECT actor_id FROM actor WHERE actor_id = 3')).toBeUndefined();
  });

  it('reports a row changed on the server since it was read as a conflict and commits nothing', async () => {
    await other.query("UPDATE note SET body = 'changed elsewhere' WHERE note_id = 1");
    const result = await apply(
      'note',
      [
        { kind: 'insert', values: { note_id: '3', body: 'three' } },
        { kind: 'update', key: { note_id: '1' }, old: { body: 'one' }, set: { body: 'mine' } },
        { kind: 'delete', key: { note_id: '99' }, old: { body: 'gone' } },
      ],
      db,
    );
    expect(result.committed).toBe(false);
    expect(result.conflicts.map((c) => c.change)).toEqual([1, 2]);
    expect(result.conflicts[0]!.message).toMatch(/changed on the server.*`body`/);
    expect(result.conflicts[1]!.message).toMatch(/no longer exists/);
    expect(await row('SELECT note_id FROM note WHERE note_id = 3')).toBeUndefined();
    expect((await row('SELECT body FROM note WHERE note_id = 1'))!.body).toBe('changed elsewhere');
    // An existing key on insert is a conflict too, and rolls back the set.
    const duplicate = await apply('note', [
      { kind: 'update', key: { note_id: '1' }, old: { body: 'changed elsewhere' }, set: { body: 'mine' } },
      { kind: 'insert', values: { note_id: '1', body: 'again' } },
    ]);
    expect(duplicate).toMatchObject({ committed: false, conflicts: [{ change: 1, message: /already exists/ }] });
    expect((await row('SELECT body FROM note WHERE note_id = 1'))!.body).toBe('changed elsewhere');
  });

  it('reports a row another session holds locked as a conflict after the lock wait', async () => {
    await other.query('START TRANSACTION');
    await other.query('SELECT * FROM note WHERE note_id = 2 FOR UPDATE');
    try {
      const result = await applyChangeSet(session.pool, {
        database: db,
        table: 'note',
        changes: [{ kind: 'update', key: { note_id: '2' }, old: { body: null }, set: { body: 'late' } }],
        readOnly: false,
        lockWaitSeconds: 1,
      });
      expect(result).toMatchObject({ committed: false, conflicts: [{ change: 0, message: /locked/ }] });
    } finally {
      await other.query('ROLLBACK');
    }
    // The pooled connections come back with the server's lock wait.
    const [[wait]] = await session.pool.query<RowDataPacket[]>('SELECT @@SESSION.innodb_lock_wait_timeout AS s');
    const [[global]] = await session.pool.query<RowDataPacket[]>('SELECT @@GLOBAL.innodb_lock_wait_timeout AS s');
    expect(Number(wait!.s)).toBe(Number(global!.s));
  });

  it('refuses tables without a key or without transactions; keys by a NOT NULL unique key when there is no PK', async () => {
    const change: RowChange = { kind: 'update', key: { a: 1 }, old: { b: 1 }, set: { b: 2 } };
    await expect(apply('loose', [change])).rejects.toMatchObject({
      code: 'edit/not-editable',
      message: expect.stringMatching(/no primary key and no NOT NULL unique key/),
    });
    await expect(apply('legacy', [{ kind: 'insert', values: { legacy_id: 1 } }])).rejects.toMatchObject({
      code: 'edit/not-editable',
      message: expect.stringMatching(/no transactions/),
    });
    const plan = await reviewChangeSet(session.pool, {
      database: db,
      table: 'coded',
      changes: [{ kind: 'update', key: { code: 'b' }, old: { label: 'B' }, set: { label: 'Bee' } }],
      readOnly: false,
    });
    expect(plan.statements[0]!.sql).toMatch(/WHERE `code` = \?$/);
    await apply('coded', [{ kind: 'update', key: { code: 'b' }, old: { label: 'B' }, set: { label: 'Bee' } }]);
    expect((await row("SELECT label FROM coded WHERE code = 'b'"))!.label).toBe('Bee');
  });

  it('quotes odd identifiers and binds binary keys as bytes', async () => {
    const result = await apply('odd`name', [
      { kind: 'update', key: { 'k`ey': '0x01020304' }, old: { 'v?': 'before' }, set: { 'v?': 'after?' } },
    ]);
    expect(result.committed).toBe(true);
    expect((await row('SELECT `v?` AS v FROM `odd``name` WHERE `k``ey` = 0x01020304'))!.v).toBe('after?');
    await expect(
      apply('odd`name', [{ kind: 'update', key: { 'k`ey': 'nothex' }, old: {}, set: { 'v?': 'x' } }]),
    ).rejects.toMatchObject({ code: 'edit/bad-binary' });
    await expect(
      apply('note', [{ kind: 'update', key: { note_id: '1' }, old: {}, set: { 'body` = 1 --': 'x' } }]),
    ).rejects.toMatchObject({ code: 'edit/refused' });
    await expect(
      apply('gen', [{ kind: 'update', key: { gen_id: 1 }, old: {}, set: { twice: 5 } }]),
    ).rejects.toMatchObject({ code: 'edit/refused', message: expect.stringMatching(/generated/) });
    await apply('gen', [{ kind: 'update', key: { gen_id: 1 }, old: { twice: 2 }, set: { a: 4 } }]);
    expect((await row('SELECT twice FROM gen WHERE gen_id = 1'))!.twice).toBe(8);
  });

  it('a read-only profile refuses before sending anything (general log)', async () => {
    const marker = `lupo_ro_${Date.now()}`;
    await other.query("SET GLOBAL log_output = 'TABLE'");
    await other.query('SET GLOBAL general_log = 1');
    try {
      const changes: RowChange[] = [
        { kind: 'update', key: { note_id: '1' }, old: {}, set: { body: marker } },
        { kind: 'insert', values: { note_id: '50', body: marker } },
        { kind: 'delete', key: { note_id: '2' }, old: {}, hard: true },
      ];
      await expect(
        applyChangeSet(session.pool, { database: db, table: 'note', changes, readOnly: true, typed: db }),
      ).rejects.toMatchObject({ code: 'edit/read-only' });
      await expect(
        reviewChangeSet(session.pool, { database: db, table: 'note', changes, readOnly: true }),
      ).rejects.toMatchObject({ code: 'edit/read-only' });
      const [logged] = await other.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM mysql.general_log WHERE CONVERT(argument USING utf8mb4) LIKE ? AND command_type IN ('Query', 'Execute', 'Prepare') AND thread_id <> CONNECTION_ID()",
        [`%${marker}%`],
      );
      expect(Number(logged[0]!.n)).toBe(0);
      const [noteWrites] = await other.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM mysql.general_log WHERE CONVERT(argument USING utf8mb4) LIKE ? AND command_type IN ('Query', 'Execute', 'Prepare') AND event_time >= NOW() - INTERVAL 5 SECOND AND thread_id <> CONNECTION_ID()",
        [`%${db}%note%`],
      );
      expect(Number(noteWrites[0]!.n)).toBe(0);
    } finally {
      await other.query('SET GLOBAL general_log = 0');
      await other.query("SET GLOBAL log_output = 'FILE'");
    }
    expect((await row('SELECT COUNT(*) AS n FROM note WHERE note_id IN (2, 50)'))!.n).toBe(1);
  });
});

import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../../shared/schema/model';
import type { Session } from '../../../electron/engine/connection/session';
import { parseCreateTable } from '../../../electron/engine/ddl/create-table';
import { diffDatabase } from '../../../electron/engine/diff/index';
import { planMigration, renderMigrationFile, renderRollbackFile } from '../../../electron/engine/planner/index';
import { splitStatements } from '../../../electron/engine/sqlfile/index';
import { createScratchDatabases } from '../../support/databases';
import { liveCore, runSqlText, sessionFor, showCreateAll } from './support';

const options = { generatedAt: new Date(), version: 'test', source: 'memory index kinds test' };

/** The live tables: a MEMORY table with a default (HASH) and a B-tree index, an InnoDB table. */
const ACTUAL = `
CREATE TABLE mem_t (id INT NOT NULL, a INT DEFAULT NULL, b INT DEFAULT NULL,
  PRIMARY KEY (id), KEY ka (a), KEY kb (b) USING BTREE) ENGINE=MEMORY;
CREATE TABLE inno_t (id INT NOT NULL, a INT DEFAULT NULL, PRIMARY KEY (id), KEY ka (a)) ENGINE=InnoDB;`;

/**
 * What the definitions want, as a SQL file says it: the MEMORY table's two kinds swapped and
 * a new index that declares none (so HASH, the engine named only after it); the InnoDB
 * index declared `USING HASH`, which InnoDB stores as a B-tree: no change.
 */
const DESIRED = `
CREATE TABLE mem_t (id INT NOT NULL, a INT DEFAULT NULL, b INT DEFAULT NULL,
  PRIMARY KEY (id), KEY ka (a) USING BTREE, KEY kb (b), KEY kc (a, b)) ENGINE=MEMORY;
CREATE TABLE inno_t (id INT NOT NULL, a INT DEFAULT NULL, PRIMARY KEY (id), KEY ka (a) USING HASH) ENGINE=InnoDB;`;

function database(sql: string, name: string): Database {
  const tables = splitStatements(sql).map((s) => parseCreateTable(s.sql));
  return { role: 'core', name, tables, views: [], forbiddenObjects: [] };
}

describe('index kinds follow the engine: MEMORY is HASH unless USING BTREE', () => {
  const url = inject('mysqlUrl');
  let session: Session;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let db: string;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['mem_kinds']);
    db = scratch.names[0]!;
    session = await sessionFor(url);
    await runSqlText(url, db, ACTUAL);
  });
  afterAll(async () => {
    await session?.close();
    await scratch?.drop();
  });

  it('reads them as the server reports them, plans the kind changes, converges, re-runs as a no-op, rolls back', async () => {
    const actual = await liveCore(session, db);
    const kinds = (model: Database, table: string) =>
      Object.fromEntries(model.tables.find((t) => t.name === table)!.indexes.map((i) => [i.name, i.kind]));
    expect(kinds(actual, 'mem_t')).toEqual({ ka: 'hash', kb: 'btree' });
    expect(kinds(actual, 'inno_t')).toEqual({ ka: 'btree' });
    const desired = database(DESIRED, db);
    expect(kinds(desired, 'mem_t')).toEqual({ ka: 'btree', kb: 'hash', kc: 'hash' });
    expect(kinds(desired, 'inno_t')).toEqual({ ka: 'btree' });

    const changes = diffDatabase(actual, desired);
    expect(changes.map((c) => [c.kind, c.table, 'changed' in c ? c.changed : []])).toEqual([
      ['modifyIndex', 'mem_t', ['kind']],
      ['modifyIndex', 'mem_t', ['kind']],
      ['addIndex', 'mem_t', []],
    ]);
    const plan = planMigration(changes, { ...options, allowDestructive: true });
    const text = renderMigrationFile(plan);
    expect(text).toContain('ADD KEY `ka` (`a`) USING BTREE');
    await runSqlText(url, db, text);
    expect(diffDatabase(await liveCore(session, db), desired)).toEqual([]);
    const [[types]] = await session.pool.query<RowDataPacket[]>(
      `SELECT GROUP_CONCAT(INDEX_NAME, '=', INDEX_TYPE ORDER BY INDEX_NAME, SEQ_IN_INDEX) AS t
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'mem_t' AND SEQ_IN_INDEX = 1`,
      [db],
    );
    expect(types?.t).toBe('ka=BTREE,kb=HASH,kc=HASH,PRIMARY=HASH');

    // Run again: every guard sees its effect (the kinds compared too), nothing is rebuilt.
    const once = await showCreateAll(session.pool, db);
    await runSqlText(url, db, text);
    expect(await showCreateAll(session.pool, db)).toEqual(once);

    await runSqlText(url, db, renderRollbackFile(plan));
    expect(diffDatabase(await liveCore(session, db), database(ACTUAL, db))).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mysql from 'mysql2/promise';
import { openSession, type Session } from '../../../electron/engine/connection/session';
import { introspectSession } from '../../../electron/engine/introspect/index';
import { normalizeForCompare } from '../../../electron/engine/introspect/canonical';
import { renderCreateTable } from '../../../electron/engine/sqlgen/create-table';
import { createScratchDatabases } from '../../support/databases';
import { allTypeTables } from '../../fixtures/introspect/all-types';

describe('zero false drift: model → CREATE TABLE → introspection → equal model', () => {
  let session: Session;
  let names: string[];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    ({ names, drop } = await createScratchDatabases(url, ['zd_core', 'zd_orch', 'zd_eph']));
    const u = new URL(url);
    session = await openSession({ host: u.hostname, port: Number(u.port), user: 'root', connectTimeoutMs: 5000 });
    const c = await mysql.createConnection({ uri: url });
    try {
      for (const table of allTypeTables) await c.query(renderCreateTable(table, { database: names[0] }));
      await c.query(`CREATE VIEW \`${names[0]}\`.v_numbers AS SELECT type_number_id FROM \`${names[0]}\`.type_numbers`);
      await c.query(
        `CREATE TRIGGER \`${names[0]}\`.trg_child BEFORE INSERT ON \`${names[0]}\`.type_child FOR EACH ROW SET NEW.note = 'x'`,
      );
      await c.query(`CREATE PROCEDURE \`${names[0]}\`.proc_one() SELECT 1`);
      await c.query(`CREATE FUNCTION \`${names[0]}\`.fn_one() RETURNS INT DETERMINISTIC RETURN 1`);
      await c.query(`CREATE EVENT \`${names[0]}\`.ev_one ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1`);
    } finally {
      await c.end();
    }
  });
  afterAll(async () => {
    await session?.close();
    await drop?.();
  });

  it('introspects every table equal to the model it was created from', async () => {
    const model = await introspectSession(session, { core: names[0]!, orchestration: names[1]!, ephemeral: names[2]! });
    const core = model.databases.core;
    expect(core.tables.map((t) => t.name)).toEqual([...allTypeTables].map((t) => t.name).sort());
    for (const expected of allTypeTables) {
      const actual = core.tables.find((t) => t.name === expected.name)!;
      expect(actual.stats?.rowEstimate).toBeTypeOf('number');
      expect(actual.stats?.dataBytes).toBeGreaterThan(0);
      // Already canonical: normalizeForCompare only strips stats here.
      expect(normalizeForCompare(actual)).toEqual(normalizeForCompare(expected));
      // Indexes come in the server's order (SHOW CREATE TABLE's), not by name.
      const { stats: _s, ...withoutStats } = actual;
      expect({
        ...withoutStats,
        indexes: [...withoutStats.indexes].sort((a, b) => (a.name < b.name ? -1 : 1)),
      }).toEqual({
        ...expected,
        indexes: [...expected.indexes].sort((a, b) => (a.name < b.name ? -1 : 1)),
      });
    }
    expect(model.databases.orchestration.tables).toEqual([]);
    expect(model.databases.ephemeral.name).toBe(names[2]);
  });

  it('lists views and the forbidden objects', async () => {
    const model = await introspectSession(session, { core: names[0]!, orchestration: names[1]!, ephemeral: names[2]! });
    const core = model.databases.core;
    expect(core.views.map((v) => v.name)).toEqual(['v_numbers']);
    expect(core.views[0]?.definition).toContain('type_number_id');
    expect(core.forbiddenObjects.map((o) => [o.kind, o.name, o.table ?? null])).toEqual([
      ['event', 'ev_one', null],
      ['function', 'fn_one', null],
      ['procedure', 'proc_one', null],
      ['trigger', 'trg_child', 'type_child'],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import mysql from 'mysql2/promise';
import { openSession, type Session } from '../../../electron/engine/connection/session';
import { introspectDatabase } from '../../../electron/engine/introspect/index';
import { createScratchDatabases } from '../../support/databases';

/** Introspection hands the event loop a turn while it builds the model from streamed rows. */
describe('introspection of streamed rows', () => {
  let session: Session;
  let name: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    const created = await createScratchDatabases(url, ['rs_core']);
    drop = created.drop;
    name = created.names[0]!;
    const c = await mysql.createConnection({ uri: url });
    for (const table of ['a', 'b', 'c'])
      await c.query(
        `CREATE TABLE \`${name}\`.${table} (${table}_id BIGINT NOT NULL, x1 INT, x2 INT, x3 INT, x4 INT, x5 INT, PRIMARY KEY (${table}_id))`,
      );
    await c.end();
    const u = new URL(url);
    session = await openSession({
      host: u.hostname,
      port: Number(u.port),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password),
      connectTimeoutMs: 5000,
    });
  });
  afterAll(async () => {
    await session?.close();
    await drop?.();
  });

  it('pauses reading once 20 ms of rows were handled, and still builds every column', async () => {
    // A clock 25 ms further on at each reading: every row ends a slice.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 25));
    const turns = vi.spyOn(globalThis, 'setImmediate');
    try {
      const database = await introspectDatabase(session, 'core', name);
      expect(database.tables.map((table) => [table.name, table.columns.length])).toEqual([
        ['a', 6],
        ['b', 6],
        ['c', 6],
      ]);
      // At least a turn per COLUMNS row (18), and the STATISTICS rows pause too.
      expect(turns.mock.calls.length).toBeGreaterThanOrEqual(18);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

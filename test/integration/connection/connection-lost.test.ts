import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { openSession, type Session } from '../../../electron/engine/connection/session';
import { SessionRegistry, type ConnectionStateEvent } from '../../../electron/engine/connection/session-registry';
import { introspectSession } from '../../../electron/engine/introspect/index';
import { startLocalServer, type LocalServer } from '../../../electron/engine/sandbox/local-server';

const names = { core: 'lost_core', orchestration: 'lost_orch', ephemeral: 'lost_eph' } as const;

describe('a server that goes away', () => {
  let server: LocalServer;
  let session: Session;

  beforeAll(async () => {
    server = await startLocalServer();
    const c = await mysql.createConnection({ uri: server.url, multipleStatements: true });
    let sql = 'CREATE DATABASE lost_core; ';
    for (let i = 0; i < 150; i++)
      sql += `CREATE TABLE lost_core.t${i} (t${i}_id BIGINT NOT NULL PRIMARY KEY, a VARCHAR(20), KEY k (a)) ENGINE=InnoDB; `;
    await c.query(sql);
    await c.end();
    session = await openSession({ host: server.host, port: server.port, user: 'root', connectTimeoutMs: 3000 });
  });

  afterAll(async () => {
    await session?.close().catch(() => {});
    await server?.destroy();
  });

  it('fails introspection with connection/lost and recovers on the next call after a restart', async () => {
    expect((await introspectSession(session, names)).databases.core.tables).toHaveLength(150);
    const running = introspectSession(session, names).catch((e: unknown) => e);
    await server.kill();
    const failed = await running;
    // The kill lands mid-introspection (or just after it finished): a failure must say "lost".
    if (failed instanceof LupoError) expect(failed.code).toBe('connection/lost');
    const between = await introspectSession(session, names).catch((e: unknown) => e);
    expect(between).toBeInstanceOf(LupoError);
    expect((between as LupoError).code).toBe('connection/lost');
    expect((between as LupoError).hint).toBeTruthy();
    await server.restart();
    const again = await introspectSession(session, names);
    expect(again.databases.core.tables).toHaveLength(150);
  });

  it('the health ping reports lost and connected through the emitter', async () => {
    const events: ConnectionStateEvent[] = [];
    const registry = new SessionRegistry({ emit: (e) => events.push(e), pingIntervalMs: 50 });
    const own = await openSession({ host: server.host, port: server.port, user: 'root', connectTimeoutMs: 2000 });
    const id = registry.add(own, { readOnly: true, databases: names });
    const waitFor = async (state: 'lost' | 'connected') => {
      for (let i = 0; i < 200 && !events.some((e) => e.state === state); i++)
        await new Promise((r) => setTimeout(r, 25));
    };
    await server.kill();
    await waitFor('lost');
    expect(events[0]).toMatchObject({ connectionId: id, state: 'lost' });
    expect(events[0]?.message).toMatch(/lost/);
    await server.restart();
    await waitFor('connected');
    expect(events.map((e) => e.state)).toEqual(['lost', 'connected']);
    await registry.dispose();
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mysql from 'mysql2/promise';
import type { EngineEvent } from '../../../shared/engine-events';
import { openSession, type Session } from '../../../electron/engine/connection/session';
import { introspectShared } from '../../../electron/engine/introspect/shared-introspection';
import { createScratchDatabases } from '../../support/databases';

describe('introspectShared', () => {
  let session: Session;
  let names: { core: string; orchestration: string; ephemeral: string };
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    const created = await createScratchDatabases(url, ['si_core', 'si_orch', 'si_eph']);
    drop = created.drop;
    names = { core: created.names[0]!, orchestration: created.names[1]!, ephemeral: created.names[2]! };
    const c = await mysql.createConnection({ uri: url });
    await c.query(`CREATE TABLE \`${names.core}\`.t1 (t1_id BIGINT NOT NULL, PRIMARY KEY (t1_id))`);
    await c.end();
    const u = new URL(url);
    session = await openSession({ host: u.hostname, port: Number(u.port), user: 'root', connectTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await session?.close();
    await drop?.();
  });

  it('answers callers that overlap with one introspection, and both sinks see its progress', async () => {
    const first: EngineEvent[] = [];
    const second: EngineEvent[] = [];
    const a = introspectShared(session, names, (e) => first.push(e));
    const b = introspectShared(session, names, (e) => second.push(e));
    const [ma, mb] = await Promise.all([a, b]);
    expect(mb).toBe(ma);
    expect(ma.databases.core.tables.map((t) => t.name)).toEqual(['t1']);
    expect(first.some((e) => e.type === 'progress' && e.value === 1)).toBe(true);
    expect(second.some((e) => e.type === 'progress' && e.value === 1)).toBe(true);
  });

  it('replays the last progress to a caller who joins, so its progress bar starts where the read is', async () => {
    const first: EngineEvent[] = [];
    const joiner: EngineEvent[] = [];
    const a = introspectShared(session, names, (e) => first.push(e));
    const b = introspectShared(session, names, (e) => joiner.push(e));
    expect(first[0]).toMatchObject({ type: 'progress', value: 0 });
    expect(joiner).toEqual([first[0]]);
    await Promise.all([a, b]);
    expect(joiner.at(-1)).toEqual(first.at(-1));
  });

  it('reads again once the shared read settled, and never shares across other databases', async () => {
    const before = await introspectShared(session, names);
    const c = await mysql.createConnection({ uri: inject('mysqlUrl') });
    await c.query(`CREATE TABLE \`${names.core}\`.t2 (t2_id BIGINT NOT NULL, PRIMARY KEY (t2_id))`);
    await c.end();
    const after = await introspectShared(session, names);
    expect(after).not.toBe(before);
    expect(after.databases.core.tables.map((t) => t.name).sort()).toEqual(['t1', 't2']);
    const other = { ...names, core: names.orchestration };
    const [x, y] = await Promise.all([introspectShared(session, names), introspectShared(session, other)]);
    expect(y).not.toBe(x);
    expect(y.databases.core.tables).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../../shared/errors';
import { createConnectionStore } from '../../../../renderer/src/stores/connection-store';
import { eventsClient } from './events-client';

const database = (name: string, tableCount: number) => ({ name, tableCount, isSystem: false });

const opened = (connectionId: string) => ({
  connectionId,
  serverVersion: '10.11.19-MariaDB',
  flavor: 'mariadb' as const,
  user: 'root',
  endpoint: '127.0.0.1:3306',
  databases: [database('demo_core', 20), database('demo_orch', 8)],
  roles: [
    { role: 'core' as const, name: 'demo_core', exists: true, tableCount: 20 },
    { role: 'orchestration' as const, name: 'demo_orch', exists: true, tableCount: 8 },
    { role: 'ephemeral' as const, name: 'demo_eph', exists: false, tableCount: 0 },
  ],
});

describe('connection store: lost and regained connections', () => {
  it('shows a lost connection with what to do, ignores other connections, and clears on connected', async () => {
    let listed = 0;
    const { client, emit } = eventsClient({
      'connection/open': async () => opened('c1'),
      'connection/list-databases': async () => {
        listed += 1;
        return { databases: [database('demo_core', 20), database('demo_orch', 8)] };
      },
    });
    const store = createConnectionStore(client);
    const stop = store.getState().listen();
    await store.getState().open({ user: 'root' });

    emit('connection/state', { connectionId: 'other', state: 'lost', message: 'not ours' });
    expect(store.getState().lost).toBeUndefined();

    emit('connection/state', {
      connectionId: 'c1',
      state: 'lost',
      message: 'The connection to 127.0.0.1:3306 was lost: connect ECONNREFUSED.',
    });
    expect(store.getState().lost).toMatchObject({
      code: 'connection/lost',
      message: 'The connection to 127.0.0.1:3306 was lost: connect ECONNREFUSED.',
    });
    expect(store.getState().lost?.hint).toMatch(/Reconnect/);
    // Still connected as far as the screens go: nothing is thrown away while the server is away.
    expect(store.getState()).toMatchObject({ status: 'connected', info: { connectionId: 'c1' } });

    emit('connection/state', { connectionId: 'c1', state: 'connected' });
    expect(store.getState().lost).toBeUndefined();
    await expect.poll(() => listed).toBe(1); // counts refreshed once it came back

    stop();
    emit('connection/state', { connectionId: 'c1', state: 'lost' });
    expect(store.getState().lost).toBeUndefined();
  });

  it('Reconnect clears the banner when the server answers, and says it is still unreachable otherwise', async () => {
    let up = false;
    const { client, emit } = eventsClient({
      'connection/open': async () => opened('c1'),
      'connection/list-databases': async () => {
        if (!up) throw new LupoError('connection/refused', 'Nothing accepted the connection on 127.0.0.1:3306.');
        return { databases: [database('demo_core', 22), database('demo_orch', 8), database('demo_eph', 3)] };
      },
    });
    const store = createConnectionStore(client);
    store.getState().listen();
    await store.getState().open({ user: 'root' });
    emit('connection/state', { connectionId: 'c1', state: 'lost' });
    expect(store.getState().lost?.message).toBe('The connection to 127.0.0.1:3306 was lost.');

    expect(await store.getState().reconnect()).toBe(false);
    expect(store.getState().lost?.message).toMatch(/^Still unreachable: Nothing accepted/);
    expect(store.getState().reconnecting).toBe(false);

    up = true;
    expect(await store.getState().reconnect()).toBe(true);
    expect(store.getState().lost).toBeUndefined();
    expect(store.getState().info?.roles?.map((r) => [r.role, r.exists, r.tableCount])).toEqual([
      ['core', true, 22],
      ['orchestration', true, 8],
      ['ephemeral', true, 3],
    ]);
  });

  it('refreshDatabases updates the role table counts the sidebar shows (after an apply)', async () => {
    let core = 20;
    const { client } = eventsClient({
      'connection/open': async () => opened('c1'),
      'connection/list-databases': async () => ({ databases: [database('demo_core', core), database('demo_orch', 8)] }),
    });
    const store = createConnectionStore(client);
    await store.getState().open({ user: 'root' });
    core = 22;
    await store.getState().refreshDatabases();
    expect(store.getState().info?.roles?.find((r) => r.role === 'core')?.tableCount).toBe(22);
    expect(store.getState().info?.databases.find((d) => d.name === 'demo_core')?.tableCount).toBe(22);
  });

  it('a closed connection forgets the lost state', async () => {
    const { client, emit } = eventsClient({
      'connection/open': async () => opened('c1'),
      'connection/close': async () => ({ closed: true }),
    });
    const store = createConnectionStore(client);
    store.getState().listen();
    await store.getState().open({ user: 'root' });
    emit('connection/state', { connectionId: 'c1', state: 'lost' });
    await store.getState().close();
    expect(store.getState()).toMatchObject({ status: 'idle', lost: undefined });
  });
});

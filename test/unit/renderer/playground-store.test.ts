import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxHandlers } from '../../../electron/engine/api/sandbox-handlers';
import { sandboxStatePath } from '../../../electron/engine/sandbox/sandbox-state';
import { createLupoClient, type LupoBridge } from '../../../shared/contract/client';
import type { SandboxView } from '../../../shared/contract/sandbox';
import { dispatchCall, type HandlerMap } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import {
  createPlaygroundStore,
  isPlaygroundConnection,
  playgroundConnectParams,
  playgroundPlacement,
  playgroundStatusText,
} from '../../../renderer/src/stores/playground-store';

/** The real contract dispatch (validation, error serialisation) in front of the given handlers. */
function clientFor(handlers: Partial<HandlerMap>) {
  const bridge: LupoBridge = {
    invoke: (channel, payload) => dispatchCall(handlers as HandlerMap, channel, payload, { emit: () => {} }),
    subscribe: () => () => {},
  };
  return createLupoClient(bridge);
}

const temp: string[] = [];
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

const running: SandboxView = {
  running: true,
  url: 'mysql://root@127.0.0.1:41234',
  port: 41234,
  startedAt: '2025-01-02T03:04:05.000Z',
  serverVersion: '10.11.6-MariaDB',
};
const names = { core: 'lupo_demo_core', orchestration: 'lupo_demo_orch', ephemeral: 'lupo_demo_eph' };

describe('playground store', () => {
  it('reads the real handlers’ status from an empty user-data folder: not running', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'lupo-playground-unit-'));
    temp.push(userDataDir);
    const store = createPlaygroundStore(clientFor(createSandboxHandlers({ userDataDir })));
    expect(playgroundStatusText(store.getState().view)).toBe('Checking…');
    await store.getState().refresh();
    expect(store.getState().view).toEqual({ running: false });
    expect(store.getState().error).toBeUndefined();
    expect(playgroundStatusText(store.getState().view)).toBe('Not running');
  });

  it('passes a damaged state file’s error through with its hint, from the real handlers', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'lupo-playground-unit-'));
    temp.push(userDataDir);
    await writeFile(sandboxStatePath(userDataDir), '{"pid": "not a number"}');
    const store = createPlaygroundStore(clientFor(createSandboxHandlers({ userDataDir })));
    await store.getState().refresh();
    expect(store.getState().error).toMatchObject({ code: 'sandbox/bad-state' });
    expect(store.getState().error?.hint).toMatch(/delete that file/);
    store.getState().clearError();
    expect(store.getState().error).toBeUndefined();
  });

  it('starts, refuses a second start while one runs, and stops', async () => {
    let starts = 0;
    let release: () => void = () => {};
    const client = clientFor({
      'sandbox/start': async () => {
        starts += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return running;
      },
      'sandbox/stop': async () => ({ stopped: true }),
    });
    const store = createPlaygroundStore(client);
    const first = store.getState().start();
    expect(store.getState().busy).toBe('starting');
    expect(await store.getState().start()).toBeUndefined();
    expect(await store.getState().stop()).toBe(false);
    release();
    expect(await first).toEqual(running);
    expect(starts).toBe(1);
    expect(store.getState()).toMatchObject({ view: running, busy: undefined });
    expect(await store.getState().stop()).toBe(true);
    expect(store.getState().view).toEqual({ running: false });
  });

  it('keeps the engine’s no-server-binary error with its hint, and clears it on the next start', async () => {
    let fail = true;
    const store = createPlaygroundStore(
      clientFor({
        'sandbox/start': async () => {
          if (fail) {
            throw new LupoError('sandbox/no-server-binary', 'No MariaDB or MySQL server binary was found.', {
              hint: 'Install MariaDB so that mariadbd or mysqld is on PATH.',
            });
          }
          return running;
        },
      }),
    );
    expect(await store.getState().start()).toBeUndefined();
    expect(store.getState()).toMatchObject({
      busy: undefined,
      error: {
        code: 'sandbox/no-server-binary',
        message: 'No MariaDB or MySQL server binary was found.',
        hint: 'Install MariaDB so that mariadbd or mysqld is on PATH.',
      },
    });
    fail = false;
    await store.getState().start();
    expect(store.getState().error).toBeUndefined();
  });
});

describe('playground helpers', () => {
  it('builds the direct-connect parameters: 127.0.0.1, the port, root, no password, the workspace names', () => {
    expect(playgroundConnectParams(running, names)).toEqual({
      host: '127.0.0.1',
      port: 41234,
      user: 'root',
      databases: names,
    });
    expect(playgroundConnectParams(running)).not.toHaveProperty('password');
    expect(playgroundConnectParams({ running: false }, names)).toBeUndefined();
    expect(playgroundConnectParams(undefined, names)).toBeUndefined();
  });

  it('says where and since when it runs', () => {
    expect(playgroundStatusText(running, (iso) => iso.slice(11, 16))).toBe(
      'Running at 127.0.0.1:41234 since 03:04 (10.11.6-MariaDB)',
    );
    expect(playgroundStatusText({ running: true, port: 5 }, () => '')).toBe('Running at 127.0.0.1:5');
  });

  it('recognises a connection to the playground by its endpoint', () => {
    const info = {
      connectionId: 'c1',
      serverVersion: '10.11.6-MariaDB',
      flavor: 'mariadb' as const,
      user: 'root',
      endpoint: '127.0.0.1:41234',
      databases: [],
    };
    expect(isPlaygroundConnection(info, running)).toBe(true);
    expect(isPlaygroundConnection({ ...info, endpoint: '127.0.0.1:3306' }, running)).toBe(false);
    expect(isPlaygroundConnection(info, { running: false })).toBe(false);
    expect(isPlaygroundConnection(undefined, running)).toBe(false);
  });

  it('is prominent only once profiles are loaded and none is saved', () => {
    expect(playgroundPlacement(true, 0)).toBe('prominent');
    expect(playgroundPlacement(true, 2)).toBe('compact');
    expect(playgroundPlacement(false, 0)).toBe('compact');
  });
});

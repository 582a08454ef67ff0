import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppHandlers } from '../../../electron/engine/api/app-handlers';
import { UI_SETTINGS_FILE } from '../../../electron/engine/ui-settings';
import {
  createConsoleStore,
  engineTabMemory,
  storageTabMemory,
  type TabMemory,
} from '../../../renderer/src/stores/console-store';
import { eventsClient } from './app/events-client';

/** A Web Storage stand-in (each browser-mode start is a new origin: a new, empty one). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** One start of the app: the engine's real app handlers on `userDataDir`, a console that opens without a server. */
function start(userDataDir: string, storage: Storage, engineUp = true) {
  const app = createAppHandlers({ mode: 'browser', userDataDir });
  const { client } = eventsClient({
    ...(engineUp ? app : {}),
    'query/open': async () => ({ consoleId: 'c1', threadId: 1, readOnly: false }),
    'query/close': async () => ({ closed: true }),
  });
  const memory = engineTabMemory(client, storageTabMemory(storage), 10);
  return { store: createConsoleStore(client, memory), memory };
}

async function typeTabs(memoryDir: string, storage: Storage) {
  const first = start(memoryDir, storage);
  await first.store.getState().open('conn-1', 'profile-a');
  first.store.getState().setSql('SELECT 1');
  first.store.getState().addTab();
  first.store.getState().setSql('SELECT * FROM lupo_things');
  await first.memory.flush();
  return first;
}

describe('console tabs survive a restart in browser mode (kept per profile by the engine)', () => {
  it('a new origin (empty localStorage) gets the profile’s tabs back from the user-data folder', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'lupo-tabs-'));
    dirs.push(userDataDir);
    await typeTabs(userDataDir, memoryStorage());
    const file = JSON.parse(await readFile(join(userDataDir, UI_SETTINGS_FILE), 'utf8'));
    expect(file.consoleTabs['profile-a'].map((t: { sql: string }) => t.sql)).toEqual([
      'SELECT 1',
      'SELECT * FROM lupo_things',
    ]);

    const next = start(userDataDir, memoryStorage());
    await next.store.getState().open('conn-2', 'profile-a');
    expect(next.store.getState()).toMatchObject({ consoleId: 'c1', error: undefined });
    expect(next.store.getState().tabs.map((t) => [t.title, t.sql])).toEqual([
      ['Query 1', 'SELECT 1'],
      ['Query 2', 'SELECT * FROM lupo_things'],
    ]);

    // Another profile starts fresh and saving it keeps profile-a's tabs (merged per profile).
    await next.store.getState().open('conn-3', 'profile-b');
    expect(next.store.getState().tabs.map((t) => t.sql)).toEqual(['SELECT 1', 'SELECT * FROM lupo_things']);
    next.store.getState().closeTab(next.store.getState().tabs[1]!.id);
    next.store.getState().setSql('SHOW TABLES');
    await next.memory.flush();
    const after = JSON.parse(await readFile(join(userDataDir, UI_SETTINGS_FILE), 'utf8'));
    expect(Object.keys(after.consoleTabs).sort()).toEqual(['profile-a', 'profile-b']);
    expect(after.consoleTabs['profile-b'].map((t: { sql: string }) => t.sql)).toEqual(['SHOW TABLES']);
    expect(after.consoleTabs['profile-a']).toHaveLength(2);
  });

  it('typing is debounced into few writes, and concurrent settings changes are not lost', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'lupo-tabs-'));
    dirs.push(userDataDir);
    const { store, memory } = start(userDataDir, memoryStorage());
    await store.getState().open('conn-1', 'p');
    for (const sql of ['S', 'SE', 'SEL', 'SELECT 42']) store.getState().setSql(sql);
    const app = createAppHandlers({ mode: 'browser', userDataDir });
    await Promise.all([memory.flush(), app['app/settings-set']({ colorScheme: 'dark' }, {} as never)]);
    const file = JSON.parse(await readFile(join(userDataDir, UI_SETTINGS_FILE), 'utf8'));
    expect(file).toMatchObject({ colorScheme: 'dark', consoleTabs: { p: [{ sql: 'SELECT 42' }] } });
  });

  it('falls back to localStorage when the engine keeps nothing or cannot be reached', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'lupo-tabs-'));
    dirs.push(userDataDir);
    const storage = memoryStorage();
    const old: TabMemory = storageTabMemory(storage);
    old.save('p', [{ id: 'x', title: 'Query 1', sql: 'SELECT "from before"' }]);
    const { store } = start(userDataDir, storage);
    await store.getState().open('conn-1', 'p');
    expect(store.getState().tabs.map((t) => t.sql)).toEqual(['SELECT "from before"']);

    const offline = start(userDataDir, storage, false);
    await offline.store.getState().open('conn-1', 'p');
    expect(offline.store.getState().tabs.map((t) => t.sql)).toEqual(['SELECT "from before"']);
  });
});

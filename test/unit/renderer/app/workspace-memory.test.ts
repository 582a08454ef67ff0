import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../../shared/errors';
import { storageWorkspaceMemory } from '../../../../renderer/src/lib/last-workspace';
import { createWorkspaceStore } from '../../../../renderer/src/stores/workspace-store';
import { eventsClient } from './events-client';

/** A Web Storage stand-in holding strings, as `localStorage` does. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const summary = (root: string, isDemo: boolean) => ({
  root,
  isDemo,
  config: {
    definitions: `${root}/toon`,
    migrations: `${root}/migrations`,
    sqlFiles: [],
    databases: { core: 'c', orchestration: 'o', ephemeral: 'e' },
    tableBudget: { total: 180, perRole: {} },
  },
  counts: { definitions: { core: 1, orchestration: 0, ephemeral: 0 } },
  findings: [],
});

function workspaceHandlers(opened: string[]) {
  return eventsClient({
    'workspace/open': async ({ path }) => {
      opened.push(path ?? '<demo>');
      if (path === undefined) return summary('/app/toon/demo', true);
      if (path.startsWith('/gone')) {
        throw new LupoError('config/not-found', `No lupo.config.* in ${path}.`, { hint: 'Run lupo init there.' });
      }
      return summary(path, false);
    },
  });
}

describe('workspace store: the last workspace', () => {
  it('opens the demo the first time, remembers an opened folder and reopens it next start', async () => {
    const storage = memoryStorage();
    const opened: string[] = [];
    const first = createWorkspaceStore(workspaceHandlers(opened).client, storageWorkspaceMemory(storage));
    await first.getState().openRemembered();
    expect(first.getState().summary?.isDemo).toBe(true);
    expect(await first.getState().open('/work/system')).toBe(true);

    const next = createWorkspaceStore(workspaceHandlers(opened).client, storageWorkspaceMemory(storage));
    await next.getState().openRemembered();
    expect(next.getState().summary?.root).toBe('/work/system');
    expect(opened).toEqual(['<demo>', '/work/system', '/work/system']);

    // Opening the demo on purpose forgets the folder.
    await next.getState().open();
    expect(storageWorkspaceMemory(storage).recall()).toBeUndefined();
  });

  it('falls back to the demo when the remembered folder no longer opens, and says why', async () => {
    const storage = memoryStorage();
    storageWorkspaceMemory(storage).remember('/gone/system');
    const store = createWorkspaceStore(workspaceHandlers([]).client, storageWorkspaceMemory(storage));
    await store.getState().openRemembered();
    expect(store.getState().summary?.isDemo).toBe(true);
    expect(store.getState().error).toMatchObject({
      code: 'config/not-found',
      message: 'The last workspace (/gone/system) could not be reopened: No lupo.config.* in /gone/system.',
    });
    expect(store.getState().error?.hint).toMatch(/^Run lupo init there\. The demo workspace is open instead/);
  });

  it('keeps the open error visible while an analysis runs, and reports a failed open as false', async () => {
    const { client } = eventsClient({
      'workspace/open': async () => {
        throw new LupoError('definitions/unreadable', 'Bad file x.toon line 3.', { hint: 'Fix the file.' });
      },
      'workspace/analyze-start': async () => {
        throw new LupoError('workspace/not-open', 'No workspace is open.', { hint: 'Open one.' });
      },
    });
    const store = createWorkspaceStore(client);
    expect(await store.getState().open('/x')).toBe(false);
    await store.getState().analyze();
    expect(store.getState().error?.code).toBe('definitions/unreadable');
    expect(store.getState().analysisError?.code).toBe('workspace/not-open');
  });
});

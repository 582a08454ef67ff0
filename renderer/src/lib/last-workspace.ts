import type { LupoClient } from '../../../shared/contract/client';

/**
 * Where the renderer remembers the last opened workspace between starts. The store takes
 * this interface (not `localStorage` itself) so unit tests give it an in-memory one and
 * the renderer never touches Node for it.
 */
export interface WorkspaceMemory {
  /** The last workspace path opened, or undefined (never opened one, or the demo). */
  recall(): string | undefined | Promise<string | undefined>;
  /** Remembers a workspace path; undefined forgets it (the demo workspace needs no path). */
  remember(path: string | undefined): void;
}

const KEY = 'lupo.lastWorkspace';

/** A memory that forgets everything (tests, or storage that is not available). */
export const NO_WORKSPACE_MEMORY: WorkspaceMemory = { recall: () => undefined, remember: () => {} };

/** A memory kept in the given Web Storage; storage errors (quota, privacy mode) are ignored. */
export function storageWorkspaceMemory(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): WorkspaceMemory {
  return {
    recall() {
      try {
        const value = storage.getItem(KEY);
        return value && value.trim() !== '' ? value : undefined;
      } catch {
        return undefined;
      }
    },
    remember(path) {
      try {
        if (path === undefined) storage.removeItem(KEY);
        else storage.setItem(KEY, path);
      } catch {
        // Nothing to do: the next start opens the demo workspace instead.
      }
    },
  };
}

/**
 * A memory kept by the engine in the user-data folder (`app/settings-*`). Browser mode
 * needs it: each start listens on a new port, a new origin with an empty localStorage.
 * `fallback` (the old localStorage memory) is read once when the engine has nothing yet,
 * so a desktop user's last workspace carries over. Errors degrade to "nothing remembered".
 */
export function engineWorkspaceMemory(
  client: LupoClient,
  fallback: WorkspaceMemory = NO_WORKSPACE_MEMORY,
): WorkspaceMemory {
  return {
    async recall() {
      try {
        const settings = await client.call('app/settings-get', {});
        return settings.lastWorkspace ?? (await fallback.recall());
      } catch {
        return fallback.recall();
      }
    },
    remember(path) {
      fallback.remember(path);
      void client.call('app/settings-set', { lastWorkspace: path ?? null }).catch(() => {});
    },
  };
}

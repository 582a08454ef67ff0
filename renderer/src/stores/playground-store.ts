import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { ConnectionInfo, ConnectionParams } from '../../../shared/contract/connection';
import type { SandboxView } from '../../../shared/contract/sandbox';
import type { DatabaseRole } from '../../../shared/schema/model';
import { toUiError, type UiError } from '../lib/ui-error';

/** The playground always listens here (the engine binds it to loopback only). */
export const PLAYGROUND_HOST = '127.0.0.1';

/** State and actions of the local playground (the engine's disposable sandbox server). */
export interface PlaygroundState {
  /** The last status the engine reported; undefined until the first `refresh`. */
  readonly view?: SandboxView;
  /** A start or stop is under way (the buttons wait for it). */
  readonly busy?: 'starting' | 'stopping';
  /** The last failure (no server binary, a damaged state file…) with its hint. */
  readonly error?: UiError;
  /** Asks the engine whether the playground runs. */
  refresh(): Promise<void>;
  /** Starts the playground (or finds the running one); resolves to its view, or undefined when it failed. */
  start(): Promise<SandboxView | undefined>;
  /** Stops the playground and deletes its data; true when it stopped (or none ran). */
  stop(): Promise<boolean>;
  /** Hides the last error. */
  clearError(): void;
}

/** A store of the local playground. */
export type PlaygroundStore = StoreApi<PlaygroundState>;

/**
 * Creates the playground store. Start and stop are refused while one of them runs, so a
 * double click never races; the engine serialises them too.
 */
export function createPlaygroundStore(client: LupoClient): PlaygroundStore {
  return createStore<PlaygroundState>()((set, get) => ({
    async refresh() {
      try {
        set({ view: await client.call('sandbox/status', {}) });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    async start() {
      if (get().busy) return undefined;
      set({ busy: 'starting', error: undefined });
      try {
        const view = await client.call('sandbox/start', {});
        set({ view, busy: undefined });
        return view;
      } catch (error) {
        set({ busy: undefined, error: toUiError(error) });
        return undefined;
      }
    },
    async stop() {
      if (get().busy) return false;
      set({ busy: 'stopping', error: undefined });
      try {
        await client.call('sandbox/stop', {});
        set({ view: { running: false }, busy: undefined });
        return true;
      } catch (error) {
        set({ busy: undefined, error: toUiError(error) });
        return false;
      }
    },
    clearError: () => set({ error: undefined }),
  }));
}

/**
 * The direct-connect parameters of the running playground: 127.0.0.1, its port, root
 * without password, and the given role database names (the open workspace's). Undefined
 * when it does not run.
 */
export function playgroundConnectParams(
  view: SandboxView | undefined,
  databases?: Readonly<Record<DatabaseRole, string>>,
): ConnectionParams | undefined {
  if (!view?.running || view.port === undefined) return undefined;
  return {
    host: PLAYGROUND_HOST,
    port: view.port,
    user: 'root',
    ...(databases ? { databases: { ...databases } } : {}),
  };
}

/** True when the open connection is the running playground (so stopping it must disconnect first). */
export function isPlaygroundConnection(info: ConnectionInfo | undefined, view: SandboxView | undefined): boolean {
  return Boolean(
    info && view?.running && view.port !== undefined && info.endpoint === `${PLAYGROUND_HOST}:${view.port}`,
  );
}

/**
 * One line for the card: "Running at 127.0.0.1:PORT since 14:05 (10.11.6-MariaDB)", "Not
 * running" or "Checking…" before the first status. `formatTime` is injectable for tests.
 */
export function playgroundStatusText(
  view: SandboxView | undefined,
  formatTime: (iso: string) => string = (iso) => new Date(iso).toLocaleString(),
): string {
  if (!view) return 'Checking…';
  if (!view.running) return 'Not running';
  const since = view.startedAt ? ` since ${formatTime(view.startedAt)}` : '';
  const version = view.serverVersion ? ` (${view.serverVersion})` : '';
  return `Running at ${PLAYGROUND_HOST}:${view.port ?? '?'}${since}${version}`;
}

/**
 * Where the connection screen puts the card: prominently when the operator has no saved
 * profile (the playground is the default "first connection"), compact otherwise.
 */
export function playgroundPlacement(profilesLoaded: boolean, profileCount: number): 'prominent' | 'compact' {
  return profilesLoaded && profileCount === 0 ? 'prominent' : 'compact';
}

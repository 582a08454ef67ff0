import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { ConnectionInfo, ConnectionParams } from '../../../shared/contract/connection';
import { toUiError, type UiError } from '../lib/ui-error';

/** Where the connection is in its life. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'error';

/** State and actions of the connection domain (the renderer never sees a stored password). */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  readonly info?: ConnectionInfo;
  readonly error?: UiError;
  /** Connects with typed-in parameters; the password only travels in this one call. */
  open(params: ConnectionParams): Promise<void>;
  /** Closes the open connection (if any) and forgets it. */
  close(): Promise<void>;
  /** Lists the databases again (after an apply, for instance). */
  refreshDatabases(): Promise<void>;
  /** Hides the last error (the operator edits the form again). */
  clearError(): void;
}

/** A store of the connection domain, talking to the engine through `client`. */
export type ConnectionStore = StoreApi<ConnectionState>;

/**
 * Creates the connection store. One connection at a time: opening a new one closes the
 * previous one, so pools never leak in the main process.
 */
export function createConnectionStore(client: LupoClient): ConnectionStore {
  return createStore<ConnectionState>()((set, get) => ({
    status: 'idle',
    async open(params) {
      const previous = get().info;
      set({ status: 'connecting', error: undefined });
      try {
        const info = await client.call('connection/open', params);
        if (previous && previous.connectionId !== info.connectionId) {
          await client.call('connection/close', { connectionId: previous.connectionId }).catch(() => undefined);
        }
        set({ status: 'connected', info, error: undefined });
      } catch (error) {
        set({ status: previous ? 'connected' : 'error', error: toUiError(error) });
      }
    },
    async close() {
      const info = get().info;
      set({ status: 'idle', info: undefined, error: undefined });
      if (info) await client.call('connection/close', { connectionId: info.connectionId }).catch(() => undefined);
    },
    async refreshDatabases() {
      const info = get().info;
      if (!info) return;
      try {
        const { databases } = await client.call('connection/list-databases', { connectionId: info.connectionId });
        if (get().info?.connectionId === info.connectionId) set({ info: { ...info, databases } });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    clearError() {
      set({ error: undefined, status: get().info ? 'connected' : 'idle' });
    },
  }));
}

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { SchemaModel } from '../../../shared/schema/model';
import { toUiError, type UiError } from '../lib/ui-error';

/** State and actions of the schema domain: the models the explorer, map and drift view show. */
export interface SchemaState {
  /** The live databases' model, for the connection id in `liveConnectionId`. */
  readonly live?: SchemaModel;
  readonly liveConnectionId?: string;
  /** The open workspace's definitions model. */
  readonly definitions?: SchemaModel;
  readonly loadingLive: boolean;
  readonly loadingDefinitions: boolean;
  readonly error?: UiError;
  /** Introspects the live databases of a connection (again). */
  loadLive(connectionId: string): Promise<void>;
  /** Loads the definitions model of the open workspace (again). */
  loadDefinitions(): Promise<void>;
  /** Forgets the live model (on disconnect). */
  clearLive(): void;
}

/** A schema store. */
export type SchemaStore = StoreApi<SchemaState>;

/** Creates the schema store; a newer load supersedes an older one still in flight. */
export function createSchemaStore(client: LupoClient): SchemaStore {
  let liveTicket = 0;
  let definitionsTicket = 0;
  return createStore<SchemaState>()((set) => ({
    loadingLive: false,
    loadingDefinitions: false,
    async loadLive(connectionId) {
      const ticket = ++liveTicket;
      set({ loadingLive: true, error: undefined });
      try {
        const live = await client.call('schema/introspect', { connectionId });
        if (ticket === liveTicket)
          set({ live: live as SchemaModel, liveConnectionId: connectionId, loadingLive: false });
      } catch (error) {
        if (ticket === liveTicket) set({ loadingLive: false, error: toUiError(error) });
      }
    },
    async loadDefinitions() {
      const ticket = ++definitionsTicket;
      set({ loadingDefinitions: true, error: undefined });
      try {
        const definitions = await client.call('workspace/model', { source: 'definitions' });
        if (ticket === definitionsTicket) set({ definitions: definitions as SchemaModel, loadingDefinitions: false });
      } catch (error) {
        if (ticket === definitionsTicket) set({ loadingDefinitions: false, error: toUiError(error) });
      }
    },
    clearLive() {
      liveTicket++;
      set({ live: undefined, liveConnectionId: undefined, loadingLive: false });
    },
  }));
}

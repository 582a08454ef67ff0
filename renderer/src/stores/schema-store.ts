import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { SchemaModel } from '../../../shared/schema/model';
import { joinModelPages, tableCount, type ModelPageRequest } from '../../../shared/schema/model-page';
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
  /**
   * Introspects the live databases of a connection (again); with `after`, counts as loading
   * at once but reads only once `after` settled (see loadForConnection).
   */
  loadLive(connectionId: string, after?: Promise<unknown>): Promise<void>;
  /** Loads the definitions model of the open workspace (again). */
  loadDefinitions(): Promise<void>;
  /** Forgets the live model (on disconnect). */
  clearLive(): void;
  /**
   * Forgets the definitions, which are another workspace's once a workspace opens (see
   * stale-resets.ts); they count as loading until the new workspace's arrive, and a load of
   * the old ones still in flight is dropped.
   */
  forgetDefinitions(): void;
}

/** A schema store. */
export type SchemaStore = StoreApi<SchemaState>;

/**
 * Tables a page: a page is read and validated in well under 100 ms, so a 10,000-table
 * model never blocks the page (one message of the whole model took seconds). 100 rather
 * than 150: on a loaded machine a 150-table page's validation and merge came near 100 ms.
 */
export const MODEL_PAGE_SIZE = 100;

/** Reads a model page by page until a page comes back short; undefined when superseded meanwhile. */
async function readPaged(
  read: (page: ModelPageRequest) => Promise<SchemaModel>,
  current: () => boolean,
): Promise<SchemaModel | undefined> {
  const pages: SchemaModel[] = [];
  for (let offset = 0; ; offset += MODEL_PAGE_SIZE) {
    const page = await read({ offset, limit: MODEL_PAGE_SIZE });
    if (!current()) return undefined;
    pages.push(page);
    if (tableCount(page) < MODEL_PAGE_SIZE) return joinModelPages(pages);
  }
}

/** Creates the schema store; a newer load supersedes an older one still in flight. */
export function createSchemaStore(client: LupoClient): SchemaStore {
  let liveTicket = 0;
  let definitionsTicket = 0;
  return createStore<SchemaState>()((set) => ({
    loadingLive: false,
    loadingDefinitions: false,
    async loadLive(connectionId, after) {
      const ticket = ++liveTicket;
      set({ loadingLive: true, error: undefined });
      try {
        if (after) await after.catch(() => undefined);
        if (ticket !== liveTicket) return;
        const live = await readPaged(
          async (page) => (await client.call('schema/introspect', { connectionId, page })) as SchemaModel,
          () => ticket === liveTicket,
        );
        if (live && ticket === liveTicket) set({ live, liveConnectionId: connectionId, loadingLive: false });
      } catch (error) {
        if (ticket === liveTicket) set({ loadingLive: false, error: toUiError(error) });
      }
    },
    async loadDefinitions() {
      const ticket = ++definitionsTicket;
      set({ loadingDefinitions: true, error: undefined });
      try {
        const definitions = await readPaged(
          async (page) => (await client.call('workspace/model', { source: 'definitions', page })) as SchemaModel,
          () => ticket === definitionsTicket,
        );
        if (definitions && ticket === definitionsTicket) set({ definitions, loadingDefinitions: false });
      } catch (error) {
        if (ticket === definitionsTicket) set({ loadingDefinitions: false, error: toUiError(error) });
      }
    },
    clearLive() {
      liveTicket++;
      set({ live: undefined, liveConnectionId: undefined, loadingLive: false });
    },
    forgetDefinitions() {
      definitionsTicket++;
      set({ definitions: undefined, loadingDefinitions: true });
    },
  }));
}

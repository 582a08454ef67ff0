import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { HistoryBatchView, UnfinishedRunView } from '../../../shared/contract/migration';
import { toUiError, type UiError } from '../lib/ui-error';

/** State and actions of the overview's ledger glance: the last batch and any unfinished run. */
export interface RunsState {
  /** The connection the figures were read from (a newer connection makes them stale). */
  readonly connectionId?: string;
  readonly ledgerDatabase?: string;
  readonly ledgerPresent: boolean;
  /** The newest batch of the ledger (apply, rollback or rehearsal). */
  readonly lastBatch?: HistoryBatchView;
  /** Crashed or failed batches waiting for a resume / roll back choice. */
  readonly unfinished: readonly UnfinishedRunView[];
  readonly loading: boolean;
  readonly error?: UiError;
  /** Reads the last batch and the unfinished runs of a connection's ledger. */
  load(connectionId: string): Promise<void>;
  /** Forgets everything (on disconnect). */
  clear(): void;
}

/** A runs store. */
export type RunsStore = StoreApi<RunsState>;

/**
 * Creates the runs store. It reads only what the overview shows (one batch, the
 * unfinished list) so it stays cheap to reload after every run; a newer load supersedes
 * an older one still in flight.
 */
export function createRunsStore(client: LupoClient): RunsStore {
  let ticket = 0;
  return createStore<RunsState>()((set) => ({
    ledgerPresent: false,
    unfinished: [],
    loading: false,
    async load(connectionId) {
      const mine = ++ticket;
      set({ loading: true, error: undefined });
      try {
        const history = await client.call('history/batches', { connectionId, limit: 1 });
        // A 0.1 ledger is listed read-only (LEDGER §5d.9); it has nothing to resume until converted.
        const { runs } =
          history.ledgerPresent && history.ledgerFormat !== 'lupo-admin-0.1'
            ? await client.call('migration/unfinished', { connectionId })
            : { runs: [] };
        if (mine !== ticket) return;
        set({
          connectionId,
          ledgerDatabase: history.ledgerDatabase,
          ledgerPresent: history.ledgerPresent,
          lastBatch: history.batches[0],
          unfinished: runs,
          loading: false,
        });
      } catch (error) {
        if (mine === ticket) set({ connectionId, loading: false, error: toUiError(error) });
      }
    },
    clear() {
      ticket++;
      set({
        connectionId: undefined,
        ledgerDatabase: undefined,
        ledgerPresent: false,
        lastBatch: undefined,
        unfinished: [],
        loading: false,
        error: undefined,
      });
    },
  }));
}

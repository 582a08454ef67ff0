import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../../shared/contract/client';
import type { HistoryBatchDetailView, HistoryBatchView } from '../../../../shared/contract/migration';
import { toUiError, type UiError } from '../../lib/ui-error';

/** State and actions of the history screen: the ledger's batches and the selected one's detail. */
export interface HistoryState {
  readonly ledgerDatabase?: string;
  readonly ledgerPresent: boolean;
  readonly batches: readonly HistoryBatchView[];
  readonly selected?: HistoryBatchDetailView;
  readonly loading: boolean;
  readonly error?: UiError;
  load(connectionId: string): Promise<void>;
  select(connectionId: string, batchId: number): Promise<void>;
  acknowledge(connectionId: string, alertId: number): Promise<void>;
}

/** A history store. */
export type HistoryStore = StoreApi<HistoryState>;

/** Formats a ledger timestamp (`YYYYMMDDHHMMSS` UTC) for display; 0 → "—". */
export function formatLedgerTime(value: number | undefined): string {
  const s = String(value ?? 0);
  if (!/^\d{14}$/.test(s)) return '—';
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)} UTC`;
}

/** Batches that can be rolled back: applied and completed, not rolled back yet. */
export function rollbackCandidates(batches: readonly HistoryBatchView[]): HistoryBatchView[] {
  return batches.filter((b) => b.kind === 'apply' && b.status === 'completed');
}

/** Creates the history store; a newer load supersedes an older one still in flight. */
export function createHistoryStore(client: LupoClient): HistoryStore {
  let ticket = 0;
  return createStore<HistoryState>()((set, get) => ({
    ledgerPresent: false,
    batches: [],
    loading: false,
    async load(connectionId) {
      const mine = ++ticket;
      set({ loading: true, error: undefined });
      try {
        const { ledgerDatabase, ledgerPresent, batches } = await client.call('history/batches', { connectionId });
        if (mine !== ticket) return;
        const selectedId = get().selected?.batch.batchId;
        set({ ledgerDatabase, ledgerPresent, batches, loading: false });
        if (selectedId !== undefined && batches.some((b) => b.batchId === selectedId))
          await get().select(connectionId, selectedId);
        else set({ selected: undefined });
      } catch (error) {
        if (mine === ticket) set({ loading: false, error: toUiError(error) });
      }
    },
    async select(connectionId, batchId) {
      try {
        set({ selected: await client.call('history/batch', { connectionId, batchId }), error: undefined });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    async acknowledge(connectionId, alertId) {
      try {
        await client.call('history/acknowledge-alert', { connectionId, alertId });
        const selected = get().selected;
        if (selected) await get().select(connectionId, selected.batch.batchId);
        const { batches } = await client.call('history/batches', { connectionId });
        set({ batches });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
  }));
}

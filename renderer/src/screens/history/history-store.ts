import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../../shared/contract/client';
import type { HistoryBatchDetailView, HistoryBatchView } from '../../../../shared/contract/migration';
import { formatYmdhis } from '../../../../shared/ymdhis';
import { toUiError, type UiError } from '../../lib/ui-error';

/** State and actions of the history screen: the ledger's batches and the selected one's detail. */
export interface HistoryState {
  readonly ledgerDatabase?: string;
  readonly ledgerPresent: boolean;
  /** The ledger's shape (LEDGER §5a): `lupopedia`, `empty`, `lupo-admin-0.1` (convertible)… */
  readonly ledgerFormat?: string;
  /** Why the ledger cannot be used as is, and what to do. */
  readonly ledgerMessage?: string;
  readonly converting: boolean;
  readonly batches: readonly HistoryBatchView[];
  readonly selected?: HistoryBatchDetailView;
  readonly loading: boolean;
  readonly error?: UiError;
  load(connectionId: string): Promise<void>;
  select(connectionId: string, batchId: number, batchKey?: string): Promise<void>;
  acknowledge(connectionId: string, alertId: number): Promise<void>;
  /** Converts a Lupo Admin 0.1 ledger (the operator confirmed), then reloads. */
  convert(connectionId: string): Promise<void>;
}

/** A history store. */
export type HistoryStore = StoreApi<HistoryState>;

/** Formats a ledger timestamp (`YYYYMMDDHHMMSS` UTC) for display; 0 → "—". */
export function formatLedgerTime(value: number | undefined): string {
  return formatYmdhis(value ?? 0);
}

/** Batches that can be rolled back: Lupo Admin's applies (not a 0.1 ledger's), completed, not rolled back yet (ids > 0 only). */
export function rollbackCandidates(batches: readonly HistoryBatchView[]): HistoryBatchView[] {
  // 0.1 ledger rows are read-only until converted (LEDGER §5d.9).
  return batches.filter(
    (b) => b.kind === 'apply' && b.status === 'completed' && b.batchId > 0 && b.origin !== 'lupo-admin-0.1',
  );
}

/** Who wrote a batch, as the history labels it. */
export function originLabel(batch: HistoryBatchView): string {
  return batch.origin === 'lupopedia'
    ? 'Lupopedia'
    : batch.origin === 'lupo-admin-0.1'
      ? 'Lupo Admin 0.1'
      : 'Lupo Admin';
}

/** A stable key for a history entry (ids can be 0 or repeated in rows written by others). */
export function entryKey(batch: HistoryBatchView): string {
  return batch.origin === 'lupopedia' ? batch.batchKey : String(batch.batchId);
}

/** Creates the history store; a newer load supersedes an older one still in flight. */
export function createHistoryStore(client: LupoClient): HistoryStore {
  let ticket = 0;
  return createStore<HistoryState>()((set, get) => ({
    ledgerPresent: false,
    converting: false,
    batches: [],
    loading: false,
    async load(connectionId) {
      const mine = ++ticket;
      set({ loading: true, error: undefined });
      try {
        const result = await client.call('history/batches', { connectionId });
        if (mine !== ticket) return;
        const { ledgerDatabase, ledgerPresent, batches } = result;
        const selected = get().selected?.batch;
        set({
          ledgerDatabase,
          ledgerPresent,
          batches,
          ledgerFormat: result.ledgerFormat,
          ledgerMessage: result.ledgerMessage,
          loading: false,
        });
        if (selected && batches.some((b) => b.batchKey === selected.batchKey))
          await get().select(connectionId, selected.batchId, selected.batchKey);
        else set({ selected: undefined });
      } catch (error) {
        if (mine === ticket) set({ loading: false, error: toUiError(error) });
      }
    },
    async select(connectionId, batchId, batchKey) {
      try {
        const request = batchKey === undefined ? { connectionId, batchId } : { connectionId, batchId, batchKey };
        set({ selected: await client.call('history/batch', request), error: undefined });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    async acknowledge(connectionId, alertId) {
      try {
        await client.call('history/acknowledge-alert', { connectionId, alertId });
        const selected = get().selected;
        if (selected) await get().select(connectionId, selected.batch.batchId, selected.batch.batchKey);
        const { batches } = await client.call('history/batches', { connectionId });
        set({ batches });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    async convert(connectionId) {
      set({ converting: true, error: undefined });
      try {
        await client.call('history/convert-ledger', { connectionId, confirm: true });
        set({ converting: false });
        await get().load(connectionId);
      } catch (error) {
        set({ converting: false, error: toUiError(error) });
      }
    },
  }));
}

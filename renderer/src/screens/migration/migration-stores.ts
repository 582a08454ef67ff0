import { useStore } from 'zustand';
import { lupo } from '../../api/lupo';
import { refreshAfterRun } from '../../stores/app-flows';
import { connectionStore, navigationStore, workspaceStore } from '../../stores/app-stores';
import { resetStaleWizards } from '../../stores/stale-resets';
import { createMigrationStore, type MigrationState } from '../../stores/migration-store';
import { createHistoryStore, type HistoryState } from '../history/history-store';
import { createRollbackStore, type RollbackState } from '../rollback/rollback-store';

/**
 * The migration, rollback and history store instances bound to the real transport, each
 * subscribed to job events once for the app's lifetime (a job keeps reporting while the
 * operator looks at another screen).
 */
export const migrationStore = createMigrationStore(lupo);
export const rollbackStore = createRollbackStore(lupo);
export const historyStore = createHistoryStore(lupo);
migrationStore.getState().listen();
rollbackStore.getState().listen();

// After an apply, resume or rollback ends, the sidebar's table counts, the live model,
// the analysis and the overview's ledger glance are stale: reload them.
migrationStore.subscribe((state, previous) => {
  if (previous.run?.status === 'running' && state.run && state.run.status !== 'running') refreshAfterRun();
});
rollbackStore.subscribe((state, previous) => {
  if (previous.run?.status === 'running' && state.run && state.run.status !== 'running') refreshAfterRun();
});

// Another server or workspace: the wizards' results are not this one's.
resetStaleWizards({
  connection: connectionStore,
  workspace: workspaceStore,
  migration: migrationStore,
  rollback: rollbackStore,
});

/** Selects from the migration wizard store. */
export const useMigration = <T>(selector: (state: MigrationState) => T): T => useStore(migrationStore, selector);
/** Selects from the rollback wizard store. */
export const useRollback = <T>(selector: (state: RollbackState) => T): T => useStore(rollbackStore, selector);
/** Selects from the history store. */
export const useHistory = <T>(selector: (state: HistoryState) => T): T => useStore(historyStore, selector);

/** Opens the rollback wizard on `batchId` (from the history, the overview or a stopped run). */
export function openRollback(connectionId: string, batchId: number): void {
  navigationStore.getState().go('rollback');
  void rollbackStore.getState().pick(connectionId, batchId);
}

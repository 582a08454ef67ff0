import { useStore } from 'zustand';
import { lupo } from '../../api/lupo';
import { connectionStore, workspaceStore } from '../../stores/app-stores';
import { createReportStore, type ReportState } from '../../stores/report-store';

/** The app's report store instance, bound to the real transport. */
export const reportStore = createReportStore(lupo);

/** Selects from the report store. */
export const useReport = <T>(selector: (state: ReportState) => T): T => useStore(reportStore, selector);

/**
 * Opens the export dialog for the current state: against the live databases when connected;
 * with `batchId` (the migration wizard after an apply) the report carries that batch's
 * migration file and execution.
 */
export function openReportDialog(batchId?: number): void {
  void reportStore
    .getState()
    .open(connectionStore.getState().info?.connectionId, batchId, workspaceStore.getState().summary?.root);
}

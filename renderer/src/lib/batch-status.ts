import type { HistoryBatchView } from '../../../shared/contract/migration';

/** The Mantine colour of each ledger batch status, so history and the overview read alike. */
export const BATCH_STATUS_COLORS: Readonly<Record<HistoryBatchView['status'], string>> = {
  pending: 'gray',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  rolled_back: 'orange',
  abandoned: 'gray',
  unknown: 'gray',
};

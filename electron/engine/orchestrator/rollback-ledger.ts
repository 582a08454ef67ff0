import type { Ledger } from './ledger';
import { ymdhis } from './ymdhis';

/** The `migration_rollback_log` row of a rollback batch. */
export interface RollbackLogRow {
  readonly id: number;
  /** The apply batch being rolled back. */
  readonly batchId: number;
  readonly backupPath: string | null;
}

/** The rollback log row opened by rollback batch `rollbackBatchId` (newest), if any. */
export async function rollbackLogOf(ledger: Ledger, rollbackBatchId: number): Promise<RollbackLogRow | undefined> {
  const rows = await ledger.tables.select(
    `SELECT migration_rollback_log_id, migration_batch_id, backup_path FROM ${ledger.tables.qualified('migration_rollback_log')}
      WHERE rollback_batch_id = ? AND is_deleted = 0 ORDER BY migration_rollback_log_id DESC LIMIT 1`,
    [rollbackBatchId],
  );
  const row = rows[0];
  return row
    ? {
        id: Number(row.migration_rollback_log_id),
        batchId: Number(row.migration_batch_id),
        backupPath: row.backup_path === null ? null : String(row.backup_path),
      }
    : undefined;
}

/** Marks a rollback log row running again (a resumed rollback); its start time stays. */
export async function reopenRollbackLog(ledger: Ledger, id: number): Promise<void> {
  await ledger.tables.update('migration_rollback_log', id, {
    status: 'running',
    ended_ymdhis: null,
    updated_ymdhis: ymdhis(),
  });
}

/**
 * Marks an apply batch and its files `rolled_back` without touching the batch's
 * `started_ymdhis`/`ended_ymdhis`: those stay the apply's own times; the rollback's times
 * are on the rollback batch and its `migration_rollback_log` row.
 */
export async function markBatchRolledBack(ledger: Ledger, batchId: number): Promise<void> {
  await ledger.tables.update('migration_batches', batchId, { status: 'rolled_back', updated_ymdhis: ymdhis() });
  for (const file of await ledger.batchFiles(batchId)) await ledger.setFileStatus(file.fileId, 'rolled_back');
}

/**
 * Closes a successful rollback, whether it ran in one go or was resumed after a crash:
 * the log row `completed` (backup path kept) and the rolled-back apply batch `rolled_back`.
 */
export async function completeRollback(ledger: Ledger, log: RollbackLogRow): Promise<void> {
  await ledger.finishRollbackLog(log.id, 'completed', log.backupPath);
  await markBatchRolledBack(ledger, log.batchId);
}

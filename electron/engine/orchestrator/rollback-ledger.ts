import type { Ledger } from './ledger';
import { lupoAdminProps, propSql } from './ledger-tables';
import { ymdhis } from './ymdhis';

/** The `migration_rollback_log` row of a rollback batch. */
export interface RollbackLogRow {
  readonly id: number;
  /** The apply batch being rolled back. */
  readonly batchId: number;
  readonly backupPath: string | null;
}

/** The rollback log row opened by rollback batch `rollbackBatchId` (newest; `P.rollback_batch_id`), if any. */
export async function rollbackLogOf(ledger: Ledger, rollbackBatchId: number): Promise<RollbackLogRow | undefined> {
  const rows = await ledger.tables.select(
    `SELECT rollback_id, batch_id, properties FROM ${ledger.tables.qualified('migration_rollback_log')}
      WHERE ${propSql('', 'rollback_batch_id')} = ? AND rollback_id > 0 AND is_deleted = 0
      ORDER BY created_ymdhis DESC, rollback_id DESC LIMIT 1`,
    [String(rollbackBatchId)],
  );
  const row = rows[0];
  if (!row) return undefined;
  const backup = lupoAdminProps(row.properties).backup_path;
  return {
    id: Number(row.rollback_id),
    batchId: Number(row.batch_id),
    backupPath: typeof backup === 'string' && backup ? backup : null,
  };
}

/** Marks a rollback log row running again (a resumed rollback); its start time stays. */
export async function reopenRollbackLog(ledger: Ledger, id: number): Promise<void> {
  await ledger.tables.patch(
    'migration_rollback_log',
    id,
    { rollback_status: 'running', error_message: null, updated_ymdhis: ymdhis() },
    { ended_ymdhis: 0 },
  );
}

/**
 * Marks an apply batch and its files `rolled_back` (file state 7) without touching the
 * batch's `started_ymdhis`/`completed_ymdhis`: those stay the apply's own times; the
 * rollback's times are on the rollback batch and its `migration_rollback_log` row.
 */
export async function markBatchRolledBack(ledger: Ledger, batchId: number): Promise<void> {
  await ledger.tables.update('migration_batches', batchId, { batch_status: 'rolled_back', updated_ymdhis: ymdhis() });
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

/**
 * Records a backup a resumed rollback wrote (rows found in tables it had not dropped yet):
 * the log row's data-loss flag is set; the backup becomes its `backup_path` when the
 * rollback had none, else it is added to `resume_backup_paths` (the first backup keeps what
 * was dropped before the interruption; every later resume's backup stays named, however
 * many crashes there were). Returns the row as it now stands.
 */
export async function recordResumeBackup(
  ledger: Ledger,
  log: RollbackLogRow,
  backupPath: string,
): Promise<RollbackLogRow> {
  const first = log.backupPath === null;
  await ledger.tables.patch(
    'migration_rollback_log',
    log.id,
    { updated_ymdhis: ymdhis() },
    { data_loss_warning: 1, ...(first ? { backup_path: backupPath } : {}) },
    {},
    first ? {} : { resume_backup_paths: backupPath },
  );
  return first ? { ...log, backupPath } : log;
}

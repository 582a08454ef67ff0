import type { Pool, PoolConnection } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { Ledger } from './ledger';
import { guardRollback, refuseDataLoss } from './rollback-guard';
import { recordResumeBackup, type RollbackLogRow } from './rollback-ledger';
import type { ExecutionStep } from './steps';
import { backupScope, writeTableBackup } from './table-backup';

/** What the data-loss rule needs to resume a rollback batch. */
export interface ResumedRollbackGuardInput {
  readonly targetDatabase: string;
  /** The interrupted rollback batch. */
  readonly rollbackBatchId: number;
  readonly log: RollbackLogRow;
  /** The journaled steps that have not taken effect yet (the ones the resume will run). */
  readonly remaining: readonly ExecutionStep[];
  readonly allowDataLoss: boolean;
  /** The workspace's backups folder; needed only when a remaining drop holds rows. */
  readonly backupDir?: string;
}

/**
 * The rollback data-loss rule, applied again when an interrupted rollback is resumed: rows
 * may have arrived in the tables it has not dropped yet since it started (or since the
 * crash). Probes the remaining steps' drops now, under the target's lock; refuses with
 * `rollback/data-loss` when any holds rows and `allowDataLoss` is not set; otherwise backs
 * those tables up (same writer, same folder as `executeRollback`) and records the backup on
 * the rollback's log row. Returns the log row as it now stands, and the new backup if any.
 */
export async function guardResumedRollback(
  pool: Pool,
  connection: PoolConnection,
  ledger: Ledger,
  input: ResumedRollbackGuardInput,
): Promise<{ readonly log: RollbackLogRow; readonly backupPath?: string }> {
  if (input.remaining.length === 0) return { log: input.log };
  // The journal keeps the SQL, not the guard's marks: classify the remaining steps again.
  // (Probed on the pool, as executeRollback does: its probe queries run side by side.)
  const { drops } = await guardRollback(pool, input.targetDatabase, input.remaining);
  if (!input.allowDataLoss) refuseDataLoss(input.log.batchId, drops, 'resume');
  const scope = backupScope(drops);
  if (scope.tables.length === 0) return { log: input.log };
  if (!input.backupDir) {
    throw new LupoError(
      'rollback/no-backup-dir',
      `Resuming rollback batch ${input.rollbackBatchId} must back up rows first, and no backups folder was given.`,
      { hint: 'Resume from a workspace (its backups folder is used).' },
    );
  }
  const backupPath = await writeTableBackup(
    connection,
    input.targetDatabase,
    scope.tables,
    input.backupDir,
    // Its own name: a backup written in the same second as the rollback's first one would replace it.
    `batch-${input.log.batchId}-resume`,
    scope.columns,
  );
  return { log: await recordResumeBackup(ledger, input.log, backupPath), backupPath };
}

import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { HistoryBatchDetailView, HistoryBatchView } from '../../../shared/contract/migration';
import { LupoError } from '../../../shared/errors';
import { currentRunner, Ledger } from '../orchestrator/ledger';
import { ymdhis } from '../orchestrator/ymdhis';

/**
 * Read side of the orchestration ledger for the history screen: batches with their file
 * counts and open alerts, one batch's files / validation log / alerts / rollbacks, and the
 * one write the screen makes (acknowledging an alert). Every value is a bound parameter;
 * table names come from the Ledger's own qualifier.
 */

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const optionalNum = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);
const optionalText = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

/** True when the ledger's batch and file tables exist in `database`. */
export async function ledgerPresent(pool: Pool, database: string): Promise<boolean> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('migration_batches', 'migration_files', 'migration_alerts', 'migration_validation_log', 'migration_rollback_log')",
    [database],
  );
  return Number(rows[0]?.n) === 5;
}

function toHistoryBatch(row: RowDataPacket): HistoryBatchView {
  return {
    batchId: num(row.migration_batch_id),
    batchKey: String(row.batch_key),
    status: String(row.status) as HistoryBatchView['status'],
    kind: String(row.batch_kind) as HistoryBatchView['kind'],
    targetDatabase: String(row.target_database),
    startedYmdhis: num(row.started_ymdhis),
    endedYmdhis: num(row.ended_ymdhis),
    runner: { user: String(row.operator_name ?? 'unknown'), host: String(row.host_name ?? 'unknown') },
    filesTotal: num(row.files_total),
    filesCompleted: num(row.files_completed),
    filesFailed: num(row.files_failed),
    openAlerts: num(row.open_alerts),
  };
}

async function selectBatches(
  ledger: Ledger,
  where: string,
  params: (string | number)[],
  limit: number,
): Promise<HistoryBatchView[]> {
  const t = (name: string): string => ledger.tables.qualified(name);
  const rows = await ledger.tables.select(
    `SELECT b.migration_batch_id, b.batch_key, b.status, b.batch_kind, b.target_database, b.started_ymdhis, b.ended_ymdhis,
            b.operator_name, b.host_name, b.files_total, b.files_completed, b.files_failed,
            (SELECT COUNT(*) FROM ${t('migration_alerts')} a
              WHERE a.migration_batch_id = b.migration_batch_id AND a.is_acknowledged = 0 AND a.is_deleted = 0) AS open_alerts
       FROM ${t('migration_batches')} b
      WHERE b.is_deleted = 0 ${where}
      ORDER BY b.migration_batch_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  return rows.map(toHistoryBatch);
}

/** The newest `limit` batches of the ledger in `ledgerDatabase`, newest first. */
export async function readHistoryBatches(
  pool: Pool,
  ledgerDatabase: string,
  limit: number,
): Promise<HistoryBatchView[]> {
  const ledger = await Ledger.open(pool, ledgerDatabase);
  return selectBatches(ledger, '', [], limit);
}

/** One batch with its files, validation log, alerts and rollback-log rows; `history/no-batch` when absent. */
export async function readHistoryBatch(
  pool: Pool,
  ledgerDatabase: string,
  batchId: number,
): Promise<HistoryBatchDetailView> {
  const ledger = await Ledger.open(pool, ledgerDatabase);
  const t = (name: string): string => ledger.tables.qualified(name);
  const [batch] = await selectBatches(ledger, 'AND b.migration_batch_id = ?', [batchId], 1);
  if (!batch) {
    throw new LupoError('history/no-batch', `Batch ${batchId} is not in the ledger of ${ledgerDatabase}.`, {
      hint: 'Reload the history: the batch list may be out of date.',
    });
  }
  const files = await ledger.tables.select(
    `SELECT migration_file_id, file_path, file_sha256, status, execution_order, statements_total, statements_applied,
            started_ymdhis, ended_ymdhis, duration_ms, error_code, error_message, retry_count
       FROM ${t('migration_files')} WHERE migration_batch_id = ? AND is_deleted = 0 ORDER BY execution_order, migration_file_id`,
    [batchId],
  );
  const validations = await ledger.tables.select(
    `SELECT migration_file_id, phase, check_name, result, details, checked_ymdhis
       FROM ${t('migration_validation_log')} WHERE migration_batch_id = ? AND is_deleted = 0 ORDER BY migration_validation_log_id`,
    [batchId],
  );
  const alerts = await ledger.tables.select(
    `SELECT migration_alert_id, migration_batch_id, alert_level, alert_code, message, is_acknowledged, acknowledged_by, acknowledged_ymdhis, created_ymdhis
       FROM ${t('migration_alerts')} WHERE migration_batch_id = ? AND is_deleted = 0 ORDER BY migration_alert_id`,
    [batchId],
  );
  const rollbacks = await ledger.tables.select(
    `SELECT migration_rollback_log_id, migration_batch_id, rollback_batch_id, classification, reason, status, data_loss_warning,
            backup_path, started_ymdhis, ended_ymdhis
       FROM ${t('migration_rollback_log')} WHERE (migration_batch_id = ? OR rollback_batch_id = ?) AND is_deleted = 0 ORDER BY migration_rollback_log_id`,
    [batchId, batchId],
  );
  return {
    batch,
    files: files.map((r) => {
      const path = String(r.file_path);
      const durationMs = optionalNum(r.duration_ms);
      const errorCode = optionalNum(r.error_code);
      const errorMessage = optionalText(r.error_message);
      return {
        fileId: num(r.migration_file_id),
        path,
        name: path.split(/[\\/]/).pop() ?? path,
        sha256: String(r.file_sha256),
        status: String(r.status),
        order: num(r.execution_order),
        statementsTotal: num(r.statements_total),
        statementsApplied: num(r.statements_applied),
        startedYmdhis: num(r.started_ymdhis),
        endedYmdhis: num(r.ended_ymdhis),
        ...(durationMs === undefined ? {} : { durationMs }),
        ...(errorCode === undefined ? {} : { errorCode }),
        ...(errorMessage === undefined ? {} : { errorMessage }),
        retries: num(r.retry_count),
      };
    }),
    validations: validations.map((r) => {
      const fileId = optionalNum(r.migration_file_id);
      return {
        ...(fileId === undefined ? {} : { fileId }),
        phase: String(r.phase),
        check: String(r.check_name),
        result: String(r.result),
        details: String(r.details ?? ''),
        checkedYmdhis: num(r.checked_ymdhis),
      };
    }),
    alerts: alerts.map((r) => {
      const owner = optionalNum(r.migration_batch_id);
      const by = optionalText(r.acknowledged_by);
      const at = optionalNum(r.acknowledged_ymdhis);
      return {
        alertId: num(r.migration_alert_id),
        ...(owner === undefined ? {} : { batchId: owner }),
        level: String(r.alert_level) as 'warning' | 'error' | 'critical',
        code: String(r.alert_code),
        message: String(r.message),
        acknowledged: num(r.is_acknowledged) === 1,
        ...(by === undefined ? {} : { acknowledgedBy: by }),
        ...(at === undefined ? {} : { acknowledgedYmdhis: at }),
        createdYmdhis: num(r.created_ymdhis),
      };
    }),
    rollbacks: rollbacks.map((r) => {
      const rollbackBatchId = optionalNum(r.rollback_batch_id);
      const backupPath = optionalText(r.backup_path);
      return {
        rollbackLogId: num(r.migration_rollback_log_id),
        batchId: num(r.migration_batch_id),
        ...(rollbackBatchId === undefined ? {} : { rollbackBatchId }),
        classification: String(r.classification),
        reason: String(r.reason ?? ''),
        status: String(r.status),
        dataLoss: num(r.data_loss_warning) === 1,
        ...(backupPath === undefined ? {} : { backupPath }),
        startedYmdhis: num(r.started_ymdhis),
        endedYmdhis: num(r.ended_ymdhis),
      };
    }),
  };
}

/** Marks an alert acknowledged by this process's operator; false when it was already acknowledged or is absent. */
export async function acknowledgeAlert(pool: Pool, ledgerDatabase: string, alertId: number): Promise<boolean> {
  const ledger = await Ledger.open(pool, ledgerDatabase);
  const now = ymdhis();
  const [result] = await pool.execute(
    `UPDATE ${ledger.tables.qualified('migration_alerts')}
        SET is_acknowledged = 1, acknowledged_by = ?, acknowledged_ymdhis = ?, updated_ymdhis = ?
      WHERE migration_alert_id = ? AND is_acknowledged = 0 AND is_deleted = 0`,
    [currentRunner().user, now, now, alertId],
  );
  return Number((result as { affectedRows?: number }).affectedRows ?? 0) === 1;
}

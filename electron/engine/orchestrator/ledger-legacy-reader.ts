import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { HistoryBatchDetailView, HistoryBatchView, HistoryFileView } from '../../../shared/contract/migration';
import { LupoError } from '../../../shared/errors';
import { quoteQualified } from '../sql/identifier';
import type { LedgerFileRow } from './ledger-file-rows';

/**
 * Read-only access to a ledger of Lupo Admin 0.1 (LEDGER §5a verdict `lupo-admin-0.1`,
 * §5d.9): lists its batches and files with the 0.1 columns so that `lupo status` and the
 * History screen show the operator's past runs before the ledger is converted. Every row is
 * labelled origin `lupo-admin-0.1`. Nothing here writes; every write path keeps refusing
 * (`ledger/legacy-format`) until `lupo ledger convert`.
 */

/** The label shown next to rows read from a 0.1 ledger. */
export const LEGACY_LEDGER_LABEL = 'Lupo Admin 0.1 ledger — convert it with `lupo ledger convert`';

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value) || 0);
const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

const BATCH_STATUSES = new Set(['pending', 'running', 'completed', 'failed', 'rolled_back', 'abandoned']);
const BATCH_KINDS = new Set(['apply', 'rollback', 'rehearsal']);

async function select(pool: Pool, sql: string, params: (string | number)[] = []): Promise<RowDataPacket[]> {
  const [rows] = await pool.query<RowDataPacket[]>(sql, params);
  return rows;
}

async function hasTable(pool: Pool, database: string, table: string): Promise<boolean> {
  const rows = await select(pool, 'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
    database,
    table,
  ]);
  return rows.length > 0;
}

function toBatch(r: RowDataPacket, openAlerts: number): HistoryBatchView {
  const status = String(r.status ?? '');
  const kind = String(r.batch_kind ?? '');
  return {
    batchId: Math.max(0, num(r.migration_batch_id)),
    batchKey: String(r.batch_key ?? `lupo01:${num(r.migration_batch_id)}`),
    status: (BATCH_STATUSES.has(status) ? status : 'unknown') as HistoryBatchView['status'],
    kind: (BATCH_KINDS.has(kind) ? kind : 'apply') as HistoryBatchView['kind'],
    targetDatabase: String(r.target_database ?? ''),
    startedYmdhis: num(r.started_ymdhis),
    endedYmdhis: num(r.ended_ymdhis),
    createdYmdhis: num(r.created_ymdhis),
    runner: { user: String(r.operator_name ?? 'unknown'), host: String(r.host_name ?? '—') },
    name: `${kind || 'apply'} on ${String(r.target_database ?? '—')} (${LEGACY_LEDGER_LABEL})`,
    origin: 'lupo-admin-0.1',
    filesTotal: Math.max(0, num(r.files_total)),
    filesCompleted: Math.max(0, num(r.files_completed)),
    filesFailed: Math.max(0, num(r.files_failed)),
    openAlerts,
  };
}

async function selectBatches(pool: Pool, database: string, where: string, params: number[], limit: number) {
  const alerts = (await hasTable(pool, database, 'migration_alerts'))
    ? `(SELECT COUNT(*) FROM ${quoteQualified(database, 'migration_alerts')} a
          WHERE a.migration_batch_id = b.migration_batch_id AND a.is_acknowledged = 0 AND a.is_deleted = 0)`
    : '0';
  const rows = await select(
    pool,
    `SELECT b.migration_batch_id, b.batch_key, b.target_database, b.batch_kind, b.status, b.files_total, b.files_completed,
            b.files_failed, b.operator_name, b.host_name, b.started_ymdhis, b.ended_ymdhis, b.created_ymdhis,
            ${alerts} AS open_alerts
       FROM ${quoteQualified(database, 'migration_batches')} b
      WHERE b.is_deleted = 0 ${where}
      ORDER BY b.created_ymdhis DESC, b.migration_batch_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  return rows.map((r) => toBatch(r, num(r.open_alerts)));
}

/** The newest `limit` batches of the 0.1 ledger in `database`, newest first, labelled `lupo-admin-0.1`. */
export async function readLegacyBatches(pool: Pool, database: string, limit: number): Promise<HistoryBatchView[]> {
  if (!(await hasTable(pool, database, 'migration_batches'))) return [];
  return selectBatches(pool, database, '', [], limit);
}

/** One file row of a 0.1 ledger as `lupo status` lists it (no Lupopedia state there). */
export type LegacyFileRow = Omit<LedgerFileRow, 'state' | 'origin'> & { readonly origin: 'lupo-admin-0.1' };

/** The newest `limit` file rows of the 0.1 ledger, newest first, with their batch's target and operator. */
export async function readLegacyFiles(pool: Pool, database: string, limit: number): Promise<LegacyFileRow[]> {
  if (!(await hasTable(pool, database, 'migration_files'))) return [];
  const join = (await hasTable(pool, database, 'migration_batches'))
    ? `LEFT JOIN ${quoteQualified(database, 'migration_batches')} b ON b.migration_batch_id = f.migration_batch_id`
    : 'LEFT JOIN (SELECT NULL AS migration_batch_id, NULL AS target_database, NULL AS operator_name) b ON 1 = 0';
  const rows = await select(
    pool,
    `SELECT f.migration_file_id, f.migration_batch_id, f.file_path, f.file_sha256, f.status, f.ended_ymdhis, f.updated_ymdhis,
            f.created_ymdhis, b.target_database, b.operator_name
       FROM ${quoteQualified(database, 'migration_files')} f ${join}
      WHERE f.is_deleted = 0
      ORDER BY f.updated_ymdhis DESC, f.created_ymdhis DESC, f.migration_file_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
  );
  return rows.map((r) => {
    const path = String(r.file_path ?? '');
    return {
      fileId: num(r.migration_file_id),
      batchId: num(r.migration_batch_id),
      name: path.split(/[\\/]/).pop() ?? path,
      path,
      checksum: String(r.file_sha256 ?? ''),
      status: String(r.status ?? 'unknown'),
      targetDatabase: String(r.target_database ?? ''),
      whenYmdhis: num(r.ended_ymdhis) || num(r.updated_ymdhis) || num(r.created_ymdhis),
      by: String(r.operator_name ?? 'unknown'),
      origin: 'lupo-admin-0.1',
    };
  });
}

function toFile(r: RowDataPacket): HistoryFileView {
  const path = String(r.file_path ?? '');
  const errorMessage = text(r.error_message);
  const errorCode = r.error_code === null || r.error_code === undefined ? undefined : Number(r.error_code);
  return {
    fileId: num(r.migration_file_id),
    batchId: num(r.migration_batch_id),
    path,
    name: path.split(/[\\/]/).pop() ?? path,
    sha256: String(r.file_sha256 ?? ''),
    status: String(r.status ?? 'unknown'),
    order: Math.max(0, num(r.execution_order)),
    statementsTotal: Math.max(0, num(r.statements_total)),
    statementsApplied: Math.max(0, num(r.statements_applied)),
    startedYmdhis: num(r.started_ymdhis),
    endedYmdhis: num(r.ended_ymdhis),
    durationMs: Math.max(0, num(r.duration_ms)),
    ...(errorCode === undefined || Number.isNaN(errorCode) ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    retries: Math.max(0, num(r.retry_count)),
  };
}

/** One 0.1 batch with its files, validation log, alerts and rollback-log rows; `history/no-batch` when absent. */
export async function readLegacyBatch(pool: Pool, database: string, batchId: number): Promise<HistoryBatchDetailView> {
  const [batch] = (await hasTable(pool, database, 'migration_batches'))
    ? await selectBatches(pool, database, 'AND b.migration_batch_id = ?', [batchId], 1)
    : [];
  if (!batch) {
    throw new LupoError('history/no-batch', `Batch ${batchId} is not in the Lupo Admin 0.1 ledger of ${database}.`, {
      hint: 'Reload the history: the batch list may be out of date.',
    });
  }
  const t = (name: string): string => quoteQualified(database, name);
  const rowsOf = async (table: string, sql: string, params: number[]): Promise<RowDataPacket[]> =>
    (await hasTable(pool, database, table)) ? select(pool, sql, params) : [];
  const files = await rowsOf(
    'migration_files',
    `SELECT * FROM ${t('migration_files')} WHERE migration_batch_id = ? AND is_deleted = 0
      ORDER BY execution_order, migration_file_id`,
    [batchId],
  );
  const validations = await rowsOf(
    'migration_validation_log',
    `SELECT * FROM ${t('migration_validation_log')} WHERE migration_batch_id = ? AND is_deleted = 0
      ORDER BY checked_ymdhis, migration_validation_log_id`,
    [batchId],
  );
  const alerts = await rowsOf(
    'migration_alerts',
    `SELECT * FROM ${t('migration_alerts')} WHERE migration_batch_id = ? AND is_deleted = 0
      ORDER BY created_ymdhis, migration_alert_id`,
    [batchId],
  );
  const rollbacks = await rowsOf(
    'migration_rollback_log',
    `SELECT * FROM ${t('migration_rollback_log')} WHERE (migration_batch_id = ? OR rollback_batch_id = ?) AND is_deleted = 0
      ORDER BY created_ymdhis, migration_rollback_log_id`,
    [batchId, batchId],
  );
  return {
    batch,
    files: files.map(toFile),
    validations: validations.map((r) => ({
      ...(r.migration_file_id === null || r.migration_file_id === undefined
        ? {}
        : { fileId: num(r.migration_file_id) }),
      phase: String(r.phase ?? ''),
      check: String(r.check_name ?? ''),
      result: String(r.result ?? 'unknown'),
      details: String(r.details ?? ''),
      checkedYmdhis: num(r.checked_ymdhis),
    })),
    alerts: alerts.map((r) => {
      const level = String(r.alert_level ?? 'warning');
      const by = text(r.acknowledged_by);
      return {
        alertId: num(r.migration_alert_id),
        batchId: num(r.migration_batch_id),
        level: (['warning', 'error', 'critical'].includes(level) ? level : 'warning') as
          'warning' | 'error' | 'critical',
        code: String(r.alert_code ?? ''),
        message: String(r.message ?? ''),
        acknowledged: num(r.is_acknowledged) === 1,
        ...(by === undefined ? {} : { acknowledgedBy: by }),
        ...(r.acknowledged_ymdhis ? { acknowledgedYmdhis: num(r.acknowledged_ymdhis) } : {}),
        createdYmdhis: num(r.created_ymdhis),
      };
    }),
    rollbacks: rollbacks.map((r) => ({
      rollbackLogId: num(r.migration_rollback_log_id),
      batchId: num(r.migration_batch_id),
      ...(r.rollback_batch_id ? { rollbackBatchId: num(r.rollback_batch_id) } : {}),
      classification: String(r.classification ?? 'manual'),
      reason: String(r.reason ?? ''),
      status: String(r.status ?? ''),
      dataLoss: num(r.data_loss_warning) === 1,
      ...(r.backup_path ? { backupPath: String(r.backup_path) } : {}),
      startedYmdhis: num(r.started_ymdhis),
      endedYmdhis: num(r.ended_ymdhis),
    })),
  };
}

import type { Pool, RowDataPacket } from 'mysql2/promise';
import type {
  HistoryAlertView,
  HistoryBatchDetailView,
  HistoryBatchView,
  HistoryFileView,
} from '../../../shared/contract/migration';
import { LupoError } from '../../../shared/errors';
import { currentRunner, Ledger, ourFileStatus, STATE_NAMES, toSummary } from '../orchestrator/ledger';
import { detectLedgerShape, ledgerRefusal, type LedgerShape } from '../orchestrator/ledger-shape';
import { readLegacyBatch, readLegacyBatches } from '../orchestrator/ledger-legacy-reader';
import { lupoAdminProps, parseProperties } from '../orchestrator/ledger-tables';
import { ymdhis } from '../orchestrator/ymdhis';

/**
 * Read side of the orchestration ledger for the history screen (LEDGER §5d): anyone's
 * batches (Lupo Admin's, Lupopedia's PHP, hand-written rows with id 0 or duplicate ids, no
 * `properties`), ordered by time and labelled with their origin; file rows that belong to
 * no batch as one synthetic entry; one batch's files / validation log / alerts / rollbacks;
 * and the one write the screen makes (acknowledging an alert, only on a unique id > 0).
 */

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value) || 0);
const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

/** The batchKey of the synthetic entry that collects file rows without a batch. */
export const UNBATCHED_KEY = 'lupopedia:unbatched';

/** True when the ledger's batch and file tables exist in `database` (an unknown shape throws its refusal). */
export async function ledgerPresent(pool: Pool, database: string): Promise<boolean> {
  const shape = await ledgerShapeForHistory(pool, database);
  return shape.verdict === 'lupopedia';
}

/** The ledger's shape for the history screen; unknown shapes throw their refusal (LEDGER §5a). */
export async function ledgerShapeForHistory(pool: Pool, database: string): Promise<LedgerShape> {
  const shape = await detectLedgerShape(pool, database);
  if (shape.verdict === 'unknown' || shape.verdict === 'inconsistent') throw ledgerRefusal(shape)!;
  return shape;
}

function toHistoryBatch(row: RowDataPacket): HistoryBatchView {
  const s = toSummary(row);
  return {
    batchId: s.batchId,
    batchKey: s.batchKey,
    status: s.status,
    kind: s.kind,
    targetDatabase: s.targetDatabase,
    startedYmdhis: s.startedYmdhis,
    endedYmdhis: s.endedYmdhis,
    runner: s.runner,
    name: s.name,
    origin: s.origin,
    epochFrom: s.epochFrom,
    epochTo: s.epochTo,
    createdYmdhis: s.createdYmdhis,
    filesTotal: s.filesTotal,
    filesCompleted: s.filesCompleted,
    filesFailed: s.filesFailed,
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
    `SELECT b.batch_id, b.batch_name, b.batch_status, b.epoch_from, b.epoch_to, b.total_files, b.processed_files, b.failed_files,
            b.started_ymdhis, b.completed_ymdhis, b.properties, b.created_ymdhis,
            (SELECT COUNT(*) FROM ${t('migration_alerts')} a
              WHERE a.batch_id = b.batch_id AND a.alert_status IN ('new', 'escalated') AND a.is_deleted = 0) AS open_alerts
       FROM ${t('migration_batches')} b
      WHERE b.is_deleted = 0 ${where}
      ORDER BY b.created_ymdhis DESC, b.batch_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  return rows.map(toHistoryBatch);
}

const UNBATCHED_WHERE = (t: (n: string) => string): string =>
  `f.is_deleted = 0 AND (f.batch_id = 0 OR NOT EXISTS (SELECT 1 FROM ${t('migration_batches')} b WHERE b.batch_id = f.batch_id AND b.is_deleted = 0))`;

async function unbatchedEntry(ledger: Ledger): Promise<HistoryBatchView | undefined> {
  const t = (name: string): string => ledger.tables.qualified(name);
  const rows = await ledger.tables.select(
    `SELECT COUNT(*) AS n, MIN(f.created_ymdhis) AS first, MAX(f.updated_ymdhis) AS last,
            SUM(f.file_status = 'completed') AS done, SUM(f.file_status = 'failed') AS failed
       FROM ${t('migration_files')} f WHERE ${UNBATCHED_WHERE(t)}`,
  );
  const row = rows[0];
  if (!row || num(row.n) === 0) return undefined;
  return {
    batchId: 0,
    batchKey: UNBATCHED_KEY,
    name: 'Files without a batch (written by Lupopedia)',
    status: num(row.failed) > 0 ? 'failed' : num(row.done) === num(row.n) ? 'completed' : 'unknown',
    kind: 'external',
    origin: 'lupopedia',
    targetDatabase: '',
    startedYmdhis: num(row.first),
    endedYmdhis: num(row.last),
    createdYmdhis: num(row.first),
    runner: { user: 'Lupopedia', host: '—' },
    filesTotal: num(row.n),
    filesCompleted: num(row.done),
    filesFailed: num(row.failed),
    openAlerts: 0,
  };
}

/**
 * The newest `limit` batches of the ledger in `ledgerDatabase` (anyone's), newest first, plus
 * unbatched files; a Lupo Admin 0.1 ledger is read (never written) by the legacy reader (LEDGER §5d.9).
 */
export async function readHistoryBatches(
  pool: Pool,
  ledgerDatabase: string,
  limit: number,
): Promise<HistoryBatchView[]> {
  if ((await ledgerShapeForHistory(pool, ledgerDatabase)).verdict === 'lupo-admin-0.1')
    return readLegacyBatches(pool, ledgerDatabase, limit);
  const ledger = await Ledger.open(pool, ledgerDatabase);
  const batches = await selectBatches(ledger, '', [], limit);
  const unbatched = await unbatchedEntry(ledger);
  return unbatched ? [...batches, unbatched].slice(0, Math.max(1, limit)) : batches;
}

function toFile(r: RowDataPacket): HistoryFileView {
  const p = lupoAdminProps(r.properties);
  const stateId = num(parseProperties(r.properties).state_id);
  const path = String(p.full_path ?? r.file_path ?? '');
  const errorMessage = text(r.error_message);
  const errorCode = p.error_code === undefined ? undefined : Number(p.error_code);
  return {
    fileId: num(r.file_id),
    batchId: num(r.batch_id),
    path,
    name: path.split(/[\\/]/).pop() ?? path,
    sha256: String(r.file_hash ?? ''),
    status: ourFileStatus(String(r.file_status ?? ''), p.status),
    order: Math.max(0, num(r.sort_order)),
    statementsTotal: num(p.statements_total),
    statementsApplied: num(p.statements_applied),
    startedYmdhis: num(p.started_ymdhis ?? r.created_ymdhis),
    endedYmdhis: num(p.ended_ymdhis),
    durationMs: Math.max(0, num(r.processing_time_ms)),
    ...(errorCode === undefined || Number.isNaN(errorCode) ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    retries: Math.max(0, num(r.retry_count)),
    ...(STATE_NAMES[stateId] ? { stateName: STATE_NAMES[stateId] } : {}),
  };
}

function toAlert(r: RowDataPacket): HistoryAlertView {
  const p = lupoAdminProps(r.properties);
  const status = String(r.alert_status ?? 'new');
  const by = text(p.acknowledged_by);
  const at = p.acknowledged_ymdhis === undefined ? undefined : num(p.acknowledged_ymdhis);
  const type = String(r.alert_type);
  return {
    alertId: num(r.alert_id),
    batchId: num(r.batch_id),
    level: (['info', 'warning', 'error', 'critical'].includes(type) ? type : 'warning') as HistoryAlertView['level'],
    title: String(r.alert_title ?? ''),
    code: String(p.alert_code ?? r.alert_title ?? ''),
    message: String(r.alert_message ?? ''),
    acknowledged: status !== 'new' && status !== 'escalated',
    ...(by === undefined ? {} : { acknowledgedBy: by }),
    ...(at === undefined ? {} : { acknowledgedYmdhis: at }),
    createdYmdhis: num(r.created_ymdhis),
  };
}

/**
 * One history entry with its files, validation log, alerts and rollback-log rows:
 * by `batchKey` (rows without a usable id, and the unbatched files) or by id;
 * `history/no-batch` when absent.
 */
export async function readHistoryBatch(
  pool: Pool,
  ledgerDatabase: string,
  batchId: number,
  batchKey?: string,
): Promise<HistoryBatchDetailView> {
  if ((await ledgerShapeForHistory(pool, ledgerDatabase)).verdict === 'lupo-admin-0.1')
    return readLegacyBatch(pool, ledgerDatabase, batchId);
  const ledger = await Ledger.open(pool, ledgerDatabase);
  const t = (name: string): string => ledger.tables.qualified(name);
  let batch: HistoryBatchView | undefined;
  let fileWhere: string;
  let fileParams: (string | number)[];
  if (batchKey === UNBATCHED_KEY) {
    batch = await unbatchedEntry(ledger);
    fileWhere = UNBATCHED_WHERE(t);
    fileParams = [];
  } else {
    const foreign = batchKey ? /^lupopedia:(-?\d+):(\d+)$/.exec(batchKey) : null;
    [batch] = foreign
      ? await selectBatches(
          ledger,
          'AND b.batch_id = ? AND b.created_ymdhis = ?',
          [Number(foreign[1]), Number(foreign[2])],
          1,
        )
      : await selectBatches(ledger, 'AND b.batch_id = ?', [batchId], 1);
    fileWhere = 'f.batch_id = ? AND f.is_deleted = 0';
    fileParams = [batch?.batchId ?? batchId];
  }
  if (!batch) {
    throw new LupoError('history/no-batch', `Batch ${batchKey ?? batchId} is not in the ledger of ${ledgerDatabase}.`, {
      hint: 'Reload the history: the batch list may be out of date.',
    });
  }
  const files = await ledger.tables.select(
    `SELECT f.file_id, f.batch_id, f.file_path, f.file_hash, f.file_status, f.sort_order, f.processing_time_ms, f.error_message,
            f.retry_count, f.properties, f.created_ymdhis
       FROM ${t('migration_files')} f WHERE ${fileWhere} ORDER BY f.sort_order, f.created_ymdhis, f.file_id`,
    fileParams,
  );
  // Per-file rows by file_id for the synthetic entry (Lupopedia reads them that way), by batch otherwise.
  const fileIds = files.map((f) => num(f.file_id)).filter((id) => id > 0);
  const unbatched = batchKey === UNBATCHED_KEY;
  const owner = unbatched
    ? { where: fileIds.length ? `file_id IN (${fileIds.map(() => '?').join(', ')})` : '1 = 0', params: fileIds }
    : { where: 'batch_id = ?', params: [batch.batchId] };
  const validations = await ledger.tables.select(
    `SELECT file_id, validation_phase, validation_type, validation_status, validation_result, properties, created_ymdhis
       FROM ${t('migration_validation_log')} WHERE ${owner.where} AND is_deleted = 0 ORDER BY created_ymdhis, validation_id`,
    owner.params,
  );
  const alerts = await ledger.tables.select(
    `SELECT alert_id, batch_id, alert_type, alert_title, alert_message, alert_status, properties, created_ymdhis
       FROM ${t('migration_alerts')} WHERE ${owner.where} AND is_deleted = 0 ORDER BY created_ymdhis, alert_id`,
    owner.params,
  );
  const rollbacks = await ledger.tables.select(
    `SELECT rollback_id, batch_id, rollback_classification, rollback_reason, rollback_status, properties, created_ymdhis
       FROM ${t('migration_rollback_log')}
      WHERE (${owner.where}${unbatched ? '' : ` OR JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.rollback_batch_id')) = ?`}) AND is_deleted = 0
      ORDER BY created_ymdhis, rollback_id`,
    unbatched ? owner.params : [...owner.params, String(batch.batchId)],
  );
  return {
    batch,
    files: files.map(toFile),
    validations: validations.map((r) => {
      const p = lupoAdminProps(r.properties);
      const status = String(r.validation_status ?? '');
      const result =
        typeof p.result === 'string'
          ? p.result
          : status === 'passed'
            ? 'pass'
            : status === 'failed'
              ? 'fail'
              : status || 'unknown';
      return {
        fileId: num(r.file_id),
        phase: String(r.validation_phase ?? ''),
        check: String(p.check ?? r.validation_type ?? ''),
        result,
        details: String(r.validation_result ?? ''),
        checkedYmdhis: num(r.created_ymdhis),
      };
    }),
    alerts: alerts.map(toAlert),
    rollbacks: rollbacks.map((r) => {
      const p = lupoAdminProps(r.properties);
      const rollbackBatchId = p.rollback_batch_id === undefined ? undefined : num(p.rollback_batch_id);
      const backupPath = typeof p.backup_path === 'string' && p.backup_path ? p.backup_path : undefined;
      const resumeBackupPaths = Array.isArray(p.resume_backup_paths)
        ? p.resume_backup_paths.filter((path): path is string => typeof path === 'string' && path !== '')
        : [];
      const cls = String(r.rollback_classification ?? '');
      return {
        rollbackLogId: num(r.rollback_id),
        batchId: num(r.batch_id),
        ...(rollbackBatchId === undefined ? {} : { rollbackBatchId }),
        classification: String(p.down_source ?? 'manual'),
        ...(['A', 'B', 'C', 'D'].includes(cls) ? { rollbackClass: cls as 'A' | 'B' | 'C' | 'D' } : {}),
        reason: String(p.reason ?? r.rollback_reason ?? ''),
        status: String(r.rollback_status ?? ''),
        dataLoss: num(p.data_loss_warning) === 1,
        ...(backupPath === undefined ? {} : { backupPath }),
        ...(resumeBackupPaths.length === 0 ? {} : { resumeBackupPaths }),
        startedYmdhis: num(p.started_ymdhis ?? r.created_ymdhis),
        endedYmdhis: num(p.ended_ymdhis),
      };
    }),
  };
}

/**
 * Marks an alert acknowledged by this process's operator (LEDGER §5d.6); false when it was
 * already acknowledged, is absent, or its id is 0 or not unique (rows written by others).
 */
export async function acknowledgeAlert(pool: Pool, ledgerDatabase: string, alertId: number): Promise<boolean> {
  if (!(alertId > 0)) return false;
  const ledger = await Ledger.open(pool, ledgerDatabase);
  const table = ledger.tables.qualified('migration_alerts');
  const same = await ledger.tables.select(`SELECT COUNT(*) AS n FROM ${table} WHERE alert_id = ?`, [alertId]);
  if (num(same[0]?.n) !== 1) return false;
  const now = ymdhis();
  const [result] = await pool.execute(
    `UPDATE ${table}
        SET alert_status = 'acknowledged',
            properties = JSON_SET(COALESCE(properties, '{}'),
              '$.lupo_admin', COALESCE(JSON_EXTRACT(properties, '$.lupo_admin'), JSON_OBJECT()),
              '$.lupo_admin.acknowledged_by', ?, '$.lupo_admin.acknowledged_ymdhis', ?),
            updated_ymdhis = ?
      WHERE alert_id = ? AND alert_status IN ('new', 'escalated') AND is_deleted = 0`,
    [currentRunner().user, now, now, alertId],
  );
  const changed = Number((result as { affectedRows?: number }).affectedRows ?? 0) === 1;
  return changed;
}

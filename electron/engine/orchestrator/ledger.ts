import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { appVersion } from '../app-version';
import type { LedgerDb } from './ledger-ids';
import { LedgerTables, lupoAdminProps, parseProperties, propSql, type LedgerValue } from './ledger-tables';
import { ymdhis } from './ymdhis';

/** A batch's lifecycle state as Lupo Admin sees it (`abandoned` is `failed` + `P.status`; `unknown` for a non-strict ''). */
export type BatchStatus = 'pending' | 'running' | 'completed' | 'failed' | 'rolled_back' | 'abandoned' | 'unknown';

/** Who wrote a batch: Lupo Admin (rows carry `properties.lupo_admin.ledger_format`) or anyone else. */
export type BatchOrigin = 'lupo-admin' | 'lupopedia';

/** Who runs a batch: stored with the batch so a refused second runner can name the holder. */
export interface RunnerIdentity {
  readonly user: string;
  /** `host pid N`. */
  readonly host: string;
}

/** One batch as `lupo status` shows it. */
export interface BatchSummary {
  /** 0 for rows written by Lupopedia's PHP (it never sets ids). */
  readonly batchId: number;
  readonly batchKey: string;
  readonly name: string;
  readonly status: BatchStatus;
  readonly kind: 'apply' | 'rollback' | 'rehearsal' | 'external';
  /** '' when unknown (rows not written by Lupo Admin). */
  readonly targetDatabase: string;
  readonly origin: BatchOrigin;
  readonly startedYmdhis: number;
  readonly endedYmdhis: number;
  readonly createdYmdhis: number;
  readonly epochFrom: number;
  readonly epochTo: number;
  readonly filesTotal: number;
  readonly filesCompleted: number;
  readonly filesFailed: number;
  readonly runner: RunnerIdentity;
}

/** One file row of a batch. */
export interface BatchFile {
  readonly fileId: number;
  readonly path: string;
  readonly name: string;
  readonly sha256: string;
  /** Lupo Admin's file status: pending, running, applied, failed, rolled_back, skipped. */
  readonly status: string;
  readonly statementsTotal: number;
}

/** The identity of this process, for the ledger. */
export function currentRunner(): RunnerIdentity {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { user, host: `${hostname()} pid ${process.pid}` };
}

/** Lupopedia's detailed file states (`properties.state_id`, LEDGER §2.3). */
export const STATE_NAMES: Readonly<Record<number, string>> = {
  1: 'idle',
  2: 'preparing',
  3: 'validating_pre',
  4: 'migrating',
  5: 'validating_post',
  6: 'completing',
  7: 'rolling_back',
  8: 'failed',
};

/** `file_status` derived from `state_id` (LEDGER §2.4; `completed` only in state 6 via markAsCompleted). */
function fileStatusOf(stateId: number): string {
  if (stateId === 1) return 'pending';
  if (stateId === 7) return 'rolled_back';
  if (stateId === 8) return 'failed';
  return 'processing';
}

/** Lupopedia's `file_status` back to ours (LEDGER §5d.3). */
export function ourFileStatus(fileStatus: string, override?: unknown): string {
  if (typeof override === 'string' && override) return override;
  switch (fileStatus) {
    case 'processing':
      return 'running';
    case 'completed':
      return 'applied';
    case 'pending':
    case 'failed':
    case 'rolled_back':
      return fileStatus;
    default:
      return 'unknown';
  }
}

const ALERT_TITLES: Readonly<Record<string, string>> = {
  'apply/failed': 'Apply failed',
  'apply/verification-failed': 'Verification failed',
  'job/cancelled': 'Apply cancelled',
  'rollback/failed': 'Rollback failed',
};

/** Keeps generated text ASCII (Lupopedia's toon exporter chokes on other characters, LEDGER §2.13). */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** Cuts the middle out of a long name so it fits `max` characters. */
function middleCut(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 3;
  return `${text.slice(0, Math.ceil(keep / 2))}...${text.slice(text.length - Math.floor(keep / 2))}`;
}

/** YMDHIS + 1 second (for `epoch_to > epoch_from`). */
function plusOneSecond(value: number): number {
  const s = String(value);
  if (!/^\d{14}$/.test(s)) return value + 1;
  const d = new Date(
    Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12), +s.slice(12, 14)),
  );
  return ymdhis(new Date(d.getTime() + 1000));
}

/**
 * The orchestration ledger, written in Lupopedia's own 8 `migration_*` tables and columns
 * (LEDGER.md §3, §5c): explicit ids, every NOT NULL column filled, Lupopedia's enum values,
 * our extras under `properties.lupo_admin`. `open` verifies the shape first (§5a) and
 * refuses unknown, 0.1 or renamed ledgers. Reads accept anyone's rows (§5d). Open one per run.
 */
export class Ledger {
  private readonly progressIds = new Map<number, number>();

  private constructor(readonly tables: LedgerTables) {}

  /** Verifies and opens the ledger in `database` (its tables must exist: see `ensureLedger`). */
  static async open(db: LedgerDb, database: string): Promise<Ledger> {
    return new Ledger(await LedgerTables.open(db, database));
  }

  /** The ledger database name. */
  get database(): string {
    return this.tables.database;
  }

  private t(table: string): string {
    return this.tables.qualified(table);
  }

  private base(now: number): Record<string, LedgerValue> {
    return { created_ymdhis: now, updated_ymdhis: now, is_deleted: 0, deleted_ymdhis: 0 };
  }

  private props(extra: Record<string, unknown>, top: Record<string, unknown> = {}): string {
    return JSON.stringify({ ...top, lupo_admin: { ledger_format: 1, ...extra } });
  }

  /**
   * The target's system state (LEDGER §3.6): the newest row for this target, or a
   * system-wide row (no target, no affected components). frozen/emergency refuse apply.
   */
  async systemState(targetDatabase: string): Promise<{ state: string; reason: string }> {
    const rows = await this.tables.select(
      `SELECT system_status, freeze_reason, user_message FROM ${this.t('migration_system_state')}
        WHERE is_deleted = 0 AND (
          ${propSql('', 'target_database')} = ?
          OR (affected_components IS NOT NULL AND JSON_VALID(affected_components) AND JSON_CONTAINS(affected_components, JSON_QUOTE(?)))
          OR (JSON_EXTRACT(properties, '$.lupo_admin.target_database') IS NULL
              AND (affected_components IS NULL OR NOT JSON_VALID(affected_components) OR JSON_LENGTH(affected_components) = 0)))
        ORDER BY created_ymdhis DESC, state_id DESC LIMIT 1`,
      [targetDatabase, targetDatabase],
    );
    const row = rows[0];
    if (!row) return { state: 'normal', reason: '' };
    const reason = row.user_message ?? row.freeze_reason;
    return { state: String(row.system_status || 'normal'), reason: reason === null ? '' : String(reason) };
  }

  /** Appends a system-state row for the target (Lupopedia appends too; there is nothing to upsert on). */
  async setSystemState(
    targetDatabase: string,
    state: 'normal' | 'frozen' | 'thawing' | 'emergency',
    reason: string,
    batchId = 0,
  ): Promise<void> {
    const now = ymdhis();
    await this.tables.insert('migration_system_state', {
      batch_id: batchId,
      system_status: state,
      freeze_reason: reason ? reason.slice(0, 255) : null,
      affected_components: JSON.stringify([targetDatabase]),
      user_message: reason || null,
      properties: this.props({ target_database: targetDatabase, changed_by: currentRunner().user }),
      ...this.base(now),
    });
  }

  /** The target's current epoch: the newest `epoch_to` of Lupo Admin's batches on it (0 if none). */
  private async currentEpoch(targetDatabase: string): Promise<number> {
    const rows = await this.tables.select(
      `SELECT COALESCE(MAX(epoch_to), 0) AS e FROM ${this.t('migration_batches')}
        WHERE is_deleted = 0 AND ${propSql('', 'target_database')} = ?`,
      [targetDatabase],
    );
    return Number(rows[0]?.e ?? 0);
  }

  /** Opens a batch row in status `running` with the runner's identity; returns its id. */
  async startBatch(input: {
    kind: 'apply' | 'rollback' | 'rehearsal';
    targetDatabase: string;
    totalFiles: number;
    runner: RunnerIdentity;
    /** `batch_name`; default `<kind> to <target>`. */
    name?: string;
    /** Extra facts kept under `properties.lupo_admin` (e.g. `fleet_run_id`); never our own keys. */
    extra?: Readonly<Record<string, string>>;
  }): Promise<number> {
    const now = ymdhis();
    const epochFrom = await this.currentEpoch(input.targetDatabase);
    return this.tables.insert('migration_batches', {
      batch_name: middleCut(ascii(input.name ?? `${input.kind} to ${input.targetDatabase}`), 255),
      batch_status: 'running',
      epoch_from: epochFrom,
      epoch_to: 0,
      total_files: input.totalFiles,
      processed_files: 0,
      failed_files: 0,
      started_ymdhis: now,
      completed_ymdhis: 0,
      properties: this.props({
        ...input.extra,
        batch_key: randomUUID(),
        batch_kind: input.kind,
        target_database: input.targetDatabase,
        operator_name: input.runner.user,
        host_name: input.runner.host,
        tool_version: appVersion(),
      }),
      ...this.base(now),
    });
  }

  /** Marks an unfinished batch running again (resume) under a new runner. */
  async reopenBatch(batchId: number, runner: RunnerIdentity): Promise<void> {
    await this.tables.patch(
      'migration_batches',
      batchId,
      { batch_status: 'running', completed_ymdhis: 0, updated_ymdhis: ymdhis() },
      { operator_name: runner.user, host_name: runner.host },
    );
  }

  /** Closes a batch (completed sets `epoch_to` and copies it to the batch's files). */
  async finishBatch(
    batchId: number,
    status: Exclude<BatchStatus, 'unknown' | 'pending'>,
    counts: { completed?: number; failed?: number } = {},
  ): Promise<void> {
    const now = ymdhis();
    const values: Record<string, LedgerValue> = {
      batch_status: status === 'abandoned' ? 'failed' : status,
      updated_ymdhis: now,
      completed_ymdhis: now,
    };
    if (counts.completed !== undefined) values.processed_files = counts.completed;
    if (counts.failed !== undefined) values.failed_files = counts.failed;
    if (status === 'completed') {
      const rows = await this.tables.select(
        `SELECT epoch_from FROM ${this.t('migration_batches')} WHERE batch_id = ?`,
        [batchId],
      );
      const from = Number(rows[0]?.epoch_from ?? 0);
      const epochTo = Math.max(now, plusOneSecond(from));
      values.epoch_to = epochTo;
      await this.tables.select(
        `UPDATE ${this.t('migration_files')} SET epoch_to = ? WHERE batch_id = ? AND is_deleted = 0`,
        [epochTo, batchId],
      );
    }
    await this.tables.patch('migration_batches', batchId, values, status === 'abandoned' ? { status } : {});
  }

  /** Adds a file row (`processing`, state 2 "preparing") to a batch; returns its id. */
  async addFile(
    batchId: number,
    file: { path: string; sha256: string; order: number; statements: number; generatedInverse?: boolean },
  ): Promise<number> {
    const now = ymdhis();
    const batch = await this.tables.select(`SELECT epoch_from FROM ${this.t('migration_batches')} WHERE batch_id = ?`, [
      batchId,
    ]);
    const path = file.path.replace(/\\/g, '/');
    return this.tables.insert('migration_files', {
      batch_id: batchId,
      file_path: path.length > 512 ? path.slice(path.length - 512) : path,
      file_type: 'doctrine',
      file_status: 'processing',
      file_hash: file.sha256.toLowerCase(),
      epoch_from: Number(batch[0]?.epoch_from ?? 0),
      epoch_to: 0,
      processing_time_ms: 0,
      error_message: null,
      retry_count: 0,
      sort_order: file.order,
      properties: this.props(
        {
          statements_total: file.statements,
          statements_applied: 0,
          started_ymdhis: now,
          ended_ymdhis: 0,
          hash_normalization: 'crlf-to-lf',
          ...(path.length > 512 ? { full_path: path } : {}),
          ...(file.generatedInverse ? { generated_inverse: true } : {}),
        },
        { state_id: 2, last_updated: String(now), description: ascii(basename(path)) },
      ),
      ...this.base(now),
    });
  }

  /** Moves a file to Lupopedia state 3 (validated), 4 (migrating) or 5 (verifying); `file_status` stays `processing`. */
  async setFileState(fileId: number, stateId: 3 | 4 | 5): Promise<void> {
    const now = ymdhis();
    await this.tables.patch(
      'migration_files',
      fileId,
      { file_status: fileStatusOf(stateId), updated_ymdhis: now },
      {},
      { state_id: stateId, last_updated: String(now) },
    );
  }

  /** Closes a file row. */
  async finishFile(
    fileId: number,
    input: {
      status: 'applied' | 'failed' | 'skipped' | 'rolled_back';
      durationMs: number;
      applied?: number;
      errorCode?: number;
      error?: string;
    },
  ): Promise<void> {
    const now = ymdhis();
    const [fileStatus, stateId] =
      input.status === 'failed'
        ? ['failed', 8]
        : input.status === 'rolled_back'
          ? ['rolled_back', 7]
          : ['completed', 6];
    await this.tables.patch(
      'migration_files',
      fileId,
      {
        file_status: fileStatus,
        processing_time_ms: Math.round(input.durationMs),
        ...(input.error === undefined ? {} : { error_message: input.error }),
        updated_ymdhis: now,
      },
      {
        ended_ymdhis: now,
        ...(input.applied === undefined ? {} : { statements_applied: input.applied }),
        ...(input.errorCode === undefined ? {} : { error_code: input.errorCode }),
        ...(input.status === 'skipped' ? { status: 'skipped' } : {}),
      },
      { state_id: stateId, last_updated: String(now) },
    );
  }

  /** Sets a file row's status only (e.g. `rolled_back`). */
  async setFileStatus(fileId: number, status: 'applied' | 'failed' | 'running' | 'rolled_back'): Promise<void> {
    const [fileStatus, stateId] =
      status === 'applied'
        ? ['completed', 6]
        : status === 'failed'
          ? ['failed', 8]
          : status === 'rolled_back'
            ? ['rolled_back', 7]
            : ['processing', 4];
    const now = ymdhis();
    await this.tables.patch(
      'migration_files',
      fileId,
      { file_status: fileStatus, updated_ymdhis: now },
      {},
      { state_id: stateId, last_updated: String(now) },
    );
  }

  /** Bumps a file's retry count and marks it running again, state 4 (resume). */
  async retryFile(fileId: number): Promise<void> {
    const now = ymdhis();
    await this.tables.select(
      `UPDATE ${this.t('migration_files')} SET retry_count = retry_count + 1, file_status = 'processing', updated_ymdhis = ?,
              properties = JSON_SET(COALESCE(properties, '{}'), '$.state_id', 4, '$.last_updated', ?)
        WHERE file_id = ?`,
      [now, String(now), fileId],
    );
  }

  /**
   * The newest applied (completed) file row of this file name on a target, written by Lupo
   * Admin (foreign rows have no target, LEDGER §5d.7): its checksum says whether the file
   * was edited since.
   */
  async findApplied(
    targetDatabase: string,
    fileName: string,
  ): Promise<{ batchId: number; fileId: number; sha256: string } | undefined> {
    const rows = await this.tables.select(
      `SELECT f.file_id, f.batch_id, f.file_path, f.file_hash, f.properties
         FROM ${this.t('migration_files')} f JOIN ${this.t('migration_batches')} b ON b.batch_id = f.batch_id
        WHERE f.file_status = 'completed' AND f.is_deleted = 0 AND b.is_deleted = 0 AND b.batch_id > 0
          AND ${propSql('b', 'target_database')} = ? AND ${propSql('b', 'batch_kind')} = 'apply'
          AND (f.file_path = ? OR f.file_path LIKE ?)
        ORDER BY f.created_ymdhis DESC, f.file_id DESC`,
      [targetDatabase, fileName, `%${fileName.replace(/[\\%_]/g, (c) => '\\' + c)}`],
    );
    const row = rows.find(
      (r) => basename(String(r.file_path)) === fileName && lupoAdminProps(r.properties).status !== 'skipped',
    );
    return row
      ? { batchId: Number(row.batch_id), fileId: Number(row.file_id), sha256: String(row.file_hash ?? '') }
      : undefined;
  }

  /** Records one check (pre/during/post) and its result (LEDGER §3.3). */
  async logValidation(
    batchId: number,
    fileId: number | null,
    phase: 'pre' | 'during' | 'post',
    check: string,
    result: 'pass' | 'fail' | 'warning' | 'skipped',
    details: string,
    elapsedMs = 0,
  ): Promise<void> {
    const now = ymdhis();
    const status = result === 'pass' ? 'passed' : result === 'fail' ? 'failed' : 'warning';
    await this.tables.insert('migration_validation_log', {
      batch_id: batchId,
      file_id: fileId ?? 0,
      validation_phase: phase,
      validation_type: check,
      validation_status: status,
      validation_result: details,
      execution_time_ms: Math.round(elapsedMs),
      properties: this.props({
        ...(check.length > 100 ? { check } : {}),
        ...(result === 'skipped' ? { result: 'skipped' } : {}),
      }),
      ...this.base(now),
    });
  }

  /** Records an alert (every failure gets one), attached to the batch's file (LEDGER §3.4). */
  async alert(
    batchId: number | null,
    level: 'info' | 'warning' | 'error' | 'critical',
    code: string,
    message: string,
    fileId = 0,
  ): Promise<void> {
    const now = ymdhis();
    await this.tables.insert('migration_alerts', {
      batch_id: batchId ?? 0,
      file_id: fileId,
      alert_type: level,
      alert_title: ALERT_TITLES[code] ?? ascii(code),
      alert_message: message,
      alert_status: 'new',
      escalation_level: level === 'critical' ? 2 : level === 'error' ? 1 : 0,
      properties: this.props({ alert_code: code.slice(0, 128) }),
      ...this.base(now),
    });
  }

  /**
   * Writes (first call inserts, later calls update) the batch's one progress row, in
   * Lupopedia's phase names (LEDGER §3.5); statement counts go to `P.items_*`.
   */
  async progress(
    batchId: number,
    phase: 'plan' | 'validate' | 'rehearse' | 'execute' | 'verify' | 'complete' | 'rollback',
    done: number,
    total: number,
    current: string,
    etaMs?: number,
  ): Promise<void> {
    const now = ymdhis();
    const [name, index] = {
      plan: ['preparing', 1],
      validate: ['validating_pre', 2],
      rehearse: ['validating_pre', 2],
      execute: ['migrating', 3],
      verify: ['validating_post', 4],
      complete: ['completing', 5],
      rollback: ['rolling_back', 3],
    }[phase] as [string, number];
    const filesDone = phase === 'verify' || phase === 'complete' || (total > 0 && done >= total) ? 1 : 0;
    const values: Record<string, LedgerValue> = {
      current_phase: name,
      total_phases: 6,
      current_phase_index: index,
      files_in_phase: 1,
      files_completed_in_phase: filesDone,
      percentage_complete: total === 0 ? 100 : Math.min(100, Math.max(0, Math.round((done / total) * 10000) / 100)),
      estimated_remaining_seconds: etaMs === undefined || done >= total ? 0 : Math.ceil(etaMs / 1000),
      updated_ymdhis: now,
    };
    const extra = { phase, items_total: total, items_done: done, current_item: current.slice(0, 1024) };
    let id = this.progressIds.get(batchId);
    if (id === undefined) {
      const rows = await this.tables.select(
        `SELECT progress_id FROM ${this.t('migration_progress')} WHERE batch_id = ? AND progress_id > 0 AND is_deleted = 0
          ORDER BY progress_id DESC LIMIT 1`,
        [batchId],
      );
      if (rows[0]) id = Number(rows[0].progress_id);
    }
    if (id === undefined) {
      id = await this.tables.insert('migration_progress', {
        batch_id: batchId,
        ...values,
        properties: this.props(extra),
        ...this.base(now),
      });
    } else {
      await this.tables.patch('migration_progress', id, values, extra);
    }
    this.progressIds.set(batchId, id);
  }

  /** Records a file → file dependency edge of this file row (LEDGER §3.7), once per (file, target, type). */
  async addDependency(input: {
    fileId: number;
    filePath: string;
    dependsOn: string;
    type: 'required' | 'optional' | 'conflict';
    targetDatabase: string;
    sortOrder: number;
  }): Promise<void> {
    const target = await this.findApplied(input.targetDatabase, basename(input.dependsOn));
    const dependsOnId = target?.fileId ?? 0;
    const rows = await this.tables.select(
      `SELECT COUNT(*) AS n FROM ${this.t('migration_dependencies')}
        WHERE file_id = ? AND depends_on_file_id = ? AND dependency_type = ? AND is_deleted = 0 AND ${propSql('', 'depends_on_file_path')} = ?`,
      [input.fileId, dependsOnId, input.type, input.dependsOn],
    );
    if (Number(rows[0]?.n) > 0) return;
    const now = ymdhis();
    await this.tables.insert('migration_dependencies', {
      file_id: input.fileId,
      depends_on_file_id: dependsOnId,
      dependency_type: input.type,
      dependency_description: null,
      sort_order: input.sortOrder,
      properties: this.props({ file_path: input.filePath, depends_on_file_path: input.dependsOn }),
      ...this.base(now),
    });
  }

  /** Opens a rollback log row (with the backup already written, so a crash keeps its path); returns its id. */
  async startRollbackLog(input: {
    /** The apply batch being undone. */
    batchId: number;
    rollbackBatchId: number;
    classification: 'authored' | 'generated' | 'partial' | 'manual';
    reason: string;
    dataLoss: boolean;
    backupPath?: string | null;
    /** Lupopedia's A–D class; A (complete batch revert) by default, B for a partial one. */
    rollbackClass?: 'A' | 'B' | 'C' | 'D';
  }): Promise<number> {
    const now = ymdhis();
    const files = await this.batchFiles(input.batchId);
    const reason = input.reason || 'operator rollback';
    return this.tables.insert('migration_rollback_log', {
      batch_id: input.batchId,
      file_id: files[0]?.fileId ?? 0,
      rollback_classification: input.rollbackClass ?? (input.classification === 'partial' ? 'B' : 'A'),
      rollback_reason: ascii(reason).slice(0, 255),
      rollback_status: 'running',
      files_affected: Math.max(1, files.length),
      rollback_time_ms: 0,
      error_message: null,
      properties: this.props({
        rollback_batch_id: input.rollbackBatchId,
        down_source: input.classification,
        data_loss_warning: input.dataLoss ? 1 : 0,
        backup_path: input.backupPath ?? null,
        started_ymdhis: now,
        started_ms: Date.now(),
        ...(reason.length > 255 || ascii(reason) !== reason ? { reason } : {}),
      }),
      ...this.base(now),
    });
  }

  /** Closes a rollback log row. */
  async finishRollbackLog(
    id: number,
    status: 'completed' | 'failed',
    backupPath: string | null,
    error?: string,
  ): Promise<void> {
    const now = ymdhis();
    const rows = await this.tables.select(
      `SELECT properties FROM ${this.t('migration_rollback_log')} WHERE rollback_id = ?`,
      [id],
    );
    const started = Number(lupoAdminProps(rows[0]?.properties).started_ms ?? 0);
    await this.tables.patch(
      'migration_rollback_log',
      id,
      {
        rollback_status: status,
        rollback_time_ms: started > 0 ? Date.now() - started : 0,
        error_message: status === 'failed' ? (error ?? 'rollback failed') : null,
        updated_ymdhis: now,
      },
      { backup_path: backupPath, ended_ymdhis: now },
    );
  }

  private batchSelect(where: string): string {
    return `SELECT batch_id, batch_name, batch_status, epoch_from, epoch_to, total_files, processed_files, failed_files,
                   started_ymdhis, completed_ymdhis, properties, created_ymdhis
              FROM ${this.t('migration_batches')} WHERE is_deleted = 0 ${where}`;
  }

  private ours(alias = ''): string {
    return `JSON_EXTRACT(${alias ? alias + '.' : ''}properties, '$.lupo_admin.ledger_format') IS NOT NULL`;
  }

  /** Recent batches (anyone's), newest first by time (ids can be 0 or repeated). */
  async recentBatches(limit = 10): Promise<BatchSummary[]> {
    const rows = await this.tables.select(
      `${this.batchSelect('')} ORDER BY created_ymdhis DESC, batch_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    );
    return rows.map(toSummary);
  }

  /** One of Lupo Admin's batches (ids > 0 only). */
  async batch(batchId: number): Promise<BatchSummary | undefined> {
    if (!(batchId > 0)) return undefined;
    const rows = await this.tables.select(
      `${this.batchSelect(`AND batch_id = ? AND ${this.ours()}`)} ORDER BY created_ymdhis DESC LIMIT 1`,
      [batchId],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  /** The newest batch of a kind on a target with a status (Lupo Admin's rows only). */
  async lastBatch(
    targetDatabase: string | undefined,
    kind: 'apply' | 'rollback',
    status: BatchStatus,
  ): Promise<BatchSummary | undefined> {
    const rows = await this.tables.select(
      `${this.batchSelect(`AND batch_id > 0 AND ${propSql('', 'batch_kind')} = ? AND batch_status = ?${targetDatabase === undefined ? '' : ` AND ${propSql('', 'target_database')} = ?`}`)}
        ORDER BY created_ymdhis DESC, batch_id DESC LIMIT 1`,
      targetDatabase === undefined ? [kind, status] : [kind, status, targetDatabase],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  /** Lupo Admin's batches not finished — running (possibly crashed) or failed — newest first. */
  async unfinishedBatches(targetDatabase?: string): Promise<BatchSummary[]> {
    const rows = await this.tables.select(
      `${this.batchSelect(`AND batch_id > 0 AND ${this.ours()} AND batch_status IN ('running', 'failed') AND ${propSql('', 'status')} IS NULL${targetDatabase === undefined ? '' : ` AND ${propSql('', 'target_database')} = ?`}`)}
        ORDER BY created_ymdhis DESC, batch_id DESC`,
      targetDatabase === undefined ? [] : [targetDatabase],
    );
    return rows.map(toSummary);
  }

  /** Unfinished batches written by others (shown, never blocking: LEDGER §5d.7). */
  async foreignUnfinishedBatches(): Promise<BatchSummary[]> {
    const rows = await this.tables.select(
      `${this.batchSelect(`AND NOT (${this.ours()}) AND batch_status IN ('running', 'failed')`)} ORDER BY created_ymdhis DESC`,
    );
    return rows.map(toSummary);
  }

  /** The id of a completed file row of this name written by others (no `lupo_admin`), if any: shown, never counted as applied. */
  async foreignAppliedFile(fileName: string): Promise<number | undefined> {
    const rows = await this.tables.select(
      `SELECT file_id, file_path FROM ${this.t('migration_files')}
        WHERE file_status = 'completed' AND is_deleted = 0 AND NOT (${this.ours()}) AND (file_path = ? OR file_path LIKE ?)`,
      [fileName, `%${fileName.replace(/[\\%_]/g, (c) => '\\' + c)}`],
    );
    const row = rows.find((r) => basename(String(r.file_path)) === fileName);
    return row ? Number(row.file_id) : undefined;
  }

  /** The file rows of a batch, in execution order. */
  async batchFiles(batchId: number): Promise<BatchFile[]> {
    const rows = await this.tables.select(
      `SELECT file_id, file_path, file_hash, file_status, properties FROM ${this.t('migration_files')}
        WHERE batch_id = ? AND is_deleted = 0 ORDER BY sort_order, file_id`,
      [batchId],
    );
    return rows.map((r: RowDataPacket) => {
      const p = lupoAdminProps(r.properties);
      return {
        fileId: Number(r.file_id),
        path: String(p.full_path ?? r.file_path),
        name: basename(String(r.file_path)),
        sha256: String(r.file_hash ?? ''),
        status: ourFileStatus(String(r.file_status), p.status),
        statementsTotal: Number(p.statements_total ?? 0),
      };
    });
  }
}

/** A `migration_batches` row (anyone's) as a summary (LEDGER §5d.2-3). */
export function toSummary(row: RowDataPacket): BatchSummary {
  const p = lupoAdminProps(row.properties);
  const ours = p.ledger_format !== undefined;
  const batchId = Number(row.batch_id ?? 0);
  const created = Number(row.created_ymdhis ?? 0);
  const raw = String(row.batch_status ?? '');
  const status = (typeof p.status === 'string' ? p.status : raw === '' ? 'unknown' : raw) as BatchStatus;
  const authorId = parseProperties(row.properties).author_id;
  return {
    batchId,
    batchKey: ours && typeof p.batch_key === 'string' ? p.batch_key : `lupopedia:${batchId}:${created}`,
    name: String(row.batch_name ?? ''),
    status,
    kind: ours ? ((String(p.batch_kind ?? 'apply') as BatchSummary['kind']) ?? 'apply') : 'external',
    targetDatabase: ours ? String(p.target_database ?? '') : '',
    origin: ours ? 'lupo-admin' : 'lupopedia',
    startedYmdhis: Number(row.started_ymdhis ?? 0),
    endedYmdhis: Number(row.completed_ymdhis ?? 0),
    createdYmdhis: created,
    epochFrom: Number(row.epoch_from ?? 0),
    epochTo: Number(row.epoch_to ?? 0),
    filesTotal: Number(row.total_files ?? 0),
    filesCompleted: Number(row.processed_files ?? 0),
    filesFailed: Number(row.failed_files ?? 0),
    runner: ours
      ? { user: String(p.operator_name ?? 'unknown'), host: String(p.host_name ?? 'unknown') }
      : { user: authorId === undefined ? 'Lupopedia' : String(authorId), host: '—' },
  };
}

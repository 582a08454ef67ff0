import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LedgerTables, type LedgerValue } from './ledger-tables';
import { ymdhis } from './ymdhis';

/** A batch's lifecycle state (`migration_batches.status`). */
export type BatchStatus = 'pending' | 'running' | 'completed' | 'failed' | 'rolled_back' | 'abandoned';

/** Who runs a batch: stored with the batch so a refused second runner can name the holder. */
export interface RunnerIdentity {
  readonly user: string;
  /** `host pid N`. */
  readonly host: string;
}

/** One batch as `lupo status` shows it. */
export interface BatchSummary {
  readonly batchId: number;
  readonly batchKey: string;
  readonly status: BatchStatus;
  readonly kind: 'apply' | 'rollback' | 'rehearsal';
  readonly targetDatabase: string;
  readonly startedYmdhis: number;
  readonly endedYmdhis: number;
  readonly runner: RunnerIdentity;
}

/** One file row of a batch. */
export interface BatchFile {
  readonly fileId: number;
  readonly path: string;
  readonly name: string;
  readonly sha256: string;
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

/**
 * The orchestration ledger (DESIGN §2, toon/orchestration/): batches, files, validation
 * log, alerts, progress, system state, dependencies and rollback log, written through
 * `LedgerTables` (bound parameters, BIGINT UTC timestamps). Open one per run.
 */
export class Ledger {
  private readonly progressIds = new Map<number, number>();

  private constructor(readonly tables: LedgerTables) {}

  /** Opens the ledger in `database` (its tables must exist: see `ensureLedger`). */
  static async open(db: Pick<Connection, 'query' | 'execute'>, database: string): Promise<Ledger> {
    return new Ledger(await LedgerTables.open(db, database));
  }

  /** The ledger database name. */
  get database(): string {
    return this.tables.database;
  }

  private t(table: string): string {
    return this.tables.qualified(table);
  }

  /** The target's system state: frozen/emergency refuse apply. */
  async systemState(targetDatabase: string): Promise<{ state: string; reason: string }> {
    const rows = await this.tables.select(
      `SELECT state, reason FROM ${this.t('migration_system_state')} WHERE target_database = ? AND is_deleted = 0 LIMIT 1`,
      [targetDatabase],
    );
    const row = rows[0];
    return row
      ? { state: String(row.state), reason: row.reason === null ? '' : String(row.reason) }
      : { state: 'normal', reason: '' };
  }

  /** Sets the target's system state (one row per target) with its reason. */
  async setSystemState(
    targetDatabase: string,
    state: 'normal' | 'frozen' | 'thawing' | 'emergency',
    reason: string,
  ): Promise<void> {
    const now = ymdhis();
    const runner = currentRunner();
    await this.tables.select(
      `INSERT INTO ${this.t('migration_system_state')} (target_database, state, reason, changed_by, changed_ymdhis, created_ymdhis, updated_ymdhis)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE state = VALUES(state), reason = VALUES(reason), changed_by = VALUES(changed_by),
         changed_ymdhis = VALUES(changed_ymdhis), updated_ymdhis = VALUES(updated_ymdhis), is_deleted = 0`,
      [targetDatabase, state, reason, runner.user, now, now, now],
    );
  }

  /** Opens a batch row in status `running` with the runner's identity; returns its id. */
  async startBatch(input: {
    kind: 'apply' | 'rollback' | 'rehearsal';
    targetDatabase: string;
    totalFiles: number;
    runner: RunnerIdentity;
  }): Promise<number> {
    const now = ymdhis();
    return this.tables.insert('migration_batches', {
      batch_key: randomUUID(),
      target_database: input.targetDatabase,
      batch_kind: input.kind,
      status: 'running',
      epoch_start: now,
      files_total: input.totalFiles,
      files_completed: 0,
      files_failed: 0,
      operator_name: input.runner.user,
      host_name: input.runner.host,
      started_ymdhis: now,
      created_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  /** Marks an unfinished batch running again (resume) under a new runner. */
  async reopenBatch(batchId: number, runner: RunnerIdentity): Promise<void> {
    await this.tables.update('migration_batches', batchId, {
      status: 'running',
      operator_name: runner.user,
      host_name: runner.host,
      ended_ymdhis: null,
      updated_ymdhis: ymdhis(),
    });
  }

  /** Closes a batch. */
  async finishBatch(
    batchId: number,
    status: BatchStatus,
    counts: { completed?: number; failed?: number } = {},
  ): Promise<void> {
    const now = ymdhis();
    const values: Record<string, LedgerValue> = { status, updated_ymdhis: now, ended_ymdhis: now };
    if (status === 'completed') values.epoch_end = now;
    if (counts.completed !== undefined) values.files_completed = counts.completed;
    if (counts.failed !== undefined) values.files_failed = counts.failed;
    await this.tables.update('migration_batches', batchId, values);
  }

  /** Adds a file row to a batch; returns its id. */
  async addFile(
    batchId: number,
    file: { path: string; sha256: string; order: number; statements: number },
  ): Promise<number> {
    const now = ymdhis();
    return this.tables.insert('migration_files', {
      migration_batch_id: batchId,
      file_path: file.path,
      file_sha256: file.sha256,
      execution_order: file.order,
      status: 'running',
      statements_total: file.statements,
      statements_applied: 0,
      retry_count: 0,
      started_ymdhis: now,
      created_ymdhis: now,
      updated_ymdhis: now,
    });
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
    await this.tables.update('migration_files', fileId, {
      status: input.status,
      duration_ms: input.durationMs,
      ...(input.applied === undefined ? {} : { statements_applied: input.applied }),
      ...(input.errorCode === undefined ? {} : { error_code: input.errorCode }),
      ...(input.error === undefined ? {} : { error_message: input.error }),
      ended_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  /** Sets a file row's status only (e.g. `rolled_back`). */
  async setFileStatus(fileId: number, status: 'applied' | 'failed' | 'running' | 'rolled_back'): Promise<void> {
    await this.tables.update('migration_files', fileId, { status, updated_ymdhis: ymdhis() });
  }

  /** Bumps a file's retry count and marks it running (resume). */
  async retryFile(fileId: number): Promise<void> {
    await this.tables.select(
      `UPDATE ${this.t('migration_files')} SET retry_count = retry_count + 1, status = 'running', updated_ymdhis = ? WHERE migration_file_id = ?`,
      [ymdhis(), fileId],
    );
  }

  /** The last applied row of a file (matched by file name) on a target: its checksum says whether it was edited since. */
  async findApplied(
    targetDatabase: string,
    fileName: string,
  ): Promise<{ batchId: number; fileId: number; sha256: string } | undefined> {
    const rows = await this.tables.select(
      `SELECT f.migration_file_id, f.migration_batch_id, f.file_path, f.file_sha256
         FROM ${this.t('migration_files')} f JOIN ${this.t('migration_batches')} b ON b.migration_batch_id = f.migration_batch_id
        WHERE f.status = 'applied' AND f.is_deleted = 0 AND b.target_database = ? AND b.batch_kind = 'apply'
          AND (f.file_path = ? OR f.file_path LIKE ?)
        ORDER BY f.migration_file_id DESC`,
      [targetDatabase, fileName, `%${fileName.replace(/[\\%_]/g, (c) => '\\' + c)}`],
    );
    const row = rows.find((r) => basename(String(r.file_path)) === fileName);
    return row
      ? {
          batchId: Number(row.migration_batch_id),
          fileId: Number(row.migration_file_id),
          sha256: String(row.file_sha256),
        }
      : undefined;
  }

  /** Records one check (pre/during/post) and its result. */
  async logValidation(
    batchId: number,
    fileId: number | null,
    phase: 'pre' | 'during' | 'post',
    check: string,
    result: 'pass' | 'fail' | 'warning' | 'skipped',
    details: string,
  ): Promise<void> {
    const now = ymdhis();
    await this.tables.insert('migration_validation_log', {
      migration_batch_id: batchId,
      migration_file_id: fileId,
      phase,
      check_name: check.slice(0, 128),
      result,
      details,
      checked_ymdhis: now,
      created_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  /** Records an alert (every failure gets one). */
  async alert(
    batchId: number | null,
    level: 'warning' | 'error' | 'critical',
    code: string,
    message: string,
  ): Promise<void> {
    const now = ymdhis();
    await this.tables.insert('migration_alerts', {
      migration_batch_id: batchId,
      alert_level: level,
      alert_code: code.slice(0, 128),
      message,
      created_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  /** Writes (first call inserts, later calls update) the batch's progress row. */
  async progress(
    batchId: number,
    phase: 'plan' | 'validate' | 'rehearse' | 'execute' | 'verify' | 'rollback',
    done: number,
    total: number,
    current: string,
    etaMs?: number,
  ): Promise<void> {
    const now = ymdhis();
    const values: Record<string, LedgerValue> = {
      migration_batch_id: batchId,
      phase,
      items_total: total,
      items_done: done,
      percentage: total === 0 ? 100 : Math.min(100, Math.max(0, Math.round((done / total) * 10000) / 100)),
      eta_ymdhis: etaMs === undefined ? null : ymdhis(new Date(Date.now() + etaMs)),
      current_item: current.slice(0, 1024),
      updated_ymdhis: now,
    };
    const id = this.progressIds.get(batchId);
    if (id === undefined)
      this.progressIds.set(batchId, await this.tables.insert('migration_progress', { ...values, created_ymdhis: now }));
    else await this.tables.update('migration_progress', id, values);
  }

  /** Records a file → file dependency edge (once). */
  async addDependency(filePath: string, dependsOn: string, type: 'required' | 'optional' | 'conflict'): Promise<void> {
    const rows = await this.tables.select(
      `SELECT COUNT(*) AS n FROM ${this.t('migration_dependencies')} WHERE file_path = ? AND depends_on_file_path = ? AND is_deleted = 0`,
      [filePath, dependsOn],
    );
    if (Number(rows[0]?.n) > 0) return;
    const now = ymdhis();
    await this.tables.insert('migration_dependencies', {
      file_path: filePath,
      depends_on_file_path: dependsOn,
      dependency_type: type,
      created_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  /** Opens a rollback log row (with the backup already written, so a crash keeps its path); returns its id. */
  async startRollbackLog(input: {
    batchId: number;
    rollbackBatchId: number;
    classification: 'authored' | 'generated' | 'partial' | 'manual';
    reason: string;
    dataLoss: boolean;
    backupPath?: string | null;
  }): Promise<number> {
    const now = ymdhis();
    return this.tables.insert('migration_rollback_log', {
      migration_batch_id: input.batchId,
      rollback_batch_id: input.rollbackBatchId,
      classification: input.classification,
      reason: input.reason,
      status: 'running',
      data_loss_warning: input.dataLoss ? 1 : 0,
      backup_path: input.backupPath ?? null,
      started_ymdhis: now,
      created_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  /** Closes a rollback log row. */
  async finishRollbackLog(id: number, status: 'completed' | 'failed', backupPath: string | null): Promise<void> {
    const now = ymdhis();
    await this.tables.update('migration_rollback_log', id, {
      status,
      backup_path: backupPath,
      ended_ymdhis: now,
      updated_ymdhis: now,
    });
  }

  private batchSelect(where: string): string {
    return `SELECT migration_batch_id, batch_key, status, batch_kind, target_database, started_ymdhis, ended_ymdhis, operator_name, host_name
              FROM ${this.t('migration_batches')} WHERE is_deleted = 0 ${where}`;
  }

  /** Recent batches, newest first. */
  async recentBatches(limit = 10): Promise<BatchSummary[]> {
    const rows = await this.tables.select(
      `${this.batchSelect('')} ORDER BY migration_batch_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    );
    return rows.map(toSummary);
  }

  /** One batch. */
  async batch(batchId: number): Promise<BatchSummary | undefined> {
    const rows = await this.tables.select(this.batchSelect('AND migration_batch_id = ?'), [batchId]);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  /** The newest batch of a kind on a target with a status. */
  async lastBatch(
    targetDatabase: string | undefined,
    kind: 'apply' | 'rollback',
    status: BatchStatus,
  ): Promise<BatchSummary | undefined> {
    const rows = await this.tables.select(
      `${this.batchSelect(`AND batch_kind = ? AND status = ?${targetDatabase === undefined ? '' : ' AND target_database = ?'}`)} ORDER BY migration_batch_id DESC LIMIT 1`,
      targetDatabase === undefined ? [kind, status] : [kind, status, targetDatabase],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  /** Batches not finished — running (possibly crashed) or failed — newest first. */
  async unfinishedBatches(targetDatabase?: string): Promise<BatchSummary[]> {
    const rows = await this.tables.select(
      `${this.batchSelect(`AND status IN ('running', 'failed')${targetDatabase === undefined ? '' : ' AND target_database = ?'}`)} ORDER BY migration_batch_id DESC`,
      targetDatabase === undefined ? [] : [targetDatabase],
    );
    return rows.map(toSummary);
  }

  /** The file rows of a batch, in execution order. */
  async batchFiles(batchId: number): Promise<BatchFile[]> {
    const rows = await this.tables.select(
      `SELECT migration_file_id, file_path, file_sha256, status, statements_total FROM ${this.t('migration_files')}
        WHERE migration_batch_id = ? AND is_deleted = 0 ORDER BY execution_order, migration_file_id`,
      [batchId],
    );
    return rows.map((r: RowDataPacket) => ({
      fileId: Number(r.migration_file_id),
      path: String(r.file_path),
      name: basename(String(r.file_path)),
      sha256: String(r.file_sha256),
      status: String(r.status),
      statementsTotal: Number(r.statements_total),
    }));
  }
}

function toSummary(row: RowDataPacket): BatchSummary {
  return {
    batchId: Number(row.migration_batch_id),
    batchKey: String(row.batch_key),
    status: String(row.status) as BatchStatus,
    kind: String(row.batch_kind) as BatchSummary['kind'],
    targetDatabase: String(row.target_database),
    startedYmdhis: Number(row.started_ymdhis ?? 0),
    endedYmdhis: Number(row.ended_ymdhis ?? 0),
    runner: { user: String(row.operator_name ?? 'unknown'), host: String(row.host_name ?? 'unknown') },
  };
}

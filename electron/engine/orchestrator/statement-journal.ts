import { createHash } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteQualified } from '../sql/identifier';
import { maskSqlSecrets } from '../sql/redact-secrets';
import type { ExecutionStep } from './steps';
import { ymdhis } from './ymdhis';

/** The journal table (toon/orchestration/migration_statement_journal.toon, LEDGER §3.10). */
export const JOURNAL_TABLE = 'migration_statement_journal';

/** A step's journal state. */
export type JournalStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** What the planner predicted a step would do to the live schema. */
export type ExpectedEffect = 'change' | 'noop' | 'unknown';

/** One journal row as read back. */
export interface JournalEntry {
  readonly batchId: number;
  readonly fileId: number;
  readonly targetDatabase: string;
  readonly index: number;
  readonly line: number;
  readonly kind: string;
  readonly summary: string;
  readonly sql: string;
  readonly expected: ExpectedEffect;
  readonly status: JournalStatus;
  readonly resolution: string;
  readonly executionCount: number;
  readonly elapsedMs: number;
  readonly errorCode: string;
  readonly errorMessage: string;
}

const CHUNK = 100;

/** A step that ran, with how long it took. */
export interface JournalDone {
  readonly index: number;
  readonly elapsedMs: number;
}

/**
 * Most steps one journal write marks `running` (the step executor's journal groups). 16 → 64
 * took apply's journal commits from 0.09 to 0.05 per statement (apply bench); a crash may
 * leave up to 64 steps running, each decided from the live schema on resume (SIGKILL at
 * each of 28 steps: all recovered).
 */
export const JOURNAL_GROUP_MAX = 64;

/**
 * The per-statement journal that makes resume possible (DESIGN §4 step 7). All rows of a
 * batch are written `pending` before the first statement runs; then, before each step,
 * ONE prepared UPDATE marks the steps that ran since the last write `done` and the next
 * step(s) `running` (the after-write of one step and the before-write of the next are the
 * same instant, so they share a round trip and a commit). Usually one step is running at a
 * time, so a crash leaves one `running` row: the step in flight, whose effect resume checks
 * in the live schema. A journal group (step-executor `journalGroup`) marks up to
 * JOURNAL_GROUP_MAX independent, idempotent table steps running in one write; resume checks
 * each of them the same way.
 */
export class StatementJournal {
  private readonly table: string;

  constructor(
    private readonly connection: Connection,
    ledgerDatabase: string,
  ) {
    this.table = quoteQualified(ledgerDatabase, JOURNAL_TABLE);
  }

  /** Writes every step of a batch as `pending` (multi-row prepared inserts). */
  async writePending(
    batchId: number,
    fileId: number,
    targetDatabase: string,
    steps: readonly ExecutionStep[],
    expected: readonly ExpectedEffect[],
  ): Promise<void> {
    const now = ymdhis();
    const columns =
      '(batch_id, file_id, target_database, statement_index, statement_line, statement_kind, statement_summary, ' +
      'statement_sha256, statement_sql, expected_effect, journal_status, error_message, created_ymdhis, updated_ymdhis)';
    for (let start = 0; start < steps.length; start += CHUNK) {
      const chunk = steps.slice(start, start + CHUNK);
      const values: Array<string | number | null> = [];
      for (const step of chunk) {
        values.push(
          batchId,
          fileId,
          targetDatabase,
          step.index,
          step.line,
          step.classification.kind,
          step.classification.summary.slice(0, 255),
          createHash('sha256').update(step.sql).digest('hex'),
          maskSqlSecrets(step.sql), // the journal never stores passwords (step-executor refuses to rerun a masked one)
          expected[step.index] ?? 'unknown',
          'pending',
          '',
          now,
          now,
        );
      }
      const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      await this.connection.execute(
        `INSERT INTO ${this.table} ${columns} VALUES ${chunk.map(() => row).join(', ')}`,
        values,
      );
    }
  }

  /**
   * Marks `doneIndex` done (with its elapsed time; -1 = none) and `runningIndex` running
   * (-1 = none), in one statement and one commit.
   */
  async advance(batchId: number, doneIndex: number, doneElapsedMs: number, runningIndex: number): Promise<void> {
    await this.advanceMany(
      batchId,
      doneIndex >= 0 ? [{ index: doneIndex, elapsedMs: doneElapsedMs }] : [],
      runningIndex >= 0 ? [runningIndex] : [],
    );
  }

  /**
   * Marks `done` steps done (with their elapsed times) and `running` steps running, in one
   * statement and one commit. Both lists are padded with -1 (no such row) to
   * JOURNAL_GROUP_MAX, so the statement text is always the same prepared statement.
   */
  async advanceMany(batchId: number, done: readonly JournalDone[], running: readonly number[]): Promise<void> {
    if (done.length > JOURNAL_GROUP_MAX || running.length > JOURNAL_GROUP_MAX)
      throw new Error(`A journal write covers at most ${JOURNAL_GROUP_MAX} steps.`);
    const pad = <T>(list: readonly T[], filler: T): T[] => [
      ...list,
      ...Array<T>(JOURNAL_GROUP_MAX - list.length).fill(filler),
    ];
    const doneIndexes = pad(
      done.map((d) => d.index),
      -1,
    );
    const runningIndexes = pad(running, -1);
    const elapsed = pad(done, { index: -1, elapsedMs: 0 }).flatMap((d) => [d.index, d.elapsedMs]);
    const marks = Array(JOURNAL_GROUP_MAX).fill('?').join(', ');
    const now = ymdhis();
    await this.connection.execute(
      `UPDATE ${this.table} SET
         journal_status = IF(statement_index IN (${marks}), 'done', 'running'),
         execution_count = execution_count + IF(statement_index IN (${marks}), 1, 0),
         elapsed_ms = CASE statement_index ${Array(JOURNAL_GROUP_MAX).fill('WHEN ? THEN ?').join(' ')} ELSE elapsed_ms END,
         finished_ymdhis = IF(statement_index IN (${marks}), ?, finished_ymdhis),
         started_ymdhis = IF(statement_index IN (${marks}), ?, started_ymdhis),
         updated_ymdhis = ?
       WHERE batch_id = ? AND statement_index IN (${marks}, ${marks})`,
      [
        ...doneIndexes,
        ...doneIndexes,
        ...elapsed,
        ...doneIndexes,
        now,
        ...runningIndexes,
        now,
        now,
        batchId,
        ...doneIndexes,
        ...runningIndexes,
      ],
    );
  }

  /** Puts steps marked `running` that did not run back to `pending` (a journal group cut short by a failure). */
  async release(batchId: number, indexes: readonly number[]): Promise<void> {
    if (indexes.length === 0) return;
    await this.connection.query(
      `UPDATE ${this.table} SET journal_status = 'pending', updated_ymdhis = ?
        WHERE batch_id = ? AND journal_status = 'running' AND statement_index IN (?)`,
      [ymdhis(), batchId, indexes],
    );
  }

  /** Marks a step failed with the server's error. */
  async fail(batchId: number, index: number, code: string, message: string): Promise<void> {
    const now = ymdhis();
    await this.connection.execute(
      `UPDATE ${this.table} SET journal_status = 'failed', error_code = ?, error_message = ?, finished_ymdhis = ?, updated_ymdhis = ?
        WHERE batch_id = ? AND statement_index = ?`,
      [code.slice(0, 64), message, now, now, batchId, index],
    );
  }

  /** Resolves a step without running it (resume found its effect present, or the operator decided). */
  async resolve(batchId: number, index: number, status: JournalStatus, resolution: string): Promise<void> {
    await this.connection.execute(
      `UPDATE ${this.table} SET journal_status = ?, resolution = ?, updated_ymdhis = ? WHERE batch_id = ? AND statement_index = ?`,
      [status, resolution.slice(0, 32), ymdhis(), batchId, index],
    );
  }

  /** The journal of one batch, in statement order. */
  async read(batchId: number): Promise<JournalEntry[]> {
    return readJournal(this.connection, this.table, batchId);
  }
}

/** Reads a batch's journal with any queryable (used by status, which holds no lock). */
export async function readJournal(
  db: Pick<Connection, 'execute'>,
  qualifiedTable: string,
  batchId: number,
): Promise<JournalEntry[]> {
  const [rows] = await db.execute<RowDataPacket[]>(
    `SELECT batch_id, file_id, target_database, statement_index, statement_line, statement_kind, statement_summary,
            statement_sql, expected_effect, journal_status, resolution, execution_count, elapsed_ms, error_code, error_message
       FROM ${qualifiedTable} WHERE batch_id = ? AND is_deleted = 0 ORDER BY statement_index`,
    [batchId],
  );
  return rows.map((r) => ({
    batchId: Number(r.batch_id),
    fileId: Number(r.file_id),
    targetDatabase: String(r.target_database),
    index: Number(r.statement_index),
    line: Number(r.statement_line),
    kind: String(r.statement_kind),
    summary: String(r.statement_summary),
    sql: String(r.statement_sql),
    expected: String(r.expected_effect) as ExpectedEffect,
    status: String(r.journal_status) as JournalStatus,
    resolution: String(r.resolution),
    executionCount: Number(r.execution_count),
    elapsedMs: Number(r.elapsed_ms),
    errorCode: String(r.error_code),
    errorMessage: r.error_message === null ? '' : String(r.error_message),
  }));
}

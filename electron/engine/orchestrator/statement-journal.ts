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

/**
 * The per-statement journal that makes resume possible (DESIGN §4 step 7). All rows of a
 * batch are written `pending` before the first statement runs; then, before each step,
 * ONE prepared UPDATE marks the previous step `done` and the next one `running` (the
 * after-write of one step and the before-write of the next are the same instant, so they
 * share a round trip and a commit). A crash therefore leaves at most one `running` row:
 * the step in flight, whose effect resume checks in the live schema.
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
    const now = ymdhis();
    await this.connection.execute(
      `UPDATE ${this.table} SET
         journal_status = IF(statement_index = ?, 'done', 'running'),
         execution_count = execution_count + IF(statement_index = ?, 1, 0),
         elapsed_ms = IF(statement_index = ?, ?, elapsed_ms),
         finished_ymdhis = IF(statement_index = ?, ?, finished_ymdhis),
         started_ymdhis = IF(statement_index = ?, ?, started_ymdhis),
         updated_ymdhis = ?
       WHERE batch_id = ? AND statement_index IN (?, ?)`,
      [
        doneIndex,
        doneIndex,
        doneIndex,
        doneElapsedMs,
        doneIndex,
        now,
        runningIndex,
        now,
        now,
        batchId,
        doneIndex,
        runningIndex,
      ],
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

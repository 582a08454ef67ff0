import type { Connection } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import { throwIfCancelled } from '../jobs/job-runner';
import { holdsMaskedSecret, maskSqlSecrets, redactSecrets } from '../sql/redact-secrets';
import { JOURNAL_GROUP_MAX, type JournalDone, type StatementJournal } from './statement-journal';
import type { ExecutionStep } from './steps';

/** Options of `executeSteps`. */
export interface ExecuteStepsOptions {
  /** The connection that holds the advisory lock; statements run on it, in order. */
  readonly connection: Connection;
  readonly steps: readonly ExecutionStep[];
  /** File shown in error positions (`file:line`). */
  readonly file: string;
  /** Journal to write before/after each step (absent in rehearsals). */
  readonly journal?: { readonly batchId: number; readonly writer: StatementJournal };
  /** Steps not to run (already done, or resolved on resume). */
  readonly skip?: ReadonlySet<number>;
  readonly sink: EngineSink;
  readonly signal: AbortSignal;
  /** Called after each executed step (the caller throttles ledger progress writes). */
  readonly onStepDone?: (step: ExecutionStep, doneCount: number) => Promise<void> | void;
}

/** What `executeSteps` did. */
export interface ExecuteStepsResult {
  readonly executed: number;
  readonly skipped: number;
  readonly elapsedMs: number;
}

interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  message?: string;
  fatal?: boolean;
}

const CONNECTION_LOST = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ER_SERVER_SHUTDOWN',
]);

/** True when the error means the server or the network went away (not a statement error). */
export function isConnectionLoss(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  return Boolean(e.fatal) || CONNECTION_LOST.has(e.code ?? '') || e.errno === 2006 || e.errno === 2013;
}

/**
 * The tables a step creates or drops, when it may join a journal group. Keyed on the name
 * alone (lower case): a qualified and an unqualified name of the same table never share a group.
 */
function groupableTables(step: ExecutionStep): string[] | undefined {
  const cls = step.classification;
  if (step.statements.length !== 1 || !cls.idempotent || cls.effects.length === 0) return undefined;
  const tables: string[] = [];
  for (const effect of cls.effects) {
    if (effect.kind !== 'table-exists' && effect.kind !== 'table-absent') return undefined;
    tables.push(effect.table.toLowerCase());
  }
  return tables;
}

/**
 * The steps from `steps[start]` that one journal write may mark `running` together: a run
 * of up to JOURNAL_GROUP_MAX idempotent single-statement steps that each create or drop
 * tables (`IF [NOT] EXISTS`; a generated rollback drops several in one statement), no two
 * on the same table, none skipped. After a crash resume decides each running step from the
 * live schema: its tables as the step leaves them → done; otherwise → run again, which is
 * right because what the step did not do is still to do, and harmless because it is
 * idempotent; no other step of the group touches those tables, so their state is this
 * step's doing. Every other step is a group of one: the journal names exactly the step in
 * flight, as before. Grouping saves a journal commit and round trip per step: for DROP
 * TABLE that is half the server's work.
 */
export function journalGroup(
  steps: readonly ExecutionStep[],
  start: number,
  skip: ReadonlySet<number>,
): ExecutionStep[] {
  const first = steps[start]!;
  const group = [first];
  const firstTables = groupableTables(first);
  if (firstTables === undefined) return group;
  const tables = new Set(firstTables);
  for (let at = start + 1; at < steps.length && group.length < JOURNAL_GROUP_MAX; at++) {
    const next = steps[at]!;
    const nextTables = skip.has(next.index) ? undefined : groupableTables(next);
    if (nextTables === undefined || nextTables.some((table) => tables.has(table))) break;
    for (const table of nextTables) tables.add(table);
    group.push(next);
  }
  return group;
}

/**
 * Runs steps in order on one connection: journal (done previous + running this, or this
 * journal group) → the step's statements → `statement` events; checks the cancel signal
 * between steps. Stops at the first error: a server error becomes `apply/statement-failed`
 * with the statement, the server's code and `file:line` (and the journal row is marked
 * failed, the group's steps that ran done, those that did not pending again); a lost
 * connection becomes `apply/connection-lost` (the journal keeps the steps `running`, which
 * is exactly what resume needs).
 */
export async function executeSteps(options: ExecuteStepsOptions): Promise<ExecuteStepsResult> {
  const { connection, steps, journal, sink, signal, file } = options;
  const skip = options.skip ?? new Set<number>();
  const total = steps.length;
  const started = Date.now();
  let executed = 0;
  let skipped = 0;
  /** Steps journaled `running` that have not run yet. */
  let running = new Set<number>();
  /** Steps that ran and are not yet journaled `done`. */
  let ran: JournalDone[] = [];
  for (let at = 0; at < steps.length; at++) {
    const step = steps[at]!;
    // Statement text leaves the executor (progress, errors, journal messages) with passwords masked.
    const shown = maskSqlSecrets(step.sql);
    if (skip.has(step.index)) {
      skipped++;
      sink({ type: 'statement', index: step.index, total, phase: 'skipped', sql: shown });
      continue;
    }
    if (signal.aborted && journal) {
      // Cancelled between steps: the journal says what ran and puts the group's rest back to pending.
      await journal.writer.advanceMany(journal.batchId, ran, []).catch(() => {});
      await journal.writer.release(journal.batchId, [...running]).catch(() => {});
    }
    throwIfCancelled(signal);
    const first = step.statements[0]!;
    const masked = step.statements.find((statement) => holdsMaskedSecret(statement.sql));
    if (masked) throw maskedSecret(file, masked.line, step.index);
    if (journal && !running.has(step.index)) {
      const group = journalGroup(steps, at, skip).map((s) => s.index);
      const done = ran;
      await guardConnection(() => journal.writer.advanceMany(journal.batchId, done, group), file, first.line);
      ran = [];
      running = new Set(group);
    }
    sink({ type: 'statement', index: step.index, total, phase: 'start', sql: shown });
    const t0 = Date.now();
    for (const statement of step.statements) {
      try {
        await connection.query(statement.sql);
      } catch (error) {
        const elapsedMs = Date.now() - t0;
        sink({ type: 'statement', index: step.index, total, phase: 'failed', sql: shown, elapsedMs });
        if (isConnectionLoss(error)) throw connectionLost(error, file, statement.line, step.index);
        const e = error as DriverError;
        const code = e.code ?? 'UNKNOWN';
        const message = redactSecrets(e.sqlMessage ?? e.message ?? String(error));
        if (journal) {
          const { batchId, writer } = journal;
          await writer.fail(batchId, step.index, `${code} (${e.errno ?? 0})`, message).catch(() => {});
          if (ran.length > 0) await writer.advanceMany(batchId, ran, []).catch(() => {});
          running.delete(step.index);
          await writer.release(batchId, [...running]).catch(() => {});
        }
        throw new LupoError(
          'apply/statement-failed',
          `Statement ${step.index + 1} at ${file}:${statement.line} failed: ${message}`,
          {
            hint: 'Fix the statement (or the schema it expects), then run the apply again with --resume; statements before it stay applied.',
            details: {
              file,
              line: statement.line,
              statementIndex: step.index + 1,
              serverCode: code,
              errno: e.errno ?? null,
              sqlState: e.sqlState ?? null,
              statement: maskSqlSecrets(statement.sql).slice(0, 500),
            },
            cause: error,
          },
        );
      }
    }
    const elapsedMs = Date.now() - t0;
    running.delete(step.index);
    ran.push({ index: step.index, elapsedMs });
    executed++;
    sink({ type: 'statement', index: step.index, total, phase: 'done', sql: shown, elapsedMs });
    await options.onStepDone?.(step, executed + skipped);
  }
  if (journal && ran.length > 0) {
    const done = ran;
    await guardConnection(() => journal.writer.advanceMany(journal.batchId, done, []), file, 0);
  }
  return { executed, skipped, elapsedMs: Date.now() - started };
}

async function guardConnection(write: () => Promise<void>, file: string, line: number): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isConnectionLoss(error)) throw connectionLost(error, file, line, -1);
    throw error;
  }
}

function connectionLost(error: unknown, file: string, line: number, index: number): LupoError {
  return new LupoError(
    'apply/connection-lost',
    `The connection to the server was lost while applying ${file}${line ? `:${line}` : ''}.`,
    {
      hint: 'When the server is reachable again, run `lupo status` to see what took effect, then `lupo apply --resume`.',
      details: { file, line, statementIndex: index >= 0 ? index + 1 : null },
      cause: error,
    },
  );
}

/**
 * A statement rebuilt from the journal whose password the journal masked (it never stores
 * secrets): running it would set the password to the mask, so it is refused.
 */
function maskedSecret(file: string, line: number, index: number): LupoError {
  return new LupoError(
    'apply/masked-secret',
    `Statement ${index + 1} at ${file}:${line} sets a password, which the statement journal stores masked; it cannot be run again from the journal.`,
    {
      hint: 'Run that statement yourself from the migration file, then resume with --in-flight=done (or mark the batch abandoned and apply the file again).',
      details: { file, line, statementIndex: index + 1 },
    },
  );
}

import type { Pool } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import { splitStatements } from '../sqlfile/index';
import { runJournaledSteps, type ApplyOutcome } from './apply-execute';
import { LiveNames, nameKindsOf, type Queryable } from './live-names';
import { currentRunner } from './ledger';
import { completeRollback, reopenRollbackLog, rollbackLogOf } from './rollback-ledger';
import { rollingExecutor } from './rolling-schema-upgrade';
import { readRollingProgress } from './rsu-journal';
import { guardResumedRollback } from './resumed-rollback';
import { StatementJournal, type JournalEntry } from './statement-journal';
import { buildSteps, type ExecutionStep } from './steps';
import { withTargetRun } from './target-run';

/** Whether a journaled step's effect is visible in the live schema. */
export type EffectPresence = 'present' | 'absent' | 'partial' | 'unknown';

/** Rebuilds a journal row into an execution step (statements re-split, lines restored). */
export function stepFromJournal(entry: JournalEntry): ExecutionStep {
  const statements = splitStatements(entry.sql).map((s) => ({
    sql: s.sql,
    line: entry.line + s.line - 1,
    column: s.column,
  }));
  const built = buildSteps(statements);
  const first = built[0];
  const classification =
    built.length === 1 && first
      ? first.classification
      : {
          ...(first?.classification ?? buildSteps([{ sql: 'DO 0', line: 1 }])[0]!.classification),
          effects: built.flatMap((b) => b.classification.effects),
        };
  return { index: entry.index, statements, line: entry.line, classification, sql: entry.sql };
}

/** Checks a step's effects in a live-names snapshot. */
export function effectPresence(step: ExecutionStep, live: LiveNames): EffectPresence {
  const effects = step.classification.effects;
  if (effects.length === 0) return 'unknown';
  const holding = effects.filter((e) => live.holds(e)).length;
  return holding === effects.length ? 'present' : holding === 0 ? 'absent' : 'partial';
}

/** Reads live names of the target and of every database a step names (only the kinds their effects need). */
export async function liveNamesFor(
  db: Queryable,
  targetDatabase: string,
  steps: readonly ExecutionStep[],
): Promise<LiveNames> {
  const databases = new Set([targetDatabase]);
  for (const s of steps) for (const e of s.classification.effects) if (e.database) databases.add(e.database);
  return LiveNames.read(db, [...databases], nameKindsOf(steps.flatMap((s) => s.classification.effects)));
}

/** Options of `resumeApply`. */
export interface ResumeOptions {
  readonly targetDatabase: string;
  readonly ledgerDatabase: string;
  /** Batch to resume; default: the newest unfinished batch on the target. */
  readonly batchId?: number;
  /**
   * What to do with an in-flight step whose effect cannot be detected (data changes,
   * MODIFY…) and that is not idempotent: refuse (default), run it again, or count it done.
   */
  readonly inFlight?: 'refuse' | 'rerun' | 'done';
  /**
   * A rollback batch only: go on when a table or column still to drop holds rows (probed
   * again as the resume starts), after backing them up to `backupDir`.
   */
  readonly allowDataLoss?: boolean;
  /** The workspace's backups folder (a resumed rollback's backup of rows found at resume). */
  readonly backupDir?: string;
  readonly sink: EngineSink;
  readonly signal: AbortSignal;
}

/**
 * Resume (DESIGN §4 step 7): takes the lock, finds the unfinished batch, and decides per
 * journaled step — `done` steps are skipped; the step in flight (`running`) or `failed` is
 * checked in the live schema: effect present → marked done without running (resolution
 * `effect-present`); absent (or the step is idempotent) → run again; undetectable →
 * refused unless `inFlight` says otherwise. Pending steps run. Never runs a step whose
 * effect is present. A rollback batch applies rollback's data-loss rule again to the steps
 * still to run (`guardResumedRollback`: refuse, or back up first). Then verifies and closes
 * the batch as an apply does; a resumed rollback batch also completes its `migration_rollback_log` row and marks the apply batch
 * it undoes `rolled_back`, as an uninterrupted rollback would.
 */
export async function resumeApply(
  pool: Pool,
  options: ResumeOptions,
): Promise<ApplyOutcome & { readonly backupPath?: string }> {
  return withTargetRun(
    pool,
    options.targetDatabase,
    options.ledgerDatabase,
    async ({ connection, ledger }) => {
      const unfinished = await ledger.unfinishedBatches(options.targetDatabase);
      const batch =
        options.batchId === undefined ? unfinished[0] : unfinished.find((b) => b.batchId === options.batchId);
      if (!batch) {
        throw new LupoError(
          'resume/nothing-to-resume',
          `No unfinished batch${options.batchId === undefined ? '' : ` ${options.batchId}`} on ${options.targetDatabase}.`,
          {
            hint: 'lupo status lists batches and their state.',
          },
        );
      }
      const journal = new StatementJournal(connection, options.ledgerDatabase);
      const entries = await journal.read(batch.batchId);
      const file = (await ledger.batchFiles(batch.batchId))[0];
      if (!file || entries.length === 0) {
        throw new LupoError('resume/no-journal', `Batch ${batch.batchId} has no statement journal to resume from.`, {
          hint: 'Mark it abandoned and apply the file again; its statements are idempotent if written to the doctrine.',
        });
      }
      const steps = entries.map(stepFromJournal);
      const live = await liveNamesFor(connection, options.targetDatabase, steps);
      // An RSU batch (issue 15): its schema steps are checked node by node by the rolling executor.
      const rolling = await readRollingProgress(connection, options.ledgerDatabase, batch.batchId);
      const skip = new Set<number>();
      for (const entry of entries) {
        const step = steps[entry.index]!;
        if (entry.status === 'done' || entry.status === 'skipped') {
          skip.add(entry.index);
          continue;
        }
        if (entry.status === 'pending' || rolling?.get(entry.index)?.role === 'rolling') continue;
        const presence = effectPresence(step, live);
        if (presence === 'present') {
          await journal.resolve(batch.batchId, entry.index, 'done', 'effect-present');
          skip.add(entry.index);
        } else if (presence === 'absent' || step.classification.idempotent) {
          await journal.resolve(batch.batchId, entry.index, 'pending', 'rerun-effect-absent');
        } else if (options.inFlight === 'rerun') {
          await journal.resolve(batch.batchId, entry.index, 'pending', 'rerun-by-operator');
        } else if (options.inFlight === 'done') {
          await journal.resolve(batch.batchId, entry.index, 'skipped', 'done-by-operator');
          skip.add(entry.index);
        } else {
          throw new LupoError(
            'resume/in-flight-unknown',
            `Statement ${entry.index + 1} (line ${entry.line}: ${entry.summary}) was in flight and its effect cannot be seen in the schema (${presence}).`,
            {
              hint: 'Check the data yourself, then resume with --in-flight=rerun (run it again) or --in-flight=done (count it as applied).',
              details: { batchId: batch.batchId, statementIndex: entry.index + 1, line: entry.line },
            },
          );
        }
      }
      // Rows may have reached the tables a rollback has not dropped yet: same rule as rollback.
      const loggedRollback = batch.kind === 'rollback' ? await rollbackLogOf(ledger, batch.batchId) : undefined;
      const guarded = loggedRollback
        ? await guardResumedRollback(pool, connection, ledger, {
            targetDatabase: options.targetDatabase,
            rollbackBatchId: batch.batchId,
            log: loggedRollback,
            remaining: steps.filter((step) => !skip.has(step.index)),
            allowDataLoss: Boolean(options.allowDataLoss),
            ...(options.backupDir === undefined ? {} : { backupDir: options.backupDir }),
          })
        : undefined;
      const rollbackLog = guarded?.log;
      await ledger.reopenBatch(batch.batchId, currentRunner());
      await ledger.retryFile(file.fileId);
      await ledger.logValidation(
        batch.batchId,
        file.fileId,
        'during',
        'resume',
        'pass',
        `Resumed: ${skip.size} of ${steps.length} steps already in effect.`,
      );
      if (rollbackLog) await reopenRollbackLog(ledger, rollbackLog.id);
      let outcome: ApplyOutcome;
      try {
        outcome = await runJournaledSteps({
          connection,
          ledger,
          journal,
          batchId: batch.batchId,
          fileId: file.fileId,
          steps,
          skip,
          file: file.path,
          targetDatabase: options.targetDatabase,
          sink: options.sink,
          signal: options.signal,
          finalFileStatus: batch.kind === 'rollback' ? 'rolled_back' : 'applied',
          ...(rolling
            ? {
                execute: rollingExecutor({
                  pool,
                  ledgerDatabase: options.ledgerDatabase,
                  targetDatabase: options.targetDatabase,
                  batchId: batch.batchId,
                  progress: rolling,
                  resume: {
                    presence: async (step, db) =>
                      effectPresence(step, await liveNamesFor(db, options.targetDatabase, [step])),
                    inFlight: options.inFlight ?? 'refuse',
                  },
                }),
              }
            : {}),
        });
      } catch (error) {
        if (rollbackLog) {
          const message = error instanceof Error ? error.message : String(error);
          await ledger.finishRollbackLog(rollbackLog.id, 'failed', rollbackLog.backupPath, message).catch(() => {});
        }
        throw error;
      }
      // A resumed rollback closes the ledger exactly as an uninterrupted one: log completed, apply batch rolled back.
      if (rollbackLog) await completeRollback(ledger, rollbackLog);
      return guarded?.backupPath ? { ...outcome, backupPath: guarded.backupPath } : outcome;
    },
    options.sink,
  );
}

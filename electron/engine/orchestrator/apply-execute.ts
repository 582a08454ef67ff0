import type { Pool, PoolConnection } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import type { ApplyPlan } from './apply-plan';
import type { ApplyValidation } from './apply-validate';
import { currentRunner, type Ledger } from './ledger';
import { ensureLedger } from './ledger-bootstrap';
import { StatementJournal } from './statement-journal';
import { detectTopology } from '../topology/detect-topology';
import { assertRsuApplicable, rollingExecutor, type OsuMethod } from './rolling-schema-upgrade';
import { executeSteps, isConnectionLoss, type ExecuteStepsOptions, type ExecuteStepsResult } from './step-executor';
import type { ExecutionStep } from './steps';
import { withTargetRun } from './target-run';
import { verifyStepEffects, type EffectVerification } from './verify-effects';

/** Step 4 of a guarded apply: what the operator confirmed. */
export interface ApplyConfirmation {
  /** The operator typed the target database name (the CLI's `--yes` passes it). */
  readonly typedDatabase: string;
  /** Second confirmation for destructive statements. */
  readonly allowDestructive?: boolean;
}

/** Options of `executeApply`. */
export interface ExecuteApplyOptions {
  readonly plan: ApplyPlan;
  readonly validation: ApplyValidation;
  readonly confirmation: ApplyConfirmation;
  readonly sink: EngineSink;
  readonly signal: AbortSignal;
  /** Extra facts for the batch's `properties.lupo_admin` (e.g. the fleet run it belongs to). */
  readonly batchProperties?: Readonly<Record<string, string>>;
  /** On Galera: run the schema steps under TOI (default) or as a Rolling Schema Upgrade, node by node. */
  readonly osuMethod?: OsuMethod;
}

/** What an apply (or a resume) did. */
export interface ApplyOutcome {
  readonly status: 'completed' | 'noop';
  readonly batchId?: number;
  readonly fileId?: number;
  readonly executed: number;
  readonly skipped: number;
  readonly elapsedMs: number;
  readonly verification?: EffectVerification;
}

/** Refuses unless the operator confirmed this target (and destructive statements). */
export function checkConfirmation(targetDatabase: string, destructive: number, confirmation: ApplyConfirmation): void {
  if (confirmation.typedDatabase !== targetDatabase) {
    throw new LupoError(
      'apply/not-confirmed',
      `Not confirmed: the target database is "${targetDatabase}", the confirmation said "${confirmation.typedDatabase}".`,
      {
        hint: 'Type the target database name exactly to confirm (or pass --yes in CI).',
      },
    );
  }
  if (destructive > 0 && !confirmation.allowDestructive) {
    throw new LupoError(
      'apply/destructive-not-confirmed',
      `${destructive} destructive statement(s) need a second confirmation.`,
      {
        hint: 'Review the plan, then confirm with --allow-destructive.',
      },
    );
  }
}

/**
 * How often the ledger's progress row is rewritten during a run. Each write is a commit
 * (an fsync) and a round trip of its own: at 250 ms a 2,000-table rollback wrote it ~180
 * times, more than its journal commits. The operator's progress bar comes from the sink
 * events, which go out on every step; the row is for readers elsewhere (`lupo status`).
 */
const PROGRESS_ROW_EVERY_MS = 1000;

/** Writes progress to the ledger at most every PROGRESS_ROW_EVERY_MS (and at the end). */
export function progressWriter(
  ledger: Ledger,
  batchId: number,
  total: number,
  sink: EngineSink,
  phase: 'execute' | 'rollback' = 'execute',
) {
  let last = 0;
  const started = Date.now();
  return async (step: ExecutionStep, done: number): Promise<void> => {
    const now = Date.now();
    sink({
      type: 'progress',
      value: total ? done / total : 1,
      detail: `${done}/${total}: ${step.classification.summary}`,
    });
    if (now - last < PROGRESS_ROW_EVERY_MS && done < total) return;
    last = now;
    const eta = done > 0 ? ((now - started) / done) * (total - done) : undefined;
    await ledger.progress(batchId, phase, done, total, step.classification.summary, eta);
  };
}

/**
 * Step 5 (execute) and 6 (verify) of a guarded apply: under the target's advisory lock,
 * re-checks under the lock (applied with the same checksum → `noop`; edited → refused;
 * unfinished batch → refused), opens the batch and file rows, logs the validation checks,
 * journals every step as pending, runs the steps (journal before/after each), verifies the
 * effects against a fresh read of the live schema, and closes the ledger rows. Failures get
 * an alert and a `failed` batch (resumable); a lost connection leaves the batch `running`
 * with the step in flight, which `lupo status` and `resumeApply` pick up.
 */
export async function executeApply(pool: Pool, options: ExecuteApplyOptions): Promise<ApplyOutcome> {
  const { plan, validation, sink, signal } = options;
  // A busy runner is reported precisely by the lock itself (apply/locked, naming the holder),
  // a refused target by the topology seam (apply/replica-target, apply/galera-not-synced).
  const failed = validation.checks.filter((c) => !c.passed && c.id !== 'runner' && c.id !== 'target');
  if (failed.length > 0) {
    throw new LupoError('apply/validation-failed', `Validation failed: ${failed.map((c) => c.message).join(' ')}`, {
      hint: 'Fix what the failed checks say, then plan and apply again.',
      details: Object.fromEntries(failed.map((c) => [c.id, c.message])),
    });
  }
  checkConfirmation(plan.targetDatabase, plan.counts.destructive, options.confirmation);
  // A first apply creates the ledger keyed as the workspace declares it (LEDGER §5b.3);
  // withTargetRun's own ensureLedger then finds it complete.
  if (validation.ledgerKeyStyle)
    await ensureLedger(pool, plan.ledgerDatabase, { declaredKeyStyle: validation.ledgerKeyStyle });
  return withTargetRun(
    pool,
    plan.targetDatabase,
    plan.ledgerDatabase,
    async ({ connection, ledger }) => {
      const applied = await ledger.findApplied(plan.targetDatabase, plan.file.name);
      if (applied && applied.sha256 === plan.file.sha256)
        return { status: 'noop', executed: 0, skipped: plan.steps.length, elapsedMs: 0 };
      if (applied) {
        throw new LupoError(
          'apply/checksum-changed',
          `${plan.file.name} was applied in batch ${applied.batchId} and has been edited since.`,
          {
            hint: 'Applied migrations must not change: put the new statements in a new migration file.',
          },
        );
      }
      const unfinished = (await ledger.unfinishedBatches(plan.targetDatabase))[0];
      if (unfinished) {
        throw new LupoError(
          'apply/unfinished-batch',
          `Batch ${unfinished.batchId} on ${plan.targetDatabase} is unfinished (${unfinished.status}).`,
          {
            hint: 'Run `lupo status` to see what took effect, then `lupo apply --resume` (or roll it back).',
          },
        );
      }
      const state = await ledger.systemState(plan.targetDatabase);
      if (state.state === 'frozen' || state.state === 'emergency') {
        throw new LupoError(
          'apply/frozen',
          `Migrations on ${plan.targetDatabase} are ${state.state}: ${state.reason || 'no reason given'}.`,
          {
            hint: 'Thaw the system (set it back to normal) once the reason is resolved.',
          },
        );
      }
      // RSU is decided again under the lock, on the node the run uses, before any ledger row.
      const rsu =
        options.osuMethod === 'rsu' ? assertRsuApplicable(await detectTopology(connection), plan.steps) : undefined;
      const { batchId, fileId } = await startSingleFileBatch(
        ledger,
        'apply',
        plan.targetDatabase,
        {
          path: plan.file.path,
          sha256: plan.file.sha256,
          statements: plan.steps.length,
        },
        undefined,
        rsu ? { ...options.batchProperties, osu_method: 'RSU' } : options.batchProperties,
      );
      let order = 0;
      for (const dep of plan.file.dependsOn) {
        await ledger.addDependency({
          fileId,
          filePath: plan.file.path,
          dependsOn: dep.file,
          type: dep.type,
          targetDatabase: plan.targetDatabase,
          sortOrder: ++order,
        });
      }
      for (const check of validation.checks) {
        // The runner check is decided under the lock, which this run now holds (LEDGER §3.3).
        const passed = check.id === 'runner' ? true : check.passed;
        const message = check.id === 'runner' && !check.passed ? 'Lock acquired.' : check.message;
        await ledger.logValidation(batchId, fileId, 'pre', check.id, passed ? 'pass' : 'fail', message);
      }
      await ledger.setFileState(fileId, 3);
      const journal = new StatementJournal(connection, plan.ledgerDatabase);
      await journal.writePending(batchId, fileId, plan.targetDatabase, plan.steps, plan.expected);
      return runJournaledSteps({
        connection,
        ledger,
        journal,
        batchId,
        fileId,
        steps: plan.steps,
        skip: new Set(),
        file: plan.file.path,
        targetDatabase: plan.targetDatabase,
        sink,
        signal,
        ...(rsu
          ? {
              execute: rollingExecutor({
                pool,
                ledgerDatabase: plan.ledgerDatabase,
                targetDatabase: plan.targetDatabase,
                batchId,
                safety: rsu,
              }),
            }
          : {}),
      });
    },
    sink,
  );
}

/**
 * Opens the ledger rows of a one-file run (apply or rollback): a batch on `targetDatabase`
 * run by this process and its single file row. Shared so both runs record the same shape.
 */
export async function startSingleFileBatch(
  ledger: Ledger,
  kind: 'apply' | 'rollback',
  targetDatabase: string,
  file: { path: string; sha256: string; statements: number; generatedInverse?: boolean },
  /** `batch_name`; default `<kind> <file name> to <target>` (LEDGER §3.1). */
  batchName?: string,
  /** Extra facts for the batch's `properties.lupo_admin`. */
  extra?: Readonly<Record<string, string>>,
): Promise<{ batchId: number; fileId: number }> {
  const fileName = file.path.split(/[\\/]/).pop() ?? file.path;
  const name = batchName ?? `${kind} ${fileName} to ${targetDatabase}`;
  const batchId = await ledger.startBatch({
    kind,
    targetDatabase,
    totalFiles: 1,
    runner: currentRunner(),
    name,
    ...(extra ? { extra } : {}),
  });
  const fileId = await ledger.addFile(batchId, { ...file, order: 0 });
  return { batchId, fileId };
}

/** A lost connection met by a ledger write during a run: `apply/connection-lost`, resumable like a lost statement. */
function connectionLostDuringRun(error: unknown, file: string): LupoError {
  return new LupoError('apply/connection-lost', `The connection to the server was lost while applying ${file}.`, {
    hint: 'When the server is reachable again, run `lupo status` to see what took effect, then `lupo apply --resume`.',
    details: { file },
    cause: error,
  });
}

/** Shared by apply, resume and rollback: execute, verify, close the ledger rows, alert on failure. */
export async function runJournaledSteps(input: {
  connection: PoolConnection;
  ledger: Ledger;
  journal: StatementJournal;
  batchId: number;
  fileId: number;
  steps: readonly ExecutionStep[];
  skip: ReadonlySet<number>;
  file: string;
  targetDatabase: string;
  sink: EngineSink;
  signal: AbortSignal;
  finalFileStatus?: 'applied' | 'rolled_back';
  /** How the steps run (default `executeSteps`; an RSU batch runs them node by node). */
  execute?: (options: ExecuteStepsOptions) => Promise<ExecuteStepsResult>;
}): Promise<ApplyOutcome> {
  const { connection, ledger, journal, batchId, fileId, steps, sink } = input;
  const rollingBack = input.finalFileStatus === 'rolled_back';
  let result;
  await ledger.setFileState(fileId, 4);
  await ledger.progress(batchId, rollingBack ? 'rollback' : 'execute', input.skip.size, steps.length, 'starting');
  try {
    result = await (input.execute ?? executeSteps)({
      connection,
      steps,
      file: input.file,
      journal: { batchId, writer: journal },
      skip: input.skip,
      sink,
      signal: input.signal,
      onStepDone: progressWriter(ledger, batchId, steps.length, sink, rollingBack ? 'rollback' : 'execute'),
    });
  } catch (error) {
    // A ledger write between steps (progress) can meet the dying server too: same outcome as a statement.
    if (isConnectionLoss(error)) throw connectionLostDuringRun(error, input.file);
    if (error instanceof LupoError && error.code === 'apply/connection-lost') throw error;
    const e = error instanceof LupoError ? error : new LupoError('apply/failed', String(error));
    const cancelled = e.code === 'job/cancelled';
    await ledger
      .alert(
        batchId,
        cancelled ? 'warning' : rollingBack ? 'critical' : 'error',
        rollingBack && !cancelled ? 'rollback/failed' : e.code,
        `${e.message}${e.hint ? ` ${e.hint}` : ''}`,
        fileId,
      )
      .catch(() => {});
    const errno = typeof e.details?.errno === 'number' ? e.details.errno : undefined;
    await ledger
      .finishFile(fileId, {
        status: 'failed',
        durationMs: 0,
        ...(errno === undefined ? {} : { errorCode: errno }),
        error: e.message,
      })
      .catch(() => {});
    await ledger.finishBatch(batchId, 'failed', { completed: 0, failed: 1 }).catch(() => {});
    throw error;
  }
  let verification: EffectVerification;
  try {
    await ledger.setFileState(fileId, 5);
    const verifyStarted = Date.now();
    verification = await verifyStepEffects(connection, input.targetDatabase, steps);
    await ledger.logValidation(
      batchId,
      fileId,
      'post',
      'verify',
      verification.ok ? 'pass' : 'fail',
      verification.ok
        ? `${verification.checked} effects verified in the live schema.`
        : verification.mismatches.join('; '),
      Date.now() - verifyStarted,
    );
    await ledger.progress(
      batchId,
      'verify',
      steps.length,
      steps.length,
      verification.ok ? 'verified' : 'verification failed',
    );
    if (!verification.ok) {
      await ledger.alert(batchId, 'critical', 'apply/verification-failed', verification.mismatches.join('; '), fileId);
      await ledger.finishFile(fileId, {
        status: 'failed',
        durationMs: result.elapsedMs,
        applied: result.executed,
        error: verification.mismatches.join('; '),
      });
      await ledger.finishBatch(batchId, 'failed', { completed: 0, failed: 1 });
      throw new LupoError(
        'apply/verification-failed',
        `Verification failed: ${verification.mismatches.slice(0, 5).join('; ')}.`,
        {
          hint: 'The statements ran but the live schema does not show their effect; inspect the database before going on.',
        },
      );
    }
    await ledger.progress(batchId, 'complete', steps.length, steps.length, 'completed');
    await ledger.finishFile(fileId, {
      status: input.finalFileStatus ?? 'applied',
      durationMs: result.elapsedMs,
      applied: result.executed,
    });
    await ledger.finishBatch(batchId, 'completed', { completed: 1, failed: 0 });
  } catch (error) {
    if (isConnectionLoss(error)) throw connectionLostDuringRun(error, input.file);
    throw error;
  }
  return {
    status: 'completed',
    batchId,
    fileId,
    executed: result.executed,
    skipped: result.skipped,
    elapsedMs: result.elapsedMs,
    verification,
  };
}

import type { Pool } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import {
  budgetFromCounts,
  describeBudget,
  readRoleTableCounts,
  targetDatabaseBudget,
  type BudgetStatus,
} from '../budget/index';
import type { MigrationFile } from '../migrations/migration-folder';
import { executeApply, type ApplyOutcome } from './apply-execute';
import { planApply, type ApplyPlan } from './apply-plan';
import { validateApply, type ApplyValidation, type ValidationCheck } from './apply-validate';
import { ledgerExists } from './inspect-unfinished';
import { Ledger } from './ledger';
import { rehearse, type RehearsalResult } from './rehearse';

/** One migration of the folder and the database it goes to. */
export interface PendingEntry {
  readonly file: MigrationFile;
  readonly targetDatabase: string;
  /** The role database the file targets (the budget counts the whole system by role). */
  readonly role: DatabaseRole;
}

/** An entry already in the ledger as applied to its target. */
export interface AppliedEntry extends PendingEntry {
  readonly batchId: number;
  /** The checksum recorded when it was applied. */
  readonly appliedSha256: string;
}

/** Which files of the (ordered) folder are applied, pending, or applied and edited since. */
export interface PendingScan {
  readonly ledgerDatabase: string;
  /** Applied with the same checksum: skipped. */
  readonly applied: readonly AppliedEntry[];
  /** Not applied yet, in apply order. */
  readonly pending: readonly PendingEntry[];
  /** Applied, but the file's content changed since: the run is refused. */
  readonly changed: readonly AppliedEntry[];
}

/**
 * Splits the ordered migrations (`readMigrationFolder`) into applied / pending / changed by
 * looking each one up in the ledger of its target (matched by file name, as `validateApply`
 * does). Read-only; no ledger yet means everything is pending.
 */
export async function scanPending(
  pool: Pool,
  input: { readonly entries: readonly PendingEntry[]; readonly ledgerDatabase: string },
): Promise<PendingScan> {
  const ledger = (await ledgerExists(pool, input.ledgerDatabase))
    ? await Ledger.open(pool, input.ledgerDatabase)
    : undefined;
  const applied: AppliedEntry[] = [];
  const pending: PendingEntry[] = [];
  const changed: AppliedEntry[] = [];
  for (const entry of input.entries) {
    const found = ledger ? await ledger.findApplied(entry.targetDatabase, entry.file.name) : undefined;
    if (!found) {
      pending.push(entry);
      continue;
    }
    const row = { ...entry, batchId: found.batchId, appliedSha256: found.sha256 };
    (found.sha256 === entry.file.sha256 ? applied : changed).push(row);
  }
  return { ledgerDatabase: input.ledgerDatabase, applied, pending, changed };
}

/** The refusal for applied files whose content changed, naming each one. */
export function changedFilesError(changed: readonly AppliedEntry[]): LupoError {
  const named = changed.map(
    (c) =>
      `${c.file.name} (applied to ${c.targetDatabase} in batch ${c.batchId} with checksum ${c.appliedSha256.slice(0, 12)}…, now ${c.file.sha256.slice(0, 12)}…)`,
  );
  return new LupoError(
    'apply/checksum-changed',
    `Applied migration(s) edited since they were applied: ${named.join('; ')}.`,
    {
      hint: 'Applied migrations must not change: restore the applied content and put new statements in a new migration file.',
      details: { files: changed.map((c) => c.file.name).join(', ') },
    },
  );
}

/** Plan and validation of one pending file (dry run, or the step before executing it). */
export interface PendingCheck {
  readonly entry: PendingEntry;
  readonly plan: ApplyPlan;
  readonly validation: ApplyValidation;
}

/** Options shared by `validatePending` and `applyPending`. */
export interface PendingOptions {
  readonly config: WorkspaceConfig;
  /** The physical database of every role: the table budget is the whole system's. */
  readonly databases: Readonly<Record<DatabaseRole, string>>;
  readonly allowDestructive?: boolean;
}

/** Tables per role that earlier files of a dry run would add (they have not run yet). */
type RoleDelta = Partial<Record<DatabaseRole, number>>;

/**
 * The budget check in whole-system figures, the same computation as the app's Validate,
 * Overview, `lupo lint`, the reports and `lupo apply FILE`.
 */
function systemBudgetCheck(system: BudgetStatus): ValidationCheck {
  return system.exceededBy === 0
    ? { id: 'budget', passed: true, message: describeBudget(system) }
    : {
        id: 'budget',
        passed: false,
        message: `${describeBudget(system)} The plan crosses the table budget by ${system.exceededBy}: it is blocked. Drop or merge tables, or raise tableBudget in the workspace config.`,
      };
}

async function planAndValidate(
  pool: Pool,
  entry: PendingEntry,
  ledgerDatabase: string,
  appliedInRun: ReadonlySet<string>,
  options: PendingOptions,
  pendingDelta: RoleDelta = {},
): Promise<PendingCheck> {
  const counts = await readRoleTableCounts(pool, options.databases);
  const before = budgetFromCounts(counts, pendingDelta, options.config);
  const plan = await planApply(pool, {
    file: entry.file,
    targetDatabase: entry.targetDatabase,
    ledgerDatabase,
    // The target's share of the system budget, so the orchestrator's own check agrees.
    budget: targetDatabaseBudget(before, entry.role),
  });
  const checked = await validateApply(pool, plan, {
    config: options.config,
    allowDestructive: Boolean(options.allowDestructive),
    appliedInRun,
  });
  // Every role database's tables now, plus earlier files of a dry run, plus this plan.
  const delta = { ...pendingDelta };
  delta[entry.role] = (delta[entry.role] ?? 0) + plan.tables.after - plan.tables.before;
  const budgetCheck = systemBudgetCheck(budgetFromCounts(counts, delta, options.config));
  const checks = checked.checks.map((check) => (check.id === 'budget' ? budgetCheck : check));
  const validation = { ...checked, checks, ok: checks.every((c) => c.passed) };
  return { entry, plan, validation };
}

/**
 * Dry run of a pending run: plans and validates every pending file in order, counting the
 * earlier ones as applied in the run (so their `-- depends:` edges are satisfied, and the
 * tables they add count against the system budget). Each plan reads the live schema as it
 * is now — the statement predictions of a later file do not include the effects of the
 * earlier ones. Read-only.
 */
export async function validatePending(pool: Pool, scan: PendingScan, options: PendingOptions): Promise<PendingCheck[]> {
  const appliedInRun = new Set<string>();
  const delta: RoleDelta = {};
  const checks: PendingCheck[] = [];
  for (const entry of scan.pending) {
    const check = await planAndValidate(pool, entry, scan.ledgerDatabase, appliedInRun, options, delta);
    checks.push(check);
    appliedInRun.add(entry.file.name);
    delta[entry.role] = (delta[entry.role] ?? 0) + check.plan.tables.after - check.plan.tables.before;
  }
  return checks;
}

/** Why a pending run stopped before its end. */
export interface PendingStop {
  readonly file: string;
  readonly targetDatabase: string;
  /** `validation` and `rehearsal` refused before anything ran; `error` = the apply itself failed. */
  readonly reason: 'validation' | 'rehearsal' | 'error';
  readonly message: string;
  readonly failedChecks?: readonly ValidationCheck[];
  readonly rehearsal?: RehearsalResult;
  readonly error?: LupoError;
}

/** What a pending run did: files applied (one batch each), files not run, and why it stopped. */
export interface PendingRunOutcome {
  readonly applied: ReadonlyArray<{
    readonly file: string;
    readonly targetDatabase: string;
    readonly outcome: ApplyOutcome;
  }>;
  /** Found applied (same checksum) when their turn came — another runner applied them meanwhile. */
  readonly alreadyApplied: readonly string[];
  readonly notRun: readonly string[];
  readonly stopped?: PendingStop;
}

/** Options of `applyPending`. */
export interface ApplyPendingOptions extends PendingOptions {
  /** Rehearse each file on a disposable local server before applying it. */
  readonly rehearse?: boolean;
  /** What the operator typed to confirm each target database (`--yes` passes the name). */
  readonly typedDatabase: (targetDatabase: string) => string;
  readonly sink?: EngineSink;
  readonly signal: AbortSignal;
}

function asLupoError(error: unknown): LupoError {
  return error instanceof LupoError
    ? error
    : new LupoError('apply/failed', error instanceof Error ? error.message : String(error));
}

/**
 * Applies the pending files of a scan in order, each through the full guarded protocol as
 * its own batch (plan against the schema as the earlier files left it → validate with the
 * earlier files counted as applied in the run → optional rehearsal → execute under the
 * lock with the journal → verify). Stops at the first refusal or failure and reports it in
 * `stopped` (it does not throw for those), listing the files not run. A failed file's batch
 * is left `failed` in the ledger, resumable as after a single-file apply.
 */
export async function applyPending(
  pool: Pool,
  scan: PendingScan,
  options: ApplyPendingOptions,
): Promise<PendingRunOutcome> {
  const sink = options.sink ?? silentSink;
  const appliedInRun = new Set<string>();
  const applied: PendingRunOutcome['applied'][number][] = [];
  const alreadyApplied: string[] = [];
  const rest = (from: number): string[] => scan.pending.slice(from).map((e) => e.file.name);
  for (let i = 0; i < scan.pending.length; i++) {
    const entry = scan.pending[i]!;
    const name = entry.file.name;
    const stop = (s: Omit<PendingStop, 'file' | 'targetDatabase'>): PendingRunOutcome => ({
      applied,
      alreadyApplied,
      notRun: rest(i + 1),
      stopped: { file: name, targetDatabase: entry.targetDatabase, ...s },
    });
    sink({
      type: 'log',
      level: 'info',
      message: `[${i + 1}/${scan.pending.length}] ${name} → ${entry.targetDatabase}`,
    });
    let check: PendingCheck;
    try {
      check = await planAndValidate(pool, entry, scan.ledgerDatabase, appliedInRun, options);
    } catch (error) {
      const e = asLupoError(error);
      return stop({ reason: 'error', message: e.message, error: e });
    }
    const { plan, validation } = check;
    if (validation.alreadyApplied) {
      alreadyApplied.push(name);
      appliedInRun.add(name);
      continue;
    }
    // A busy runner alone is reported precisely by the lock itself (apply/locked), as `apply FILE` does.
    const refused = validation.checks.filter((c) => !c.passed && c.id !== 'runner');
    if (refused.length > 0) {
      return stop({
        reason: 'validation',
        message: refused.map((c) => c.message).join(' '),
        failedChecks: refused,
      });
    }
    if (options.rehearse) {
      const rehearsal = await rehearse(pool, plan, { sink: silentSink, signal: options.signal });
      if (!rehearsal.ok) {
        return stop({
          reason: 'rehearsal',
          message: `Rehearsal failed: ${rehearsal.error?.message ?? rehearsal.verification?.mismatches.join('; ') ?? 'unknown'}`,
          rehearsal,
        });
      }
    }
    try {
      const outcome = await executeApply(pool, {
        plan,
        validation,
        confirmation: {
          typedDatabase: options.typedDatabase(entry.targetDatabase),
          allowDestructive: Boolean(options.allowDestructive),
        },
        sink,
        signal: options.signal,
      });
      if (outcome.status === 'noop') alreadyApplied.push(name);
      else applied.push({ file: name, targetDatabase: entry.targetDatabase, outcome });
    } catch (error) {
      const e = asLupoError(error);
      return stop({ reason: 'error', message: e.message, error: e });
    }
    appliedInRun.add(name);
  }
  return { applied, alreadyApplied, notRun: [] };
}

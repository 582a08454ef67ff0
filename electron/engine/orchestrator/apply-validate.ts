import type { Pool } from 'mysql2/promise';
import type { Finding } from '../../../shared/schema/findings';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { lintStatements } from '../doctrine/index';
import type { ApplyPlan } from './apply-plan';
import { runnerHolder } from './run-lock';
import { Ledger } from './ledger';
import { workspaceLedgerKeyStyle, type LedgerKeyStyle } from './ledger-bootstrap';
import { requireWritableLedger } from './ledger-shape';
import { formatYmdhis } from './ymdhis';
import { unknownServerOptions } from './server-options';
import { describeTopology, type TopologyInfo } from '../../../shared/contract/topology';
import type { LupoError } from '../../../shared/errors';
import { detectTopology } from '../topology/detect-topology';
import { describeRsuRefusal, rsuSafety } from '../topology/rsu-safety';
import { assertApplicableTarget } from '../topology/target-guard';
import type { OsuMethod } from './rolling-schema-upgrade';
import type { ExecutionStep } from './steps';

/** One check of step 2 (validate), as recorded in `migration_validation_log`. */
export interface ValidationCheck {
  readonly id:
    | 'runner'
    | 'system-state'
    | 'checksum'
    | 'dependencies'
    | 'doctrine'
    | 'destructive'
    | 'budget'
    | 'unfinished-batch'
    | 'lupopedia-rows'
    | 'options'
    | 'target'
    | 'osu';
  readonly passed: boolean;
  readonly message: string;
}

/** What validation found. `ok` = every check passed; `alreadyApplied` = same file, same checksum (re-apply is a no-op). */
export interface ApplyValidation {
  readonly ok: boolean;
  readonly alreadyApplied: boolean;
  readonly checks: readonly ValidationCheck[];
  readonly findings: readonly Finding[];
  /** When no ledger exists yet: the key style the workspace declares for it (LEDGER §5b.3). */
  readonly ledgerKeyStyle?: LedgerKeyStyle;
}

/** Options of `validateApply`. */
export interface ValidateApplyOptions {
  readonly config: WorkspaceConfig;
  /** The second confirmation for destructive statements. */
  readonly allowDestructive?: boolean;
  /** File names applied earlier in the same run (they satisfy dependencies). */
  readonly appliedInRun?: ReadonlySet<string>;
  /** On Galera: the batch's schema upgrade method (`rsu` adds the RSU safety check). */
  readonly osuMethod?: OsuMethod;
  /** The target's topology when the caller already detected it (else detected here). */
  readonly topology?: TopologyInfo;
}

/**
 * The topology checks (issue 15, point 3), so the app's Validate step shows them too: a
 * replica or a Galera node that is not Synced is refused as a target (`target`, only
 * listed beyond a standalone server), and RSU is refused off Galera or for a batch with
 * statements that are not backward-compatible, naming them (`osu`, only when asked for).
 */
export function topologyChecks(
  topology: TopologyInfo,
  steps: readonly ExecutionStep[],
  osuMethod: OsuMethod,
): ValidationCheck[] {
  const checks: ValidationCheck[] = [];
  if (topology.kind !== 'standalone') {
    try {
      assertApplicableTarget(topology);
      checks.push({ id: 'target', passed: true, message: `Target: ${describeTopology(topology)}.` });
    } catch (error) {
      const e = error as LupoError;
      checks.push({ id: 'target', passed: false, message: `${e.message}${e.hint ? ` ${e.hint}` : ''}` });
    }
  }
  if (osuMethod === 'rsu') {
    const safety = rsuSafety(steps);
    const nodes = topology.galera?.clusterSize ?? 0;
    checks.push(
      topology.kind !== 'galera'
        ? {
            id: 'osu',
            passed: false,
            message: `RSU (Rolling Schema Upgrade) exists only on Galera (wsrep_OSU_method); this server is ${describeTopology(topology)}. Use TOI (the default).`,
          }
        : safety.ok
          ? {
              id: 'osu',
              passed: true,
              message: `RSU: ${safety.rolling} schema step(s) run on each of the ${nodes} nodes in turn (each node desyncs while it runs them, the others keep serving); ${safety.once} data step(s) run once, replicated.`,
            }
          : { id: 'osu', passed: false, message: describeRsuRefusal(safety) },
    );
  }
  return checks;
}

/** True when a Lupopedia-shaped ledger is there to read; an unknown, 0.1 or renamed ledger is refused before anything runs (LEDGER §5a). */
async function ledgerPresent(pool: Pool, database: string): Promise<boolean> {
  const shape = await requireWritableLedger(pool, database);
  const has = (t: string): boolean => shape.tables.some((x) => x.table === t && x.verdict !== 'absent');
  return has('migration_batches') && has('migration_files') && has('migration_system_state');
}

/**
 * Step 2 of a guarded apply: system state (frozen refuses), checksum (an applied file whose
 * content changed is refused; an unchanged one makes the apply a no-op), dependencies
 * (required files applied on this target), doctrine (C's statement rules), destructive
 * statements (need `allowDestructive`), the table budget, and no unfinished batch on the
 * target. Read-only.
 */
export async function validateApply(
  pool: Pool,
  plan: ApplyPlan,
  options: ValidateApplyOptions,
): Promise<ApplyValidation> {
  const checks: ValidationCheck[] = [];
  let alreadyApplied = false;
  let ledgerKeyStyle: LedgerKeyStyle | undefined;
  if (await ledgerPresent(pool, plan.ledgerDatabase)) {
    const ledger = await Ledger.open(pool, plan.ledgerDatabase);
    const state = await ledger.systemState(plan.targetDatabase);
    checks.push(
      state.state === 'frozen' || state.state === 'emergency'
        ? {
            id: 'system-state',
            passed: false,
            message: `The migration system for ${plan.targetDatabase} is ${state.state}: ${state.reason || 'no reason given'}.`,
          }
        : { id: 'system-state', passed: true, message: `System state: ${state.state}.` },
    );
    const applied = await ledger.findApplied(plan.targetDatabase, plan.file.name);
    if (applied && applied.sha256 !== plan.file.sha256) {
      checks.push({
        id: 'checksum',
        passed: false,
        message: `${plan.file.name} was applied to ${plan.targetDatabase} in batch ${applied.batchId} with checksum ${applied.sha256.slice(0, 12)}…, but its content changed (now ${plan.file.sha256.slice(0, 12)}…). Applied migrations must not be edited: write a new migration file.`,
      });
    } else {
      alreadyApplied = applied !== undefined;
      checks.push({
        id: 'checksum',
        passed: true,
        message: applied
          ? `Already applied in batch ${applied.batchId} with the same checksum: nothing to do.`
          : `Checksum ${plan.file.sha256.slice(0, 12)}…: not applied yet.`,
      });
    }
    const missing: string[] = [];
    for (const dep of plan.file.dependsOn) {
      if (dep.type !== 'required' || options.appliedInRun?.has(dep.file)) continue;
      if (!(await ledger.findApplied(plan.targetDatabase, dep.file))) missing.push(dep.file);
    }
    checks.push(
      missing.length > 0
        ? {
            id: 'dependencies',
            passed: false,
            message: `${plan.file.name} depends on ${missing.join(', ')}, not applied to ${plan.targetDatabase} yet.`,
          }
        : { id: 'dependencies', passed: true, message: `${plan.file.dependsOn.length} dependencies satisfied.` },
    );
    const holder = await runnerHolder(pool, plan.targetDatabase, plan.ledgerDatabase);
    const batches = await ledger.unfinishedBatches(plan.targetDatabase);
    const active = holder === undefined ? undefined : batches.find((b) => b.status === 'running');
    if (holder !== undefined) {
      checks.push({
        id: 'runner',
        passed: false,
        message: active
          ? `Another runner is migrating ${plan.targetDatabase}: batch ${active.batchId} started ${formatYmdhis(active.startedYmdhis)} by ${active.runner.user} on ${active.runner.host}.`
          : `Another runner holds the lock on ${plan.targetDatabase} (server connection ${holder}).`,
      });
    }
    const unfinished = batches.find((b) => b !== active);
    checks.push(
      unfinished
        ? {
            id: 'unfinished-batch',
            passed: false,
            message: `Batch ${unfinished.batchId} on ${plan.targetDatabase} is ${unfinished.status}: resume it (lupo apply --resume) or roll it back first.`,
          }
        : { id: 'unfinished-batch', passed: true, message: 'No unfinished batch on the target.' },
    );
    // Rows Lupopedia's orchestrator (or a hand) wrote have no target: noted, never blocking (LEDGER §5d.7).
    const foreignFile = await ledger.foreignAppliedFile(plan.file.name);
    const foreignRunning = await ledger.foreignUnfinishedBatches();
    if (foreignFile || foreignRunning.length > 0) {
      const notes = [
        ...(foreignFile
          ? [`${plan.file.name} was applied by Lupopedia's orchestrator (target unknown, file row ${foreignFile}).`]
          : []),
        ...(foreignRunning.length > 0
          ? [`${foreignRunning.length} unfinished batch(es) written by Lupopedia's orchestrator (not blocking).`]
          : []),
      ];
      checks.push({ id: 'lupopedia-rows', passed: true, message: notes.join(' ') });
    }
  } else {
    ledgerKeyStyle = await workspaceLedgerKeyStyle(options.config);
    const deps = plan.file.dependsOn.filter((d) => d.type === 'required' && !options.appliedInRun?.has(d.file));
    checks.push(
      deps.length > 0
        ? {
            id: 'dependencies',
            passed: false,
            message: `${plan.file.name} depends on ${deps.map((d) => d.file).join(', ')}, and no migration was ever applied here.`,
          }
        : { id: 'dependencies', passed: true, message: 'No dependencies.' },
    );
  }
  const findings = lintStatements(plan.statements, plan.file.path, options.config);
  const errors = findings.filter((f) => f.severity === 'error');
  checks.push({
    id: 'doctrine',
    passed: errors.length === 0,
    message:
      errors.length === 0
        ? `Doctrine: no errors (${findings.length} other findings).`
        : `Doctrine: ${errors.length} error(s), first: ${errors[0]!.message}`,
  });
  const destructive = plan.steps.filter((s) => s.classification.destructive);
  checks.push(
    destructive.length > 0 && !options.allowDestructive
      ? {
          id: 'destructive',
          passed: false,
          message: `${destructive.length} destructive statement(s), first at line ${destructive[0]!.line}: ${destructive[0]!.classification.summary}. Confirm with --allow-destructive.`,
        }
      : {
          id: 'destructive',
          passed: true,
          message: `${destructive.length} destructive statement(s)${destructive.length ? ' (confirmed)' : ''}.`,
        },
  );
  const unknown = await unknownServerOptions(pool, plan.steps);
  checks.push({
    id: 'options',
    passed: unknown.length === 0,
    message:
      unknown.length === 0
        ? 'Engines, character sets and collations: all known to the server.'
        : `${unknown.length} option(s) the server does not have, first: ${unknown[0]}. Correct the file.`,
  });
  // `plan.tables.budget` is the target's share of the system budget (the maximum less the
  // other role databases' tables), so the check agrees with the system's figures; the
  // message says so rather than show the share as if it were the budget.
  const max = options.config.tableBudget.total;
  const budget = plan.tables.budget ?? max;
  checks.push(
    plan.tables.after > budget
      ? {
          id: 'budget',
          passed: false,
          message: `The plan takes ${plan.targetDatabase} to ${plan.tables.after} tables: the system would cross its budget of ${max} by ${plan.tables.after - budget}.`,
        }
      : {
          id: 'budget',
          passed: true,
          message: `${plan.targetDatabase}: ${plan.tables.before} → ${plan.tables.after} tables; the system stays within its budget of ${max} (headroom ${budget - plan.tables.after}).`,
        },
  );
  const osuMethod = options.osuMethod ?? 'toi';
  const topology = options.topology ?? (await detectTopology(pool));
  checks.push(...topologyChecks(topology, plan.steps, osuMethod));
  return {
    ok: checks.every((c) => c.passed),
    alreadyApplied,
    checks,
    findings,
    ...(ledgerKeyStyle ? { ledgerKeyStyle } : {}),
  };
}

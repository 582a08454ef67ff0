import { randomUUID } from 'node:crypto';
import type {
  ApplyResultView,
  GaleraPlanView,
  MigrationPlanView,
  PlanStatement,
} from '../../../shared/contract/migration';
import type { EngineSink } from '../../../shared/engine-events';
import { LupoError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { BudgetStatus } from '../budget/index';
import type { OpenConnection } from '../connection/session-registry';
import type { MigrationFile } from '../migrations/migration-folder';
import type { ApplyOutcome } from '../orchestrator/apply-execute';
import type { ApplyPlan } from '../orchestrator/apply-plan';
import { emptyKindCounts, type ExecutionStep } from '../orchestrator/steps';
import { maskSqlSecrets } from '../sql/redact-secrets';

/*
 * Plans as the migration handlers keep them (by id, in the engine) and their translation
 * into the contract's views: statements, counts, progress scaled over several files.
 */

/** The open workspace as the migration handlers need it (paths absolute). */
export interface MigrationWorkspace {
  /** The workspace folder (ledger file paths are recorded relative to it). */
  readonly root: string;
  /** Validated config: `migrations` and `backups` are absolute folders. */
  readonly config: WorkspaceConfig;
}

/** One file of a stored plan with its orchestrator plan. */
export interface PlanPart {
  readonly file: MigrationFile;
  /** Absolute path the file lives at (or will be written to, when generated). */
  readonly absolutePath: string;
  readonly generated: boolean;
  readonly plan: ApplyPlan;
}

/** A plan kept in the engine: the renderer only holds its id. */
export interface StoredPlan {
  readonly planId: string;
  readonly connectionId: string;
  readonly workspace: MigrationWorkspace;
  readonly role: DatabaseRole;
  readonly targetDatabase: string;
  readonly ledgerDatabase: string;
  readonly parts: readonly PlanPart[];
  readonly createdMs: number;
  /** The whole system's table budget before and after this plan (electron/engine/budget). */
  readonly budget?: BudgetStatus;
  /** On a Galera node: TOI warnings and whether RSU is possible (topology/galera-plan-advice). */
  readonly galera?: GaleraPlanView;
}

/** Keeps plans (or previews) by id for a while; the oldest go first beyond `max`. */
export class ExpiringMap<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 32,
  ) {}

  /** Stores the value built for a new id; returns the value. */
  add(build: (id: string) => T): T {
    const id = randomUUID();
    const value = build(id);
    this.entries.set(id, { value, at: Date.now() });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** The value, or undefined when unknown or expired. */
  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (Date.now() - entry.at > this.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.value;
  }

  /** Forgets the id (a one-shot value, once used). */
  delete(id: string): void {
    this.entries.delete(id);
  }
}

/** Refuses writes on a connection opened read-only. */
export function requireWritable(open: OpenConnection, what: string): void {
  if (open.readOnly) {
    throw new LupoError('connection/read-only', `This connection was opened read-only: ${what} is not allowed.`, {
      hint: 'Reconnect without the read-only option to change the databases.',
    });
  }
}

/** One execution step of `file` as the contract carries it, with its predicted effect. */
export function planStatement(file: string, step: ExecutionStep, expected: PlanStatement['expected']): PlanStatement {
  return {
    file,
    index: step.index,
    line: step.line,
    kind: step.classification.kind,
    destructive: step.classification.destructive,
    locking: step.classification.locking,
    idempotent: step.classification.idempotent,
    summary: step.classification.summary,
    sql: maskSqlSecrets(step.sql), // shown to the operator: passwords masked
    expected,
  };
}

/** The statements of a plan as the contract carries them. */
export function planStatements(
  parts: readonly { readonly file: MigrationFile; readonly plan: ApplyPlan }[],
): PlanStatement[] {
  return parts.flatMap(({ file, plan }) =>
    plan.steps.map((step) => planStatement(file.name, step, plan.expected[step.index] ?? 'unknown')),
  );
}

/** The contract's view of a stored plan (counts summed over its files, budget of its role). */
export function planView(stored: StoredPlan, source: 'drift' | 'files', notes: readonly string[]): MigrationPlanView {
  const plans = stored.parts.map((p) => p.plan);
  const sum = (pick: (plan: ApplyPlan) => number): number => plans.reduce((n, plan) => n + pick(plan), 0);
  const byKind = emptyKindCounts();
  for (const plan of plans)
    for (const [kind, n] of Object.entries(plan.counts.byKind)) byKind[kind as PlanStatement['kind']] += n;
  const before = plans[0]?.tables.before ?? 0;
  // Each file was predicted against the live schema; their table deltas add up.
  const after = before + sum((plan) => plan.tables.after - plan.tables.before);
  const budget = stored.workspace.config.tableBudget.perRole[stored.role] ?? stored.workspace.config.tableBudget.total;
  const system = stored.budget?.total;
  return {
    planId: stored.planId,
    source,
    role: stored.role,
    targetDatabase: stored.targetDatabase,
    ledgerDatabase: stored.ledgerDatabase,
    files: stored.parts.map((part) => ({
      name: part.file.name,
      path: part.file.path,
      sha256: part.file.sha256,
      dependsOn: part.file.dependsOn.map((d) => ({ file: d.file, type: d.type })),
      hasDown: part.file.downPath !== undefined,
      generated: part.generated,
      content: part.file.content,
    })),
    statements: planStatements(stored.parts),
    counts: {
      statements: sum((p) => p.counts.statements),
      steps: sum((p) => p.counts.steps),
      destructive: sum((p) => p.counts.destructive),
      locking: sum((p) => p.counts.locking),
      changes: sum((p) => p.counts.changes),
      noops: sum((p) => p.counts.noops),
      unknown: sum((p) => p.counts.unknown),
      byKind,
    },
    // The system's tables (every role database), as the overview, lint and reports count them.
    tables: system
      ? { before: system.current, after: system.afterPlan, budget: system.max, headroom: system.headroom }
      : { before, after, budget, headroom: budget - after },
    notes: [...notes],
    ...(stored.galera ? { galera: stored.galera } : {}),
  };
}

/**
 * Scales a file's events into the whole plan's 0..1 and turns statement starts into
 * progress whose detail is the statement, so the wizard can show "statement i/N".
 */
export function planProgressSink(sink: EngineSink, part: number, parts: number, file: string): EngineSink {
  const scale = (value: number): number => (part + Math.min(1, Math.max(0, value))) / parts;
  return (event) => {
    if (event.type === 'statement') {
      if (event.phase !== 'start') return;
      const prefix = parts > 1 ? `${file} · ` : '';
      sink({
        type: 'progress',
        value: scale(event.total ? event.index / event.total : 0),
        detail: `${prefix}statement ${event.index + 1}/${event.total}: ${event.sql.replace(/\s+/g, ' ').slice(0, 300)}`,
      });
    } else if (event.type === 'progress') {
      sink(event.value === undefined ? event : { ...event, value: scale(event.value) });
    } else {
      sink(event);
    }
  };
}

/** ApplyOutcome → the contract's per-file outcome. */
export function fileOutcome(file: string, outcome: ApplyOutcome): ApplyResultView['files'][number] {
  return {
    file,
    status: outcome.status,
    ...(outcome.batchId === undefined ? {} : { batchId: outcome.batchId }),
    executed: outcome.executed,
    skipped: outcome.skipped,
    elapsedMs: outcome.elapsedMs,
    ...verificationField(outcome),
  };
}

/** An outcome's post-run verification as the contract carries it (no field when the run was not verified). */
export function verificationField(outcome: Pick<ApplyOutcome, 'verification'>): {
  verification?: { ok: boolean; checked: number; mismatches: string[] };
} {
  const { verification } = outcome;
  if (!verification) return {};
  return {
    verification: { ok: verification.ok, checked: verification.checked, mismatches: [...verification.mismatches] },
  };
}

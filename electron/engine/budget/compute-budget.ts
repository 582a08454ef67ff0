import type { SchemaChange } from '../../../shared/schema/changes';
import type { Finding } from '../../../shared/schema/findings';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';

/** Table counts of one role database before and after a plan, against its optional own maximum. */
export interface RoleBudget {
  readonly current: number;
  readonly afterPlan: number;
  readonly max?: number;
}

/** The system's table budget before and after a plan (DESIGN §2 "table budget"). */
export interface BudgetStatus {
  readonly perRole: Readonly<Record<DatabaseRole, RoleBudget>>;
  readonly total: {
    readonly current: number;
    readonly afterPlan: number;
    readonly max: number;
    readonly headroom: number;
  };
  /** How many tables the plan (or the current state) goes over the tightest maximum; 0 when within budget. */
  readonly exceededBy: number;
}

/** A plan given as counts; `role` says where the tables land (default core). */
export interface PlannedCounts {
  readonly addTables: number;
  readonly dropTables: number;
  readonly role?: DatabaseRole;
}

function plannedDelta(planned: PlannedCounts | readonly SchemaChange[] | undefined): Record<DatabaseRole, number> {
  const delta: Record<DatabaseRole, number> = { core: 0, orchestration: 0, ephemeral: 0 };
  if (!planned) return delta;
  if (Array.isArray(planned)) {
    for (const change of planned as readonly SchemaChange[]) {
      if (change.kind === 'addTable') delta[change.role] += 1;
      if (change.kind === 'dropTable') delta[change.role] -= 1;
    }
    return delta;
  }
  const counts = planned as PlannedCounts;
  delta[counts.role ?? 'core'] += counts.addTables - counts.dropTables;
  return delta;
}

/**
 * Counts tables per role database and in total, now and after the plan (changes or plain
 * counts), against `config.tableBudget`. Pure; `exceededBy` is the largest overshoot of the
 * total or any per-role maximum after the plan.
 */
export function computeBudget(
  current: SchemaModel,
  planned: PlannedCounts | readonly SchemaChange[] | undefined,
  config: Pick<WorkspaceConfig, 'tableBudget'>,
): BudgetStatus {
  const counts = {} as Record<DatabaseRole, number>;
  for (const role of DATABASE_ROLES) counts[role] = current.databases[role].tables.length;
  return budgetFromCounts(counts, plannedDelta(planned), config);
}

/**
 * The one budget computation of the app: the whole system (every role database) now and
 * after a plan given as a table delta per role. The overview, Validate, Apply, `lupo lint`
 * and the reports all go through here, so they can never disagree.
 */
export function budgetFromCounts(
  counts: Readonly<Record<DatabaseRole, number>>,
  delta: Readonly<Partial<Record<DatabaseRole, number>>>,
  config: Pick<WorkspaceConfig, 'tableBudget'>,
): BudgetStatus {
  const perRole = {} as Record<DatabaseRole, RoleBudget>;
  let exceededBy = 0;
  let now = 0;
  let after = 0;
  for (const role of DATABASE_ROLES) {
    const count = counts[role];
    const afterPlan = Math.max(0, count + (delta[role] ?? 0));
    const max = config.tableBudget.perRole[role];
    perRole[role] = { current: count, afterPlan, ...(max === undefined ? {} : { max }) };
    if (max !== undefined) exceededBy = Math.max(exceededBy, afterPlan - max);
    now += count;
    after += afterPlan;
  }
  const max = config.tableBudget.total;
  exceededBy = Math.max(exceededBy, after - max);
  return {
    perRole,
    total: { current: now, afterPlan: after, max, headroom: max - after },
    exceededBy: Math.max(0, exceededBy),
  };
}

/**
 * How many tables one role database may hold for the whole system to stay within budget
 * (the total minus the other databases' tables, capped by the role's own maximum). A check
 * that only sees the target database compares against this and agrees with the system budget.
 */
export function targetDatabaseBudget(status: BudgetStatus, role: DatabaseRole): number {
  const others = status.total.afterPlan - status.perRole[role].afterPlan;
  const ownMax = status.perRole[role].max;
  return Math.max(1, Math.min(status.total.max - others, ownMax ?? Number.POSITIVE_INFINITY));
}

/** One line saying where the system stands: "Tables 182 → 184 (budget 180, headroom −4)". */
export function describeBudget(status: BudgetStatus): string {
  const { current, afterPlan, max, headroom } = status.total;
  const overRole = DATABASE_ROLES.filter((role) => {
    const budget = status.perRole[role];
    return budget.max !== undefined && budget.afterPlan > budget.max;
  }).map((role) => `${role} ${status.perRole[role].afterPlan} over its ${status.perRole[role].max}`);
  return `System tables ${current} → ${afterPlan} (budget ${max}, headroom ${headroom})${overRole.length ? `; ${overRole.join(', ')}` : ''}.`;
}

/**
 * Error findings for every maximum the plan crosses (total and per role), naming how many
 * tables over it goes. A plan that crosses the budget is blocked (DESIGN §2).
 */
export function budgetFindings(
  status: BudgetStatus,
  databases: Readonly<Record<DatabaseRole, string>>,
  code = 'table-budget',
): Finding[] {
  const findings: Finding[] = [];
  const planned = status.total.afterPlan !== status.total.current;
  const when = planned ? 'after the plan' : 'now';
  if (status.total.afterPlan > status.total.max) {
    const over = status.total.afterPlan - status.total.max;
    findings.push({
      code,
      severity: 'error',
      message: `The system would hold ${status.total.afterPlan} tables ${when}, ${over} over the budget of ${status.total.max}: drop or merge ${over} table(s), or raise tableBudget.total in the workspace config.`,
      location: { kind: 'database', database: DATABASE_ROLES.map((role) => databases[role]).join('+') },
    });
  }
  for (const role of DATABASE_ROLES) {
    const budget = status.perRole[role];
    if (budget.max !== undefined && budget.afterPlan > budget.max) {
      const over = budget.afterPlan - budget.max;
      findings.push({
        code,
        severity: 'error',
        message: `The ${role} database would hold ${budget.afterPlan} tables ${when}, ${over} over its budget of ${budget.max}: drop or merge ${over} table(s), or raise tableBudget.perRole.${role}.`,
        location: { kind: 'database', database: databases[role] },
      });
    }
  }
  return findings;
}

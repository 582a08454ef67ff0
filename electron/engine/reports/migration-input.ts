import { DATABASE_ROLES, type DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { BudgetStatus, RoleBudget } from '../budget/compute-budget';
import type { ThreeWayDiff } from '../diff/compare-sources';
import { lintStatements } from '../doctrine/index';
import { migrationChecksum } from '../migrations/checksum';
import { declaredTargetRole, markDeclaredDestructive } from '../orchestrator/apply-plan';
import { buildSteps, countByKind, type ExecutionStep } from '../orchestrator/steps';
import { splitStatements } from '../sqlfile/index';
import { primaryPair, type MigrationCheck, type ReportMigration, type SourcedFinding } from './report-model';

/** A migration file as the report reads it: where it is (as shown) and its text. */
export interface MigrationSource {
  /** The path the report shows (relative to the workspace or cwd, preferably). */
  readonly path: string;
  readonly content: string;
  /** The checksum when already computed (else computed from `content`). */
  readonly sha256?: string;
}

/** A table a migration creates, and the role database it lands in. */
export interface CreatedTable {
  readonly role: DatabaseRole;
  readonly table: string;
}

/** What the report knows about a migration file: its section, its doctrine findings, the tables it creates. */
export interface MigrationDescription {
  readonly migration: ReportMigration;
  /** Doctrine findings on the file's statements, tagged `source: 'migration'`. */
  readonly findings: readonly SourcedFinding[];
  readonly createdTables: readonly CreatedTable[];
}

const isCreateTable = (step: ExecutionStep): boolean =>
  step.classification.kind === 'create' && step.classification.effects.some((e) => e.kind === 'table-exists');

/** A guard group: `SET @v = IF(<information_schema condition>, …)` + PREPARE/EXECUTE/DEALLOCATE. */
const isInformationSchemaGuard = (step: ExecutionStep): boolean =>
  step.statements.length > 1 &&
  step.classification.setsVariable !== undefined &&
  /information_schema/i.test(step.statements[0]!.sql);

/** The role a schema-qualified name points at (by the workspace's database names), else the target role. */
function roleOf(database: string | undefined, target: DatabaseRole, config: WorkspaceConfig): DatabaseRole {
  if (database === undefined) return target;
  return DATABASE_ROLES.find((role) => config.databases[role].toLowerCase() === database.toLowerCase()) ?? target;
}

/**
 * Reads a migration for the report (DESIGN §1 "the migration file and its features"):
 * splits and classifies it exactly as the guarded apply does (guard groups are one step),
 * checks its notable features — idempotent `CREATE TABLE IF NOT EXISTS`, ADD COLUMN/INDEX
 * guarded through information_schema, destructive statements, the `-- lupo-target-role:`
 * header — and lints its statements against the doctrine. Pure; reads no files.
 */
export function describeMigration(source: MigrationSource, config: WorkspaceConfig): MigrationDescription {
  const statements = splitStatements(source.content);
  const steps = markDeclaredDestructive(buildSteps(statements), source.content);
  const declaredRole = declaredTargetRole(source.content);
  const targetRole: DatabaseRole = declaredRole ?? 'core';
  const byKind = countByKind(steps);

  const creates = steps.filter(isCreateTable);
  const idempotentCreates = creates.filter((step) => step.classification.idempotent);
  const alters = steps.filter(
    (step) => step.classification.kind === 'add-column' || step.classification.kind === 'add-index',
  );
  const guardedAlters = alters.filter(isInformationSchemaGuard);
  const ifNotExistsAlters = alters.filter((step) => !isInformationSchemaGuard(step) && step.classification.idempotent);
  const unguardedAlters = alters.length - guardedAlters.length - ifNotExistsAlters.length;
  const destructive = steps.filter((step) => step.classification.destructive);
  const notIdempotent = steps.filter((step) => !step.classification.idempotent);
  const findings: SourcedFinding[] = lintStatements(statements, source.path, config).map((finding) => ({
    ...finding,
    source: 'migration' as const,
  }));
  const doctrineErrors = findings.filter((finding) => finding.severity === 'error').length;

  const checks: MigrationCheck[] = [
    {
      id: 'create-if-not-exists',
      label: 'Tables created with `CREATE TABLE IF NOT EXISTS`',
      ok: idempotentCreates.length === creates.length,
      count: idempotentCreates.length,
      detail: `${idempotentCreates.length} of ${creates.length}`,
    },
    {
      id: 'guarded-alter',
      label: 'ADD COLUMN / ADD INDEX only where absent (guarded via information_schema)',
      ok: unguardedAlters === 0,
      count: guardedAlters.length,
      detail: `${guardedAlters.length} guarded, ${ifNotExistsAlters.length} IF NOT EXISTS, ${unguardedAlters} unguarded`,
    },
    {
      id: 'no-destructive',
      label: 'No destructive statements (DROP, DELETE, TRUNCATE, narrowing MODIFY)',
      ok: destructive.length === 0,
      count: destructive.length,
      detail:
        destructive.length === 0
          ? 'none'
          : destructive.map((s) => `line ${s.line}: ${s.classification.summary}`).join('; '),
    },
    {
      id: 'idempotent',
      label: 'Every step is safe to run again',
      ok: notIdempotent.length === 0,
      count: steps.length - notIdempotent.length,
      detail: `${steps.length - notIdempotent.length} of ${steps.length}`,
    },
    {
      id: 'target-role',
      label: 'Target role declared (`-- lupo-target-role:`)',
      ok: declaredRole !== undefined,
      count: declaredRole === undefined ? 0 : 1,
      detail: declaredRole ?? 'not declared: core assumed',
    },
    {
      id: 'doctrine',
      label: 'Doctrine holds on the statements',
      ok: doctrineErrors === 0,
      count: findings.length,
      detail: `${doctrineErrors} error(s), ${findings.length - doctrineErrors} other finding(s)`,
    },
  ];

  const features: string[] = [];
  if (idempotentCreates.length > 0) features.push(`${idempotentCreates.length} × CREATE TABLE IF NOT EXISTS`);
  if (creates.length > idempotentCreates.length)
    features.push(`${creates.length - idempotentCreates.length} × CREATE TABLE without IF NOT EXISTS`);
  if (guardedAlters.length > 0)
    features.push(
      `${guardedAlters.length} × ADD COLUMN/INDEX guarded via information_schema (added only where absent)`,
    );
  if (ifNotExistsAlters.length > 0) features.push(`${ifNotExistsAlters.length} × ADD COLUMN/INDEX IF NOT EXISTS`);
  if (unguardedAlters > 0) features.push(`${unguardedAlters} × unguarded ADD COLUMN/INDEX`);
  features.push(destructive.length > 0 ? `${destructive.length} × destructive step` : 'no destructive statements');
  features.push(`target role ${targetRole}${declaredRole ? ' (declared in the header)' : ' (assumed: no header)'}`);

  const createdTables: CreatedTable[] = creates.flatMap((step) =>
    step.classification.effects.flatMap((effect) =>
      effect.kind === 'table-exists'
        ? [{ role: roleOf(effect.database, targetRole, config), table: effect.table }]
        : [],
    ),
  );
  return {
    migration: {
      file: source.path,
      sha256: source.sha256 ?? migrationChecksum(source.content),
      statements: statements.length,
      steps: steps.length,
      byKind,
      features,
      checks,
      targetRole,
    },
    findings,
    createdTables,
  };
}

/**
 * The budget with the tables a migration creates that nothing counted yet: a created table
 * already present in the current state (live, else SQL, else definitions) adds nothing, and
 * one the diff already counts as missing (present in the desired source) is not counted twice.
 */
export function budgetWithMigration(
  budget: BudgetStatus,
  threeWay: ThreeWayDiff,
  created: readonly CreatedTable[],
): BudgetStatus {
  const pair = primaryPair(threeWay);
  const currentSource = pair?.actual ?? threeWay.sources[0];
  const extra: Record<DatabaseRole, number> = { core: 0, orchestration: 0, ephemeral: 0 };
  const seen = new Set<string>();
  for (const { role, table } of created) {
    const key = `${role}.${table.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const presence = threeWay.roles[role].tables.find((entry) => entry.name.toLowerCase() === table.toLowerCase());
    if (presence && currentSource && presence.in[currentSource]) continue;
    if (presence && pair && presence.in[pair.desired]) continue;
    extra[role] += 1;
  }
  if (DATABASE_ROLES.every((role) => extra[role] === 0)) return budget;
  const perRole = {} as Record<DatabaseRole, RoleBudget>;
  let after = 0;
  let exceededBy = 0;
  for (const role of DATABASE_ROLES) {
    const entry = budget.perRole[role];
    const afterPlan = entry.afterPlan + extra[role];
    perRole[role] = { ...entry, afterPlan };
    if (entry.max !== undefined) exceededBy = Math.max(exceededBy, afterPlan - entry.max);
    after += afterPlan;
  }
  exceededBy = Math.max(exceededBy, after - budget.total.max);
  return {
    perRole,
    total: { ...budget.total, afterPlan: after, headroom: budget.total.max - after },
    exceededBy: Math.max(0, exceededBy),
  };
}

/** The parts of a report input a migration changes: its section, doctrine merged in, budget after plan. */
export function withMigration(
  base: {
    readonly threeWay: ThreeWayDiff;
    readonly doctrine: readonly SourcedFinding[];
    readonly budget: BudgetStatus;
  },
  description: MigrationDescription,
): { migration: ReportMigration; doctrine: SourcedFinding[]; budget: BudgetStatus } {
  return {
    migration: description.migration,
    doctrine: [...base.doctrine, ...description.findings],
    budget: budgetWithMigration(base.budget, base.threeWay, description.createdTables),
  };
}

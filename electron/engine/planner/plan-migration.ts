import { LupoError } from '../../../shared/errors';
import type { SchemaChange, SchemaChangeKind } from '../../../shared/schema/changes';
import { planChange } from './plan-change';
import type { MigrationPlan, PlanOptions, PlannedStatement, SkippedChange } from './types';

/**
 * Execution order by change kind: foreign keys go first (they pin indexes and columns),
 * tables are created before their columns are touched, columns are added before anything
 * positions itself after them, indexes are replaced after their columns changed, drops of
 * columns and tables come last. Within a kind the diff's order (table by table) is kept.
 */
const ORDER: readonly SchemaChangeKind[] = [
  'dropForeignKey',
  'dropCheck',
  'addTable',
  'addColumn',
  'modifyColumn',
  'modifyPrimaryKey',
  'dropIndex',
  'modifyIndex',
  'addIndex',
  'modifyTableOptions',
  'modifyPartitioning',
  'addCheck',
  'dropColumn',
  'dropTable',
];

function targetOf(
  changes: readonly SchemaChange[],
  options: PlanOptions,
): { role: MigrationPlan['role']; database: string } {
  const first = changes[0];
  if (!first) {
    if (options.target) return options.target;
    throw new LupoError('planner/no-target', 'There are no changes to plan and no target database was given.', {
      hint: 'Pass the target role and database, or plan a non-empty change set.',
    });
  }
  const mixed = changes.find((c) => c.role !== first.role || c.database !== first.database);
  if (mixed) {
    throw new LupoError(
      'planner/mixed-targets',
      `The changes target more than one database (${first.database} and ${mixed.database}); a migration file targets one.`,
      { hint: 'Plan each role database separately (group the changes by role).' },
    );
  }
  return { role: first.role, database: first.database };
}

/**
 * Turns schema changes (actual → desired, one role database) into an idempotent migration
 * plan. Every statement can run twice without failing or changing the result. Destructive
 * statements (drops, narrowing or converting modifications, index/primary-key replacement,
 * foreign key drops) are generated only with `allowDestructive`; otherwise their changes are
 * listed in `skipped` with the reason. Unsupported changes raise `planner/unsupported-change`.
 */
export function planMigration(changes: readonly SchemaChange[], options: PlanOptions): MigrationPlan {
  const { role, database } = targetOf(changes, options);
  const allowDestructive = options.allowDestructive ?? false;
  const ordered = changes
    .map((change, position) => ({ change, position, rank: ORDER.indexOf(change.kind) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position);
  const statements: PlannedStatement[] = [];
  const skipped: SkippedChange[] = [];
  for (const { change, rank } of ordered) {
    if (rank < 0) {
      throw new LupoError(
        'planner/unsupported-change',
        `The planner does not know the change kind "${String(change.kind)}".`,
        {
          hint: 'Write this change by hand in its own migration file.',
          details: { table: change.table },
        },
      );
    }
    const planned = planChange(change);
    if (planned.length === 0) {
      throw new LupoError(
        'planner/unsupported-change',
        `The ${change.kind} change of \`${change.table}\` cannot be expressed as an ALTER TABLE (nothing to set).`,
        { hint: 'Declare the option on both sides, or write this change by hand.', details: { table: change.table } },
      );
    }
    for (const statement of planned) {
      if (statement.risk !== undefined && !allowDestructive) {
        skipped.push({
          change,
          reason: `${statement.summary}: destructive (${statement.risk}), generated only with --allow-destructive`,
        });
        continue;
      }
      statements.push({
        sql: statement.sql,
        change,
        ...(statement.inverse === undefined ? {} : { inverse: statement.inverse }),
        destructive: statement.risk !== undefined,
        ...(statement.risk === undefined ? {} : { risk: statement.risk }),
        inverseDestructive: statement.inverseRisk !== undefined,
        kind: change.kind,
        summary: statement.summary,
      });
    }
  }
  return {
    role,
    database,
    statements,
    skipped,
    generatedAt: options.generatedAt,
    version: options.version,
    source: options.source,
    allowDestructive,
  };
}

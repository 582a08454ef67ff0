/** Migration planner: schema changes → idempotent, doctrine-checked migration files (DESIGN §8.5). */
export { planMigration } from './plan-migration';
export { planChange, indexSignature, type ChangeStatement } from './plan-change';
export { renderMigrationFile, renderRollbackFile, lintMigrationText, type RenderOptions } from './render-migration';
export { typeWidens, modifyColumnRisk } from './widening';
export { columnTypeSpellings } from './column-predicates';
export { renderGuard, GUARD_VARIABLE, type GuardBranch } from './guard';
export type { MigrationPlan, PlannedStatement, PlanOptions, SkippedChange } from './types';

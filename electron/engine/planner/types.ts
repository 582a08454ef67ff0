import type { SchemaChange, SchemaChangeKind } from '../../../shared/schema/changes';
import type { DatabaseRole } from '../../../shared/schema/model';

/**
 * One step of a planned migration: the SQL (a plain idempotent statement, or a guard group
 * of four statements `SET @lupo_sql = IF(…)`, `PREPARE`, `EXECUTE`, `DEALLOCATE PREPARE`
 * separated by `;` — without the final delimiter), the change it comes from, its inverse
 * (same form) when there is one, and whether it can lose data.
 */
export interface PlannedStatement {
  readonly sql: string;
  readonly change: SchemaChange;
  readonly inverse?: string;
  readonly destructive: boolean;
  /** Why it can lose data (set exactly when `destructive`). */
  readonly risk?: string;
  /** Running the inverse can lose data (drops what the statement added, narrows back…). */
  readonly inverseDestructive: boolean;
  /** The kind of the source change (what the header counts). */
  readonly kind: SchemaChangeKind;
  /** One line saying what it does (`add column \`t\`.\`c\``), for the file and the CLI. */
  readonly summary: string;
}

/** A change the planner did not turn into SQL, and why (destructive without the flag). */
export interface SkippedChange {
  readonly change: SchemaChange;
  readonly reason: string;
}

/**
 * The migration for one role database: statements in execution order (unqualified names —
 * the orchestrator runs them with the target selected as the default database), plus the
 * changes left out. Header facts travel with it so rendering is a pure function.
 */
export interface MigrationPlan {
  readonly role: DatabaseRole;
  readonly database: string;
  readonly statements: readonly PlannedStatement[];
  readonly skipped: readonly SkippedChange[];
  readonly generatedAt: Date;
  readonly version: string;
  readonly source: string;
  readonly allowDestructive: boolean;
}

/** Options of `planMigration`. */
export interface PlanOptions {
  /** Generate destructive statements (drops, narrowing, conversions); default false = skip them. */
  readonly allowDestructive?: boolean;
  readonly generatedAt: Date;
  /** Lupo Admin version written into the header. */
  readonly version: string;
  /** What the changes were computed from, e.g. `definitions (toon/) → live lupo_core`. */
  readonly source: string;
  /** Role and database of the plan when `changes` is empty (otherwise taken from the changes). */
  readonly target?: { readonly role: DatabaseRole; readonly database: string };
}

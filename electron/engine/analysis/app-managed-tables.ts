import type { SchemaChange } from '../../../shared/schema/changes';
import { DATABASE_ROLES, type SchemaModel } from '../../../shared/schema/model';

/**
 * The tables Lupo Admin records its runs in, in the orchestration database: Lupopedia's 8
 * orchestrator tables (LEDGER.md §1) plus the statement journal it needs for crash
 * recovery. They ship in `toon/orchestration/`; a test keeps this list and that folder in step.
 */
export const LEDGER_TABLES: readonly string[] = [
  'migration_alerts',
  'migration_batches',
  'migration_dependencies',
  'migration_files',
  'migration_progress',
  'migration_rollback_log',
  'migration_statement_journal',
  'migration_system_state',
  'migration_validation_log',
];

/**
 * Every table the app may create in the orchestration database: the ledger, plus the
 * cluster lease (orchestrator/cluster-lease.ts), which exists only where a Galera target
 * needed a cluster-wide lock and is created on demand, not shipped with the ledger.
 */
export const APP_MANAGED_TABLES: readonly string[] = [...LEDGER_TABLES, 'migration_runner_lease'];

/**
 * Makes a file source (definitions, SQL) agree with the live databases about the app's own
 * tables: an app-managed table that exists live but that the source does not declare is
 * mirrored from live into the source — also into a role the source declares nothing for
 * (a foreign schema's workspace has no orchestration definitions, yet its definitions are
 * compared there). So the ledger the app bootstrapped is never reported as "extra" drift
 * nor planned for a drop, yet still counts in the table budget. A table the source does
 * declare is compared as usual (drift in it is reported; see `withoutLedgerRewrites`).
 */
export function mirrorAppManagedTables(source: SchemaModel, live: SchemaModel): SchemaModel {
  const databases = { ...source.databases };
  let mirroredAny = false;
  for (const role of DATABASE_ROLES) {
    const declared = new Set(source.databases[role].tables.map((t) => t.name));
    const mirrored = live.databases[role].tables.filter(
      (t) => APP_MANAGED_TABLES.includes(t.name) && !declared.has(t.name),
    );
    if (mirrored.length > 0) {
      databases[role] = { ...source.databases[role], tables: [...source.databases[role].tables, ...mirrored] };
      mirroredAny = true;
    }
  }
  // The same object when nothing is mirrored: its doctrine findings are reused (analyze.ts).
  return mirroredAny ? { databases } : source;
}

/** True when `table` is one of the app-managed ledger tables. */
export function isLedgerTable(table: string): boolean {
  return APP_MANAGED_TABLES.includes(table.toLowerCase());
}

/**
 * The changes a plan may make, and the ledger changes it must leave alone: a ledger table
 * may be created when missing, but never dropped, rebuilt or altered by a plan, since it
 * holds the operator's migration history (issue 10 point 6). Drift in a declared ledger
 * table stays visible in `lupo diff`; the plan names each left-out change instead.
 */
export function withoutLedgerRewrites(changes: readonly SchemaChange[]): {
  readonly changes: SchemaChange[];
  readonly leftOut: string[];
} {
  const kept: SchemaChange[] = [];
  const leftOut: string[] = [];
  for (const change of changes) {
    if (change.kind !== 'addTable' && isLedgerTable(change.table)) {
      leftOut.push(`${change.table}: ${change.kind} left out (the orchestration ledger is never changed by a plan)`);
    } else kept.push(change);
  }
  return { changes: kept, leftOut };
}

import { DATABASE_ROLES, type SchemaModel } from '../../../shared/schema/model';

/**
 * The tables Lupo Admin creates for itself in the orchestration database (the ledger of
 * DESIGN §2 plus the statement journal it needs for crash recovery). They ship in
 * `toon/orchestration/`; a test keeps this list and that folder in step.
 */
export const APP_MANAGED_TABLES: readonly string[] = [
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
 * Makes a file source (definitions, SQL) agree with the live databases about the app's own
 * tables: an app-managed table that exists live but that the source does not declare is
 * mirrored from live into the source. So the ledger the app bootstrapped is never reported
 * as "extra" drift nor planned for a drop, yet still counts in the table budget. A table the
 * source does declare is compared as usual.
 */
export function mirrorAppManagedTables(source: SchemaModel, live: SchemaModel): SchemaModel {
  const databases = { ...source.databases };
  for (const role of DATABASE_ROLES) {
    // A source that declares nothing for a role (a core-only install file) is not compared there.
    if (source.databases[role].tables.length === 0) continue;
    const declared = new Set(source.databases[role].tables.map((t) => t.name));
    const mirrored = live.databases[role].tables.filter(
      (t) => APP_MANAGED_TABLES.includes(t.name) && !declared.has(t.name),
    );
    if (mirrored.length > 0) {
      databases[role] = { ...source.databases[role], tables: [...source.databases[role].tables, ...mirrored] };
    }
  }
  return { databases };
}

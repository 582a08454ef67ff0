import type { SchemaChange } from '../../../shared/schema/changes';
import type { Database } from '../../../shared/schema/model';
import { diffTable } from './diff-table';
import { matchTables } from './match-tables';

/**
 * The changes that make database `actual` look like database `desired`: tables to add
 * (in desired order), tables to drop, then per common table its column, key, index and
 * option changes. Pure; table names match as the server resolves them (exactly first, then
 * case-insensitively when unambiguous: see match-tables.ts); the change carries the
 * desired side's role and name (the actual side's physical name when they differ, since
 * that is where the change applies).
 */
export function diffDatabase(actual: Database, desired: Database): SchemaChange[] {
  const target = { role: desired.role, name: actual.name || desired.name };
  const { pairs, onlyActual, onlyDesired } = matchTables(actual.tables, desired.tables);
  const changes: SchemaChange[] = [];
  for (const table of onlyDesired) {
    changes.push({ kind: 'addTable', role: target.role, database: target.name, table: table.name, definition: table });
  }
  for (const table of onlyActual) {
    changes.push({ kind: 'dropTable', role: target.role, database: target.name, table: table.name, definition: table });
  }
  const where = { ...desired, name: target.name };
  for (const [existing, table] of pairs) changes.push(...diffTable(existing, table, where));
  return changes;
}

/** Tables that appear in `changes` with a change other than add/drop (the "changed tables"). */
export function changedTableNames(changes: readonly SchemaChange[]): string[] {
  const names = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'addTable' && change.kind !== 'dropTable') names.add(change.table);
  }
  return [...names];
}

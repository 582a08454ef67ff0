import type { SchemaChange } from '../../../shared/schema/changes';
import type { Database, Table } from '../../../shared/schema/model';
import { runToEnd, type Stepwise } from '../jobs/stepwise';
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
  return runToEnd(diffDatabaseSteps(actual, desired));
}

/** How many common tables {@link diffDatabaseSteps} compares between two steps. */
const TABLES_PER_STEP = 250;

/** {@link diffDatabase} as a stepwise computation: a step every TABLES_PER_STEP common tables. */
export function* diffDatabaseSteps(actual: Database, desired: Database): Stepwise<SchemaChange[]> {
  const target = { role: desired.role, name: actual.name || desired.name };
  const { pairs, onlyActual, onlyDesired } = matchTables(actual.tables, desired.tables);
  const changes: SchemaChange[] = addTableChanges(onlyDesired, target);
  for (const table of onlyActual) {
    changes.push({ kind: 'dropTable', role: target.role, database: target.name, table: table.name, definition: table });
  }
  const where = { ...desired, name: target.name };
  let compared = 0;
  for (const [existing, table] of pairs) {
    changes.push(...diffTable(existing, table, where));
    if (++compared % TABLES_PER_STEP === 0) yield;
  }
  return changes;
}

/**
 * Only the `addTable` changes of {@link diffDatabase} (the tables `desired` has and `actual`
 * lacks), without comparing the common tables: all the table budget needs.
 */
export function diffDatabaseAddedTables(actual: Database, desired: Database): SchemaChange[] {
  const target = { role: desired.role, name: actual.name || desired.name };
  return addTableChanges(matchTables(actual.tables, desired.tables).onlyDesired, target);
}

function addTableChanges(
  tables: readonly Table[],
  target: { readonly role: Database['role']; readonly name: string },
): SchemaChange[] {
  return tables.map((table) => ({
    kind: 'addTable',
    role: target.role,
    database: target.name,
    table: table.name,
    definition: table,
  }));
}

/** Tables that appear in `changes` with a change other than add/drop (the "changed tables"). */
export function changedTableNames(changes: readonly SchemaChange[]): string[] {
  const names = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'addTable' && change.kind !== 'dropTable') names.add(change.table);
  }
  return [...names];
}

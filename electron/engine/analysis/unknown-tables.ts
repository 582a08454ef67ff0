import type { SchemaModel } from '../../../shared/schema/model';
import type { FailedDefinition } from '../definitions/load-definitions';

/**
 * The model without the tables whose definition failed to load. Such a table is unknown:
 * comparing its live (or SQL) copy with nothing would call it "extra" and invite the
 * planner to act on it, when the truth is only that its definition is broken.
 */
export function withoutUnknownTables(model: SchemaModel, unknown: readonly FailedDefinition[]): SchemaModel {
  if (unknown.length === 0) return model;
  const databases = { ...model.databases };
  for (const role of Object.keys(databases) as (keyof SchemaModel['databases'])[]) {
    const names = new Set(unknown.filter((entry) => entry.role === role).map((entry) => entry.table.toLowerCase()));
    if (names.size === 0) continue;
    const database = databases[role];
    databases[role] = { ...database, tables: database.tables.filter((table) => !names.has(table.name.toLowerCase())) };
  }
  return { ...model, databases };
}

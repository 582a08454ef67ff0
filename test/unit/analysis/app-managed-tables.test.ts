import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_MANAGED_TABLES, mirrorAppManagedTables } from '../../../electron/engine/analysis/app-managed-tables';
import { emptySchemaModel, type SchemaModel, type Table } from '../../../shared/schema/model';

const table = (name: string): Table => ({ name, columns: [], indexes: [], foreignKeys: [], options: {} });
function model(orchestration: string[], core: string[] = []): SchemaModel {
  const empty = emptySchemaModel();
  return {
    databases: {
      ...empty.databases,
      core: { ...empty.databases.core, tables: core.map(table) },
      orchestration: { ...empty.databases.orchestration, tables: orchestration.map(table) },
    },
  };
}

describe('app-managed tables', () => {
  it('lists exactly the tables shipped in toon/orchestration', () => {
    const shipped = readdirSync(new URL('../../../toon/orchestration', import.meta.url))
      .filter((f) => f.endsWith('.toon'))
      .map((f) => f.replace(/\.toon$/, ''))
      .sort();
    expect([...APP_MANAGED_TABLES].sort()).toEqual(shipped);
  });

  it('mirrors live ledger tables a source does not declare, and nothing else', () => {
    const definitions = model(['migration_batches'], ['lupo_things']);
    const live = model(['migration_batches', 'migration_statement_journal', 'not_ours'], ['lupo_other']);
    const mirrored = mirrorAppManagedTables(definitions, live);
    expect(mirrored.databases.orchestration.tables.map((t) => t.name)).toEqual([
      'migration_batches',
      'migration_statement_journal',
    ]);
    expect(mirrored.databases.core.tables.map((t) => t.name)).toEqual(['lupo_things']);
  });

  it('leaves a role the source does not cover alone', () => {
    const sqlFile = model([], ['lupo_things']);
    const live = model(['migration_statement_journal']);
    expect(mirrorAppManagedTables(sqlFile, live).databases.orchestration.tables).toEqual([]);
  });
});

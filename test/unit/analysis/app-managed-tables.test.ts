import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_MANAGED_TABLES,
  LEDGER_TABLES,
  mirrorAppManagedTables,
  withoutLedgerRewrites,
} from '../../../electron/engine/analysis/app-managed-tables';
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
  it('lists the ledger tables shipped in toon/orchestration, plus the on-demand cluster lease', () => {
    const shipped = readdirSync(new URL('../../../toon/orchestration', import.meta.url))
      .filter((f) => f.endsWith('.toon'))
      .map((f) => f.replace(/\.toon$/, ''))
      .sort();
    expect([...LEDGER_TABLES].sort()).toEqual(shipped);
    // The cluster lease is the app's too (never drift), but created on demand, not shipped.
    expect(APP_MANAGED_TABLES).toEqual([...LEDGER_TABLES, 'migration_runner_lease']);
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

  it('mirrors the ledger into a role the source declares nothing for (a foreign schema has no orchestration definitions)', () => {
    const foreign = model([], ['lupo_things']);
    const live = model(['migration_batches', 'migration_statement_journal', 'not_ours']);
    expect(mirrorAppManagedTables(foreign, live).databases.orchestration.tables.map((t) => t.name)).toEqual([
      'migration_batches',
      'migration_statement_journal',
    ]);
  });

  it('keeps only the creation of missing ledger tables in a plan', () => {
    const base = { role: 'orchestration' as const, database: 'orch' };
    const { changes, leftOut } = withoutLedgerRewrites([
      { ...base, kind: 'addTable', table: 'migration_alerts', definition: table('migration_alerts') },
      { ...base, kind: 'dropTable', table: 'migration_batches', definition: table('migration_batches') },
      { ...base, kind: 'dropTable', table: 'lupo_old', definition: table('lupo_old') },
      {
        ...base,
        kind: 'modifyPrimaryKey',
        table: 'migration_files',
        from: undefined,
        to: { columns: ['file_id'] },
      } as never,
    ]);
    expect(changes.map((c) => `${c.kind}:${c.table}`)).toEqual(['addTable:migration_alerts', 'dropTable:lupo_old']);
    expect(leftOut).toHaveLength(2);
    expect(leftOut[0]).toMatch(/migration_batches: dropTable left out/);
  });
});

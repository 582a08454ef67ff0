import type { Column, Database, DatabaseRole, Index, SchemaModel, Table } from '../../../shared/schema/model';
import { emptySchemaModel } from '../../../shared/schema/model';

/** Test helper: a column with doctrine-friendly defaults (NOT NULL, signed). */
export function col(name: string, type: string, extra: Partial<Column> = {}): Column {
  return { name, type, unsigned: false, zerofill: false, nullable: false, autoIncrement: false, ...extra };
}

/** Test helper: a btree index. */
export function idx(name: string, columns: string[], extra: Partial<Index> = {}): Index {
  return { name, columns: columns.map((column) => ({ name: column })), unique: false, kind: 'btree', ...extra };
}

/** Test helper: a doctrine-compliant table `<prefix><things>` with `<thing>_id` PK and the ymdhis columns. */
export function doctrineTable(name: string, idColumn: string, extra: Partial<Table> = {}): Table {
  return {
    name,
    columns: [
      col(idColumn, 'bigint', { autoIncrement: true }),
      col('created_ymdhis', 'bigint'),
      col('updated_ymdhis', 'bigint'),
      col('is_deleted', 'tinyint', { default: { kind: 'literal', value: '0' } }),
      col('deleted_ymdhis', 'bigint', { nullable: true }),
    ],
    primaryKey: { columns: [idColumn] },
    indexes: [],
    foreignKeys: [],
    options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' },
    ...extra,
  };
}

/** Test helper: a bare table with the given columns. */
export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { name, columns, indexes: [], foreignKeys: [], options: {}, ...extra };
}

/** Test helper: a model with the given tables per role. */
export function model(
  tables: Partial<Record<DatabaseRole, Table[]>>,
  extra: Partial<Record<DatabaseRole, Partial<Database>>> = {},
): SchemaModel {
  const base = emptySchemaModel();
  return {
    databases: {
      core: { ...base.databases.core, tables: tables.core ?? [], ...extra.core },
      orchestration: { ...base.databases.orchestration, tables: tables.orchestration ?? [], ...extra.orchestration },
      ephemeral: { ...base.databases.ephemeral, tables: tables.ephemeral ?? [], ...extra.ephemeral },
    },
  };
}

/** Test helper: `n` doctrine tables named `<prefix>thing_<i>s`. */
export function manyTables(prefix: string, n: number): Table[] {
  return Array.from({ length: n }, (_, i) => doctrineTable(`${prefix}thing_${i + 1}s`, `thing_${i + 1}_id`));
}

import {
  emptySchemaModel,
  type Column,
  type DatabaseRole,
  type SchemaModel,
  type Table,
} from '../../../shared/schema/model';

/** A bigint NOT NULL column (the doctrine's id type). */
export function idColumn(name: string): Column {
  return { name, type: 'bigint', unsigned: false, zerofill: false, nullable: false, autoIncrement: false };
}

/** A table with the given columns and single-column primary key (none when pk is undefined). */
export function table(name: string, pk: string | undefined, columns: readonly string[]): Table {
  return {
    name,
    columns: [...(pk ? [pk] : []), ...columns].map(idColumn),
    ...(pk ? { primaryKey: { columns: [pk] } } : {}),
    indexes: [],
    foreignKeys: [],
    options: {},
  };
}

/** A model with tables per role. */
export function model(tables: Partial<Record<DatabaseRole, readonly Table[]>>): SchemaModel {
  const base = emptySchemaModel();
  return {
    databases: {
      core: { ...base.databases.core, tables: [...(tables.core ?? [])] },
      orchestration: { ...base.databases.orchestration, tables: [...(tables.orchestration ?? [])] },
      ephemeral: { ...base.databases.ephemeral, tables: [...(tables.ephemeral ?? [])] },
    },
  };
}

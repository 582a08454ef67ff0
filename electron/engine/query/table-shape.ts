import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';

/** One column of a live table, as the data browser and its editor need it. */
export interface ShapeColumn {
  readonly name: string;
  /** information_schema DATA_TYPE, lower case: bigint, varchar, blob… */
  readonly dataType: string;
  readonly nullable: boolean;
  /** A generated (virtual/stored) column: never written. */
  readonly generated: boolean;
  readonly autoIncrement: boolean;
}

/** A live table's columns, keys and storage facts, read from information_schema. */
export interface TableShape {
  /** Columns in table order, by name. */
  readonly columns: ReadonlyMap<string, ShapeColumn>;
  readonly primaryKey: readonly string[];
  /** Unique indexes other than the primary key whose columns are all NOT NULL (each identifies a row). */
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly estimatedRows?: number;
  /** The table's engine supports transactions (InnoDB…): edits can be applied all or nothing. */
  readonly transactional: boolean;
}

const BINARY_TYPES = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);

/** Binary columns travel as `0x…` hex cells and are bound as bytes. */
export function isBinaryColumn(column: ShapeColumn): boolean {
  return BINARY_TYPES.has(column.dataType);
}

/**
 * The columns that identify one row: the primary key, else the shortest unique index whose
 * columns are all NOT NULL. Undefined when the table has neither (its rows cannot be told apart).
 */
export function rowKeyOf(shape: TableShape): readonly string[] | undefined {
  if (shape.primaryKey.length > 0) return shape.primaryKey;
  return [...shape.uniqueKeys].sort((a, b) => a.length - b.length)[0];
}

/** Reads a table's shape; fails with a clear message when the table does not exist. */
export async function readTableShape(pool: Pool, database: string, table: string): Promise<TableShape> {
  const [columns] = await pool.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, LOWER(DATA_TYPE) AS dataType, IS_NULLABLE AS nullable, EXTRA AS extra, GENERATION_EXPRESSION AS generation
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [database, table],
  );
  if (columns.length === 0) {
    throw new LupoError('browse/no-table', `${database}.${table} does not exist on this server.`, {
      hint: 'Refresh the explorer: the table may have been dropped or renamed.',
    });
  }
  const [indexes] = await pool.query<RowDataPacket[]>(
    `SELECT INDEX_NAME AS name, COLUMN_NAME AS col FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0
      ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [database, table],
  );
  const [stats] = await pool.query<RowDataPacket[]>(
    `SELECT t.TABLE_ROWS AS n, e.TRANSACTIONS AS tx FROM information_schema.TABLES t
       LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE
      WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?`,
    [database, table],
  );
  const byName = new Map<string, ShapeColumn>();
  for (const c of columns) {
    byName.set(String(c.name), {
      name: String(c.name),
      dataType: String(c.dataType),
      nullable: c.nullable === 'YES',
      generated: typeof c.generation === 'string' && c.generation !== '',
      autoIncrement: /auto_increment/i.test(String(c.extra ?? '')),
    });
  }
  const unique = new Map<string, string[]>();
  for (const i of indexes) unique.set(String(i.name), [...(unique.get(String(i.name)) ?? []), String(i.col)]);
  const estimate = stats[0]?.n;
  return {
    columns: byName,
    // In key order (not column order): keyset paging compares the key's columns left to right.
    primaryKey: unique.get('PRIMARY') ?? [],
    uniqueKeys: [...unique.entries()]
      .filter(([name, cols]) => name !== 'PRIMARY' && cols.every((c) => byName.get(c)?.nullable === false))
      .map(([, cols]) => cols),
    ...(estimate === null || estimate === undefined ? {} : { estimatedRows: Number(estimate) }),
    transactional: stats[0]?.tx === 'YES',
  };
}

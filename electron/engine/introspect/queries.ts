/**
 * The bulk information_schema queries of introspection: one query per kind of object for a
 * whole schema (never one per table), each with one bound parameter (the schema name, an
 * equality MariaDB/MySQL both optimise), selecting only the columns the model needs, under
 * short aliases. Valid on MariaDB 10.11 and MySQL 8.
 */

/** Base tables with options and live figures, in one query (the benchmark's floor reads it). */
export const TABLES_SQL = `SELECT TABLE_NAME AS t, ENGINE AS e, TABLE_COLLATION AS co, TABLE_COMMENT AS cm,
  CREATE_OPTIONS AS op, TABLE_ROWS AS r, DATA_LENGTH AS d, INDEX_LENGTH AS i, TABLE_TYPE AS ty
  FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`;

/**
 * TABLES' columns MariaDB answers from the table definition alone (~0.2 s at 10,000 tables):
 * introspection reads these first, so column rows (which need the table's collation) are
 * built as they arrive instead of piling up while the figures are read.
 */
export const TABLE_HEADS_SQL = `SELECT TABLE_NAME AS t, ENGINE AS e, TABLE_COLLATION AS co, TABLE_COMMENT AS cm,
  TABLE_TYPE AS ty FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`;

/**
 * TABLES' columns for which MariaDB opens every table (CREATE_OPTIONS, figures: ~3 s of
 * server CPU at 10,000 tables), read beside the other queries and merged at the end.
 */
export const TABLE_FIGURES_SQL = `SELECT TABLE_NAME AS t, CREATE_OPTIONS AS op, TABLE_ROWS AS r, DATA_LENGTH AS d,
  INDEX_LENGTH AS i FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`;

/**
 * Every column of every table (and view) of the schema, in ordinal order per table.
 * Introspection reads it as arrays (`rowsAsArray`): positions in COLUMN_FIELDS.
 */
export const COLUMNS_SQL = `SELECT TABLE_NAME AS t, COLUMN_NAME AS n, ORDINAL_POSITION AS p, DATA_TYPE AS dt,
  COLUMN_TYPE AS ct, IS_NULLABLE AS nu, COLUMN_DEFAULT AS df, EXTRA AS x, CHARACTER_SET_NAME AS cs,
  COLLATION_NAME AS co, COLUMN_COMMENT AS cm, GENERATION_EXPRESSION AS g
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`;

/**
 * Every index column of the schema, read as arrays: positions in STATISTICS_FIELDS.
 * `ignored` is the dialect's expression for "the optimizer ignores this index"
 * (dialect.indexIgnoredSql): the column differs between the servers.
 */
export function statisticsSql(ignored: string): string {
  return `SELECT TABLE_NAME AS t, INDEX_NAME AS n, NON_UNIQUE AS nu, SEQ_IN_INDEX AS s,
  COLUMN_NAME AS c, SUB_PART AS sp, COLLATION AS o, INDEX_TYPE AS ty, INDEX_COMMENT AS cm, ${ignored} AS ig
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`;
}

/** STATISTICS_SQL on any server (no index is read as ignored): the benchmark's floor. */
export const STATISTICS_SQL = statisticsSql("'NO'");

/** Positions of COLUMNS_SQL's fields in an array row (keep in step with the SELECT list). */
export const COLUMN_FIELDS = {
  table: 0,
  name: 1,
  dataType: 3,
  columnType: 4,
  nullable: 5,
  default: 6,
  extra: 7,
  charset: 8,
  collation: 9,
  comment: 10,
  generation: 11,
} as const;

/** Positions of STATISTICS_SQL's fields in an array row (keep in step with the SELECT list). */
export const STATISTICS_FIELDS = {
  table: 0,
  index: 1,
  nonUnique: 2,
  seq: 3,
  column: 4,
  subPart: 5,
  collation: 6,
  type: 7,
  comment: 8,
  ignored: 9,
} as const;

/** Foreign keys (rules and target); their columns come from FOREIGN_KEY_COLUMNS_SQL. */
export const REFERENTIAL_SQL = `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, UNIQUE_CONSTRAINT_SCHEMA AS rs,
  REFERENCED_TABLE_NAME AS rt, UPDATE_RULE AS u, DELETE_RULE AS d
  FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`;

/** Columns of foreign keys (only queried when the schema has any). */
export const FOREIGN_KEY_COLUMNS_SQL = `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, COLUMN_NAME AS c,
  REFERENCED_COLUMN_NAME AS rc, ORDINAL_POSITION AS p
  FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`;

/** Views and their definitions. */
export const VIEWS_SQL = `SELECT TABLE_NAME AS t, VIEW_DEFINITION AS d FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?`;

/** Triggers, stored procedures/functions and events: the objects the doctrine forbids. */
export const FORBIDDEN_SQL = `SELECT 'trigger' AS k, TRIGGER_NAME AS n, EVENT_OBJECT_TABLE AS t
  FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, NULL FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
UNION ALL SELECT 'event', EVENT_NAME, NULL FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`;

/** The bare floor the benchmark compares against: tables, columns, statistics. */
export const FLOOR_SQL: readonly string[] = [TABLES_SQL, COLUMNS_SQL, STATISTICS_SQL];

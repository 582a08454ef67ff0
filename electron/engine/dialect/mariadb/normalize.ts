import type { ColumnDefault } from '../../../../shared/schema/model';
import { canonicalExpression, onUpdateFromExtra, unquoteLiteral } from '../common';
import type { DefaultContext, Dialect } from '../dialect';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BIT = /^b'[01]*'$/i;

/**
 * MariaDB (10.2.7+) COLUMN_DEFAULT: string literals quoted (`'abc'`), numbers bare, an
 * implicit or explicit NULL default as the text `NULL`, expressions in lower-case server
 * form (`current_timestamp()`, `uuid()`), no DEFAULT_GENERATED marker.
 */
export function normalizeDefault(raw: string | null, context: DefaultContext): ColumnDefault | undefined {
  if (raw === null) return undefined;
  if (raw === 'NULL') return context.nullable ? undefined : { kind: 'null' };
  if (raw.startsWith("'")) return { kind: 'literal', value: unquoteLiteral(raw) };
  if (NUMBER.test(raw) || BIT.test(raw)) return { kind: 'literal', value: raw };
  return { kind: 'expression', value: canonicalExpression(raw) };
}

/** MariaDB EXTRA: `on update current_timestamp(3)`. */
export function normalizeOnUpdate(extra: string): string | undefined {
  return onUpdateFromExtra(extra);
}

/** MariaDB prints generation expressions without outer parentheses: kept as printed. */
export function normalizeGenerationExpression(expression: string): string {
  return expression.trim();
}

/** MariaDB's JSON is `longtext` plus a column-level `json_valid(col)` CHECK. */
export const jsonColumnsSql = `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS c, CHECK_CLAUSE AS k
  FROM information_schema.CHECK_CONSTRAINTS
 WHERE CONSTRAINT_SCHEMA = ? AND LEVEL = 'Column' AND CHECK_CLAUSE LIKE 'json\\_valid(%'`;

/**
 * MariaDB keeps TABLE_NAME in CHECK_CONSTRAINTS (constraint names are per table there:
 * a column-level CHECK is named after its column). Its rows also carry the json_valid
 * CHECKs that make a longtext a JSON column, so introspection reads both from this query.
 */
export const checksSql = `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS c, CHECK_CLAUSE AS k, LEVEL AS l
  FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`;

/**
 * MariaDB's REFERENTIAL_CONSTRAINTS opens every table of the schema (~45 ms per 2,000
 * tables); InnoDB's own foreign-key list does not. Its names are `db/table` in filename
 * encoding, equal to the plain name only for [A-Za-z0-9_] — other names use the slow path.
 * Needs the PROCESS privilege; without it the caller falls back.
 */
export function foreignKeyPresenceSql(schema: string): string | undefined {
  if (!/^[A-Za-z0-9_]+$/.test(schema)) return undefined;
  return "SELECT COUNT(*) AS n FROM information_schema.INNODB_SYS_FOREIGN WHERE FOR_NAME LIKE CONCAT(?, '/%')";
}

/** MariaDB 10.6+ has `STATISTICS.IGNORED` ('YES'/'NO'); older servers cannot ignore an index. */
export function indexIgnoredSql(version: number): string {
  return version >= 100600 ? 'IGNORED' : "'NO'";
}

/**
 * MariaDB keeps a column's `REF_SYSTEM_ID` only in GEOMETRY_COLUMNS (SHOW CREATE TABLE
 * omits it), SRID 0 for none.
 */
export const sridSql = `SELECT G_TABLE_NAME AS t, G_GEOMETRY_COLUMN AS c, SRID AS s
  FROM information_schema.GEOMETRY_COLUMNS WHERE G_TABLE_SCHEMA = ? AND SRID <> 0`;

/** The MariaDB dialect. */
export const mariadbDialect: Dialect = {
  flavor: 'mariadb',
  normalizeDefault,
  normalizeOnUpdate,
  normalizeGenerationExpression,
  jsonColumnsSql,
  foreignKeyPresenceSql,
  checksSql,
  indexIgnoredSql,
  sridSql,
};

import type { ColumnDefault } from '../../../../shared/schema/model';
import { canonicalExpression, isWrapped, onUpdateFromExtra } from '../common';
import type { DefaultContext, Dialect } from '../dialect';

/**
 * MySQL 8 COLUMN_DEFAULT: literals unquoted, NULL (SQL) both for "no default" and
 * "DEFAULT NULL", expressions flagged by `DEFAULT_GENERATED` in EXTRA and printed as
 * `CURRENT_TIMESTAMP(3)` / `uuid()`.
 */
export function normalizeDefault(raw: string | null, context: DefaultContext): ColumnDefault | undefined {
  if (raw === null) return undefined;
  if (/\bDEFAULT_GENERATED\b/i.test(context.extra)) return { kind: 'expression', value: canonicalExpression(raw) };
  return { kind: 'literal', value: raw };
}

/** MySQL EXTRA: `DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)`. */
export function normalizeOnUpdate(extra: string): string | undefined {
  return onUpdateFromExtra(extra);
}

/** MySQL wraps generation expressions in one pair of parentheses: removed (MariaDB's form). */
export function normalizeGenerationExpression(expression: string): string {
  const text = expression.trim();
  return isWrapped(text) ? text.slice(1, -1).trim() : text;
}

/** MySQL has a native JSON type: nothing to detect. */
export const jsonColumnsSql: string | undefined = undefined;

/** MySQL 8 reads REFERENTIAL_CONSTRAINTS from its data dictionary: already cheap. */
export function foreignKeyPresenceSql(_schema: string): string | undefined {
  return undefined;
}

/** MySQL 8's CHECK_CONSTRAINTS has no TABLE_NAME: the table comes from TABLE_CONSTRAINTS. */
export const checksSql = `SELECT tc.TABLE_NAME AS t, cc.CONSTRAINT_NAME AS c, cc.CHECK_CLAUSE AS k, 'Table' AS l
  FROM information_schema.TABLE_CONSTRAINTS tc
  JOIN information_schema.CHECK_CONSTRAINTS cc
    ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
 WHERE tc.CONSTRAINT_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'`;

/** MySQL 8.0 has `STATISTICS.IS_VISIBLE` ('NO' for an INVISIBLE index); 5.7 has none. */
export function indexIgnoredSql(version: number): string {
  return version >= 80000 ? "IF(IS_VISIBLE = 'NO', 'YES', 'NO')" : "'NO'";
}

/** MySQL 8.0.3+ has `COLUMNS.SRS_ID` (NULL for a column without an SRID attribute). */
export const sridSql = `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, SRS_ID AS s
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND SRS_ID IS NOT NULL`;

/** The MySQL dialect. */
export const mysqlDialect: Dialect = {
  flavor: 'mysql',
  normalizeDefault,
  normalizeOnUpdate,
  normalizeGenerationExpression,
  jsonColumnsSql,
  foreignKeyPresenceSql,
  checksSql,
  indexIgnoredSql,
  sridSql,
};

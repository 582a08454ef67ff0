import type { ColumnDefault } from '../../../shared/schema/model';

/** The server families Lupo talks to. */
export type Flavor = 'mariadb' | 'mysql';

/** What a dialect needs to know about a column to read its default. */
export interface DefaultContext {
  readonly type: string;
  readonly nullable: boolean;
  /** information_schema.COLUMNS.EXTRA, verbatim. */
  readonly extra: string;
}

/**
 * Everything that differs between MariaDB and MySQL when reading information_schema into the
 * model. One implementation per folder (mariadb/, mysql/), same file names, same exports;
 * docs/dialect-differences.md lists each difference and which side handles it.
 */
export interface Dialect {
  readonly flavor: Flavor;
  /** COLUMN_DEFAULT (+ EXTRA) → model default; absent for "no default" and implicit NULL. */
  normalizeDefault(raw: string | null, context: DefaultContext): ColumnDefault | undefined;
  /** EXTRA → canonical `ON UPDATE` expression (`CURRENT_TIMESTAMP(3)`), if any. */
  normalizeOnUpdate(extra: string): string | undefined;
  /** GENERATION_EXPRESSION → canonical expression text. */
  normalizeGenerationExpression(expression: string): string;
  /**
   * SQL returning rows (t = table, c = column) of JSON columns stored as another type
   * (MariaDB: longtext + json_valid CHECK), one bound parameter: the schema. Undefined when
   * the server has a native JSON type.
   */
  readonly jsonColumnsSql: string | undefined;
  /**
   * A cheap query telling whether a schema has any foreign key, when the server has one that
   * avoids opening every table (one bound parameter: the schema; returns one row `n`).
   * Undefined when REFERENTIAL_CONSTRAINTS is cheap already (MySQL 8's data dictionary).
   * Callers fall back to REFERENTIAL_CONSTRAINTS when this query fails (privileges).
   */
  foreignKeyPresenceSql(schema: string): string | undefined;
  /**
   * SQL returning every CHECK constraint of a schema as rows (t = table, c = constraint
   * name, k = condition as the server prints it, l = `Column` for a MariaDB column-level
   * CHECK, else `Table`), one bound parameter: the schema.
   */
  readonly checksSql: string;
  /**
   * The STATISTICS column expression that reads `'YES'` for an index the optimizer ignores
   * (MariaDB 10.6+ `IGNORED`, MySQL 8 `IS_VISIBLE = 'NO'`), `'NO'` where the server has no
   * such index attribute. `version` is `versionNumber(SELECT VERSION())`.
   */
  indexIgnoredSql(version: number): string;
  /**
   * SQL returning the SRID of every geometry column that has one (t = table, c = column,
   * s = SRID), one bound parameter: the schema. Run only when the schema has geometry columns.
   */
  readonly sridSql: string;
}

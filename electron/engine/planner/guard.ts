import { quoteString } from '../sql/identifier';

/**
 * Guarded DDL that runs on MySQL 8 and MariaDB alike (MySQL 8 has no `ADD COLUMN/INDEX IF
 * NOT EXISTS`): the statement is chosen by a condition on information_schema, prepared and
 * executed. The four statements form one group the orchestrator journals and resumes as a
 * unit (orchestrator/steps.ts), and the first string literal holding the DDL is what its
 * classifier reads the effect from — so the "do it" branch always comes first.
 */

/** The user variable and prepared statement name every guard uses. */
export const GUARD_VARIABLE = '@lupo_sql';
const GUARD_STATEMENT = 'lupo_stmt';
/** The no-op branch of a guard. */
export const GUARD_NOOP = 'DO 0';

/** One branch of a guard: run `sql` when `condition` holds. */
export interface GuardBranch {
  readonly condition: string;
  readonly sql: string;
}

/**
 * Renders a guard group: `SET @lupo_sql = IF(c1, 'sql1', IF(c2, 'sql2', 'DO 0'))` then
 * PREPARE / EXECUTE / DEALLOCATE, joined with `;\n` (no final delimiter).
 */
export function renderGuard(branches: readonly GuardBranch[]): string {
  let value = quoteString(GUARD_NOOP);
  for (const branch of [...branches].reverse()) value = `IF(${branch.condition}, ${quoteString(branch.sql)}, ${value})`;
  return [
    `SET ${GUARD_VARIABLE} = ${value}`,
    `PREPARE ${GUARD_STATEMENT} FROM ${GUARD_VARIABLE}`,
    `EXECUTE ${GUARD_STATEMENT}`,
    `DEALLOCATE PREPARE ${GUARD_STATEMENT}`,
  ].join(';\n');
}

/** `TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'` (optionally with a table alias). */
function inTable(table: string, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}TABLE_SCHEMA = DATABASE() AND ${a}TABLE_NAME = ${quoteString(table)}`;
}

/** Number of rows in information_schema.COLUMNS for the column, with extra predicates. */
export function columnCount(table: string, column: string, extra = ''): string {
  return `(SELECT COUNT(*) FROM information_schema.COLUMNS WHERE ${inTable(table)} AND COLUMN_NAME = ${quoteString(column)}${extra})`;
}

/** Number of index rows (one per indexed column) of the named index. */
export function indexCount(table: string, index: string): string {
  return `(SELECT COUNT(*) FROM information_schema.STATISTICS WHERE ${inTable(table)} AND INDEX_NAME = ${quoteString(index)})`;
}

/** Number of rows in information_schema.TABLES for the table, with extra predicates. */
export function tableCount(table: string, extra = ''): string {
  return `(SELECT COUNT(*) FROM information_schema.TABLES WHERE ${inTable(table)}${extra})`;
}

/** Number of foreign key constraints with that name on the table. */
export function foreignKeyCount(table: string, name: string): string {
  return `(SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE ${inTable(table)} AND CONSTRAINT_TYPE = 'FOREIGN KEY' AND CONSTRAINT_NAME = ${quoteString(name)})`;
}

/**
 * A comparable signature of an index as information_schema.STATISTICS shows it on both
 * servers: `nonUnique|kind|col(len) DESC,…|comment` (NULL when the index is absent). HASH
 * reads as BTREE unless `keepHash` (a MEMORY table, where the two are a choice): elsewhere
 * a HASH index is a long unique the server made of a B-tree declaration.
 */
export function indexSignatureQuery(table: string, index: string, keepHash = false): string {
  const kinds = keepHash ? "'FULLTEXT', 'SPATIAL', 'HASH'" : "'FULLTEXT', 'SPATIAL'";
  return (
    `(SELECT CONCAT(MIN(NON_UNIQUE), '|', IF(MAX(INDEX_TYPE) IN (${kinds}), MAX(INDEX_TYPE), 'BTREE'), '|', ` +
    `GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), ''), IF(COLLATION = 'D', ' DESC', '')) ORDER BY SEQ_IN_INDEX SEPARATOR ','), '|', MAX(INDEX_COMMENT)) ` +
    `FROM information_schema.STATISTICS WHERE ${inTable(table)} AND INDEX_NAME = ${quoteString(index)})`
  );
}

/**
 * A byte string as a hex literal (`X'616263'`). Used for user text inside guard conditions:
 * it compares byte-exactly, and it cannot be mistaken for the guarded DDL string by the
 * orchestrator's classifier (a comment reading "drop …" would otherwise look like one).
 */
export function hexLiteral(value: string): string {
  return `X'${Buffer.from(value, 'utf8').toString('hex')}'`;
}

/** Byte-exact text equality (information_schema collations are case-insensitive). */
export function sameText(expression: string, value: string): string {
  return `CAST(${expression} AS BINARY) = ${hexLiteral(value)}`;
}

/** The collation's character set, via information_schema (works on both servers). */
export function tableCharsetQuery(table: string): string {
  return (
    `(SELECT c.CHARACTER_SET_NAME FROM information_schema.TABLES t JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY c ` +
    `ON c.COLLATION_NAME = t.TABLE_COLLATION WHERE ${inTable(table, 't')})`
  );
}

/** The table's default collation. */
export function tableCollationQuery(table: string): string {
  return `(SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE ${inTable(table)})`;
}

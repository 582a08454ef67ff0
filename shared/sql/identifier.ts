/**
 * The one place SQL identifiers are escaped. Every database, table, column and index name
 * that goes into generated SQL passes through `quoteIdentifier`; values never do — they
 * are bound parameters (`?`) or, in generated migration files, `quoteString` literals.
 */

/** Backtick-quotes an identifier, doubling embedded backticks (MySQL/MariaDB rules). */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new Error('An SQL identifier cannot be empty.');
  if (name.includes('\u0000')) throw new Error('An SQL identifier cannot contain NUL.');
  return '`' + name.replaceAll('`', '``') + '`';
}

/** Quotes a database-qualified name: `db`.`table`. */
export function quoteQualified(database: string, name: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(name)}`;
}

/**
 * Quotes a string literal for SQL text that is written to a file (migrations, backups),
 * where bound parameters are not available. Escapes per the default sql_mode (backslash
 * and quote), so the text means the same on MySQL and MariaDB.
 */
export function quoteString(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "''")
    .replaceAll('\u0000', '\\0')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\u001a', '\\Z');
  return `'${escaped}'`;
}

/**
 * Doctrine-style migration text for the orchestrator tests: N `CREATE TABLE IF NOT EXISTS`
 * tables (BIGINT pk named after the table, ymdhis timestamps, soft delete, InnoDB utf8mb4)
 * and guarded `ADD COLUMN`s in the MySQL-8-compatible SET/PREPARE/EXECUTE form.
 */

/** One doctrine-style CREATE TABLE. */
export function createTableSql(index: number, prefix = 'lupo_thing'): string {
  const table = `${prefix}${index}_items`;
  return `CREATE TABLE IF NOT EXISTS \`${table}\` (
  \`${prefix.replace(/^lupo_/, '')}${index}_item_id\` bigint NOT NULL AUTO_INCREMENT,
  \`item_name\` varchar(255) NOT NULL DEFAULT '',
  \`item_count\` int NOT NULL DEFAULT 0,
  \`created_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`updated_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`is_deleted\` tinyint NOT NULL DEFAULT 0,
  \`deleted_ymdhis\` bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (\`${prefix.replace(/^lupo_/, '')}${index}_item_id\`),
  KEY \`idx_item_name\` (\`item_name\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;
}

/** The four statements of a guarded ADD COLUMN (runs on MySQL 8 and MariaDB). */
export function guardedAddColumnSql(table: string, column: string): string[] {
  const alter = `ALTER TABLE \`${table}\` ADD COLUMN \`${column}\` bigint NOT NULL DEFAULT 0`;
  return [
    `SET @lupo_sql = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' AND COLUMN_NAME = '${column}') = 0, '${alter}', 'DO 0')`,
    'PREPARE lupo_stmt FROM @lupo_sql',
    'EXECUTE lupo_stmt',
    'DEALLOCATE PREPARE lupo_stmt',
  ];
}

/** A migration file of `tables` creates followed by `columns` guarded adds (on the first tables). */
export function migrationText(tables: number, columns = 0, prefix = 'lupo_thing'): string {
  const statements: string[] = [];
  for (let i = 1; i <= tables; i++) statements.push(createTableSql(i, prefix));
  for (let i = 1; i <= columns; i++) statements.push(...guardedAddColumnSql(`${prefix}${i}_items`, `extra${i}_ymdhis`));
  return `-- test migration: ${tables} tables, ${columns} columns\n` + statements.map((s) => `${s};\n`).join('\n');
}

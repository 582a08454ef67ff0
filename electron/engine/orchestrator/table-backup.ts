import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { quoteIdentifier, quoteQualified, quoteString } from '../sql/identifier';
import { ymdhis } from './ymdhis';

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return quoteString(value.toISOString().slice(0, 19).replace('T', ' '));
  if (typeof value === 'object') return quoteString(JSON.stringify(value));
  return quoteString(String(value));
}

/**
 * Writes a restorable SQL backup (structure + rows) of some tables before a rollback drops
 * them or their columns: `CREATE TABLE IF NOT EXISTS` from SHOW CREATE TABLE, then rows as
 * multi-row INSERTs. Written to a temp name and renamed, so a crash never leaves a half
 * file under the final name. Returns the file path.
 */
export async function writeTableBackup(
  db: Pick<Connection, 'query'>,
  database: string,
  tables: readonly string[],
  dir: string,
  label: string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [
    `-- Lupo Admin backup of ${tables.length} table(s) of ${database} (${label})`,
    `-- taken ${ymdhis()} UTC before a rollback dropped them or their columns`,
    'SET FOREIGN_KEY_CHECKS = 0;',
    '',
  ];
  for (const table of tables) {
    const [create] = await db.query<RowDataPacket[]>(`SHOW CREATE TABLE ${quoteQualified(database, table)}`);
    lines.push(String(create[0]?.['Create Table']).replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS ') + ';');
    const [rows] = await db.query<RowDataPacket[]>(`SELECT * FROM ${quoteQualified(database, table)}`);
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const columns = Object.keys(chunk[0]!).map(quoteIdentifier).join(', ');
      const values = chunk.map((row) => `(${Object.values(row).map(literal).join(', ')})`).join(',\n  ');
      lines.push(`INSERT INTO ${quoteIdentifier(table)} (${columns}) VALUES\n  ${values};`);
    }
    lines.push('');
  }
  lines.push('SET FOREIGN_KEY_CHECKS = 1;', '');
  const safe = label.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const path = join(dir, `backup-${database}-${safe}-${ymdhis()}.sql`);
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, lines.join('\n'), { flag: 'wx' });
  await rename(temp, path);
  return path;
}

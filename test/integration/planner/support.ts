import mysql, { type Pool } from 'mysql2/promise';
import type { Database } from '../../../shared/schema/model';
import { introspectDatabase } from '../../../electron/engine/introspect/index';
import type { Session } from '../../../electron/engine/connection/session';
export { sessionFor } from '../../support/databases';

/** Runs a whole SQL text (many statements) with `database` as the default database, as the mariadb client would. */
export async function runSqlText(url: string, database: string, text: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: url, database, multipleStatements: true });
  try {
    await connection.query(text);
  } finally {
    await connection.end();
  }
}

/** The live model of one database, as the core role. */
export function liveCore(session: Session, database: string): Promise<Database> {
  return introspectDatabase(session, 'core', database);
}

/** SHOW CREATE TABLE of every table of a database, by name. */
export async function showCreateAll(pool: Pool, database: string): Promise<Record<string, string>> {
  const [tables] = await pool.query<mysql.RowDataPacket[]>(
    'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
    [database],
  );
  const result: Record<string, string> = {};
  for (const row of tables) {
    const [rows] = await pool.query<mysql.RowDataPacket[]>(`SHOW CREATE TABLE \`${database}\`.\`${String(row.t)}\``);
    result[String(row.t)] = String(rows[0]?.['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '');
  }
  return result;
}

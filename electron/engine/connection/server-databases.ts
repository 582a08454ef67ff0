import type { Pool, RowDataPacket } from 'mysql2/promise';

/** The schemas every server has, which the operator rarely wants listed first. */
const SYSTEM_SCHEMAS = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

/** One database of a server with its base-table count. */
export interface ServerDatabase {
  readonly name: string;
  readonly tableCount: number;
  readonly isSystem: boolean;
}

/** Lists the server's databases and their base-table counts in one query. */
export async function listServerDatabases(pool: Pool): Promise<ServerDatabase[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT s.SCHEMA_NAME AS name, COUNT(t.TABLE_NAME) AS tableCount
       FROM information_schema.SCHEMATA s
       LEFT JOIN information_schema.TABLES t
         ON t.TABLE_SCHEMA = s.SCHEMA_NAME AND t.TABLE_TYPE = 'BASE TABLE'
      GROUP BY s.SCHEMA_NAME
      ORDER BY s.SCHEMA_NAME`,
  );
  return rows.map((row) => {
    const name = String(row.name);
    return { name, tableCount: Number(row.tableCount), isSystem: SYSTEM_SCHEMAS.has(name.toLowerCase()) };
  });
}

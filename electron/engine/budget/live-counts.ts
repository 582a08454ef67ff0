import { DATABASE_ROLES, type DatabaseRole } from '../../../shared/schema/model';

/** What the counter needs: one parameterized query. */
export interface CountQueryable {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Base tables of each role database on the server right now (0 for a database that does
 * not exist). The budget counts the whole system, not only the database a plan targets.
 */
export async function readRoleTableCounts(
  db: CountQueryable,
  databases: Readonly<Record<DatabaseRole, string>>,
): Promise<Record<DatabaseRole, number>> {
  const names = DATABASE_ROLES.map((role) => databases[role]);
  const [rows] = (await db.query(
    `SELECT TABLE_SCHEMA AS name, COUNT(*) AS tables FROM information_schema.TABLES
      WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (?, ?, ?) GROUP BY TABLE_SCHEMA`,
    names,
  )) as [Array<{ name: string; tables: number | string }>];
  const byName = new Map(rows.map((row) => [row.name, Number(row.tables)]));
  const counts = {} as Record<DatabaseRole, number>;
  for (const role of DATABASE_ROLES) counts[role] = byName.get(databases[role]) ?? 0;
  return counts;
}

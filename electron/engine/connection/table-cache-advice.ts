import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { TableCacheAdvice } from '../../../shared/contract/connection';

/**
 * Below this many tables a server with default caches reopens few enough of them that a
 * schema read stays well under a second (1,000 tables: 0.4 s; scripts/bench commands).
 */
export const ADVICE_MIN_TABLES = 2000;

/**
 * The tables of the role databases, each database once (roles may share one), from
 * (database name, table count) pairs: the count the advice is about.
 */
export function roleTableCount(databases: Iterable<readonly [string, number]>): number {
  let sum = 0;
  for (const tables of new Map(databases).values()) sum += tables;
  return sum;
}

/**
 * Whether a MariaDB server is too small in its table caches for the tables Lupo Admin reads:
 * every read of table options, index kinds and CHECKs in information_schema opens each table,
 * and with fewer cached definitions (`table_definition_cache`, default 400) or open tables
 * (`table_open_cache`, default 2,000) than tables, each read opens them all again — at
 * 10,000 tables 5–6 s of the server's work instead of about 3 (docs/dialect-differences.md).
 * MySQL 8 reads those facts from its data dictionary without opening tables: no advice.
 * Undefined when there is nothing to advise or the variables cannot be read.
 */
export async function tableCacheAdvice(
  pool: Pool,
  flavor: 'mariadb' | 'mysql',
  tables: number,
  minTables = ADVICE_MIN_TABLES,
): Promise<TableCacheAdvice | undefined> {
  if (flavor !== 'mariadb' || tables < minTables) return undefined;
  let row: RowDataPacket | undefined;
  try {
    [[row]] = await pool.query<RowDataPacket[]>(
      'SELECT @@GLOBAL.table_definition_cache AS definitions, @@GLOBAL.table_open_cache AS open',
    );
  } catch {
    return undefined; // informative only: a server that hides its variables still connects
  }
  const tableDefinitionCache = Number(row?.definitions);
  const tableOpenCache = Number(row?.open);
  if (!Number.isFinite(tableDefinitionCache) || !Number.isFinite(tableOpenCache)) return undefined;
  if (tables <= tableDefinitionCache && tables <= tableOpenCache) return undefined;
  return { tables, tableDefinitionCache, tableOpenCache };
}

import { hash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from './detect-topology';

/** Per table of one database: a hash of its columns, indexes and options. */
export type SchemaFingerprint = ReadonlyMap<string, string>;

/**
 * One round trip, one row per table and facet: the server joins each table's column lines
 * and index lines (GROUP_CONCAT), so the client parses a few hundred rows instead of
 * thousands. `lim` is the session's GROUP_CONCAT limit: a value that reaches it may be cut.
 */
const AGGREGATED_SQL = `SELECT TABLE_NAME AS t, 0 AS k, CONCAT_WS(' ', ENGINE, TABLE_COLLATION) AS v, @@group_concat_max_len AS lim
  FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'
UNION ALL
SELECT TABLE_NAME, 1, GROUP_CONCAT(CONCAT_WS(' ', ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,
    IFNULL(COLUMN_DEFAULT, 'NULL'), EXTRA, IFNULL(COLLATION_NAME, '')) ORDER BY ORDINAL_POSITION SEPARATOR '\n'), @@group_concat_max_len
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME
UNION ALL
SELECT TABLE_NAME, 2, GROUP_CONCAT(CONCAT_WS(' ', INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, IFNULL(SUB_PART, ''))
    ORDER BY INDEX_NAME, SEQ_IN_INDEX SEPARATOR '\n'), @@group_concat_max_len
  FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? GROUP BY TABLE_NAME
ORDER BY t, k`;

/**
 * Fingerprints every base table of `database` from information_schema (columns with type,
 * nullability, default, extra and collation; indexes with their columns; engine and
 * collation). Two servers whose fingerprints are equal have the same schema; used to
 * verify every Galera node and replica after an apply, and by the fleet's drift matrix
 * (where it runs once per target: the server aggregates per table, one query). Should a
 * table's lines reach the server's GROUP_CONCAT limit (MySQL 8 defaults to 1,024 bytes,
 * MariaDB to 1 MB), the rows are read one by one instead. Table names are lower-cased keys.
 */
export async function fingerprintDatabase(db: Queryable, database: string): Promise<SchemaFingerprint> {
  const [rows] = await db.query<RowDataPacket[]>(AGGREGATED_SQL, [database, database, database]);
  const parts = new Map<string, string[]>();
  for (const row of rows) {
    const value = String(row.v ?? '');
    if (Buffer.byteLength(value) >= Number(row.lim) - 4) return fingerprintRowByRow(db, database);
    const name = String(row.t).toLowerCase();
    if (Number(row.k) === 0) parts.set(name, [`T ${value}`]);
    else parts.get(name)?.push(`${Number(row.k) === 1 ? 'C' : 'I'}\n${value}`);
  }
  return hashParts(parts);
}

function hashParts(parts: ReadonlyMap<string, readonly string[]>): SchemaFingerprint {
  const result = new Map<string, string>();
  for (const [name, lines] of parts) result.set(name, hash('sha1', lines.join('\n')));
  return result;
}

/** SQL's CONCAT_WS(' ', …): NULLs are left out. */
function concatWs(...values: unknown[]): string {
  return values
    .filter((v) => v !== null && v !== undefined)
    .map(String)
    .join(' ');
}

/** The same facts read row by row (three queries), when an aggregated line may have been cut. */
async function fingerprintRowByRow(db: Queryable, database: string): Promise<SchemaFingerprint> {
  const [tables] = await db.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS t, ENGINE AS e, TABLE_COLLATION AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [database],
  );
  const [columns] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS n, ORDINAL_POSITION AS p, COLUMN_TYPE AS ct, IS_NULLABLE AS nl,
            COLUMN_DEFAULT AS d, EXTRA AS x, COLLATION_NAME AS c
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  const [indexes] = await db.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, INDEX_NAME AS n, NON_UNIQUE AS u, SEQ_IN_INDEX AS s, COLUMN_NAME AS c, SUB_PART AS sp
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    [database],
  );
  // The very lines the aggregated query builds, so both paths hash alike.
  const tableParts = new Map<string, { t: string; c: string[]; i: string[] }>();
  for (const t of tables) tableParts.set(String(t.t).toLowerCase(), { t: `T ${concatWs(t.e, t.c)}`, c: [], i: [] });
  for (const c of columns)
    tableParts.get(String(c.t).toLowerCase())?.c.push(concatWs(c.p, c.n, c.ct, c.nl, c.d ?? 'NULL', c.x, c.c ?? ''));
  for (const i of indexes) tableParts.get(String(i.t).toLowerCase())?.i.push(concatWs(i.n, i.u, i.s, i.c, i.sp ?? ''));
  const parts = new Map<string, string[]>();
  for (const [name, p] of tableParts)
    parts.set(name, [
      p.t,
      ...(p.c.length ? [`C\n${p.c.join('\n')}`] : []),
      ...(p.i.length ? [`I\n${p.i.join('\n')}`] : []),
    ]);
  return hashParts(parts);
}

/** How one table of a server compares with the reference. */
export type TableDrift = 'in-sync' | 'missing' | 'different' | 'extra';

/** Compares a fingerprint with a reference: the state of every table of either side. */
export function compareFingerprints(
  reference: SchemaFingerprint,
  actual: SchemaFingerprint,
): ReadonlyMap<string, TableDrift> {
  const result = new Map<string, TableDrift>();
  for (const [name, hash] of reference) {
    const other = actual.get(name);
    result.set(name, other === undefined ? 'missing' : other === hash ? 'in-sync' : 'different');
  }
  for (const name of actual.keys()) if (!reference.has(name)) result.set(name, 'extra');
  return result;
}

/** The tables that differ, as "name (state)" strings; empty when the schemas are equal. */
export function fingerprintDifferences(reference: SchemaFingerprint, actual: SchemaFingerprint): string[] {
  return [...compareFingerprints(reference, actual)]
    .filter(([, state]) => state !== 'in-sync')
    .map(([name, state]) => `${name} (${state})`);
}

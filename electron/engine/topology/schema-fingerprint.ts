import { hash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from './detect-topology';

/** Per table of one database: a hash of its columns, indexes and options. */
export type SchemaFingerprint = ReadonlyMap<string, string>;

/**
 * Fingerprints every base table of `database` from information_schema (columns with type,
 * nullability, default, extra and collation; indexes with their columns; engine and
 * collation) in three queries. Two servers whose fingerprints are equal have the same
 * schema; used to verify every Galera node and replica after an apply, and by the fleet's
 * drift matrix. Table names are lower-cased keys.
 */
export async function fingerprintDatabase(db: Queryable, database: string): Promise<SchemaFingerprint> {
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
  // Linear in the rows: one list of lines per table, one hash each (no sort: callers compare by name).
  const parts = new Map<string, string[]>();
  for (const t of tables) parts.set(String(t.t).toLowerCase(), [`T ${t.e} ${t.c}`]);
  for (const c of columns)
    parts.get(String(c.t).toLowerCase())?.push(`C ${c.p} ${c.n} ${c.ct} ${c.nl} ${c.d ?? 'NULL'} ${c.x} ${c.c ?? ''}`);
  for (const i of indexes) parts.get(String(i.t).toLowerCase())?.push(`I ${i.n} ${i.u} ${i.s} ${i.c} ${i.sp ?? ''}`);
  const result = new Map<string, string>();
  for (const [name, lines] of parts) result.set(name, hash('sha1', lines.join('\n')));
  return result;
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

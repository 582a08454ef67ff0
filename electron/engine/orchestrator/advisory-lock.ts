import { createHash } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';

/**
 * The advisory lock that makes one runner per target database (DESIGN §4 step 5):
 * `GET_LOCK` on a name derived from the target, held by the executing connection, so a
 * crash (app or server) releases it. GET_LOCK cannot say *who* holds it: the holder
 * writes its identity into the ledger (a running batch row), which the refusal reads.
 */
export function lockName(database: string): string {
  const name = `lupo:apply:${database}`;
  // MySQL 8 limits lock names to 64 characters.
  return name.length <= 64 ? name : `lupo:apply:${createHash('sha1').update(database).digest('hex')}`;
}

/** Tries to take the lock without waiting; true when this connection now holds it. */
export async function tryAcquireLock(connection: Connection, database: string): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, 0) AS got', [lockName(database)]);
  return Number(rows[0]?.got) === 1;
}

/** Releases the lock (a no-op when this connection does not hold it). */
export async function releaseLock(connection: Connection, database: string): Promise<void> {
  await connection.query('SELECT RELEASE_LOCK(?)', [lockName(database)]);
}

/** The server connection id holding the lock, or undefined when it is free. */
export async function lockHolderConnectionId(
  db: Pick<Connection, 'query'>,
  database: string,
): Promise<number | undefined> {
  const [rows] = await db.query<RowDataPacket[]>('SELECT IS_USED_LOCK(?) AS holder', [lockName(database)]);
  const holder = rows[0]?.holder;
  return holder === null || holder === undefined ? undefined : Number(holder);
}

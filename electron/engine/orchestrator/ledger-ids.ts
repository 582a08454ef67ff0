import { createHash } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';

/** Anything that can run a query on one session (a Connection or a PoolConnection). */
export type LedgerSession = Pick<Connection, 'query' | 'execute'>;

/** A session source: a single connection, or a pool from which one is borrowed for the lock. */
export type LedgerDb = LedgerSession & {
  getConnection?: () => Promise<LedgerSession & { release: () => void }>;
};

/** The ledger-wide named lock (LEDGER §5c-1); hashed past MySQL 8's 64-character limit. */
export function ledgerLockName(ledgerDatabase: string): string {
  const name = `lupo:ledger:${ledgerDatabase}`;
  return name.length <= 64 ? name : `lupo:ledger:${createHash('sha1').update(ledgerDatabase).digest('hex')}`;
}

/**
 * Runs `body` on one session holding the ledger-wide lock `lupo:ledger:<db>` (waiting up to
 * 10 s). Lupopedia's tables have no AUTO_INCREMENT, and several targets share one ledger,
 * so every id allocation (MAX+1) and the CREATE TABLEs of bootstrap happen under it. A
 * session may hold the target's apply lock at the same time (MySQL 5.7+, MariaDB 10.0.2+).
 */
export async function withLedgerLock<T>(
  db: LedgerDb,
  ledgerDatabase: string,
  body: (session: LedgerSession) => Promise<T>,
): Promise<T> {
  const borrowed = db.getConnection ? await db.getConnection() : undefined;
  const session: LedgerSession = borrowed ?? db;
  try {
    const name = ledgerLockName(ledgerDatabase);
    const [rows] = await session.query<RowDataPacket[]>('SELECT GET_LOCK(?, 10) AS got', [name]);
    if (Number(rows[0]?.got) !== 1) {
      throw new LupoError(
        'ledger/busy',
        `Another runner held the ledger lock of ${ledgerDatabase} for more than 10 seconds.`,
        { hint: 'Try again; if it persists, look for a stuck session holding lock ' + name + '.' },
      );
    }
    try {
      return await body(session);
    } finally {
      await session.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => {});
    }
  } finally {
    borrowed?.release();
  }
}

/** `COALESCE(MAX(id),0)+1` over every row (soft-deleted included); never 0. Call under `withLedgerLock`. */
export async function nextLedgerId(session: LedgerSession, qualifiedTable: string, idColumn: string): Promise<number> {
  const [rows] = await session.query<RowDataPacket[]>(
    `SELECT COALESCE(MAX(${idColumn}), 0) + 1 AS next FROM ${qualifiedTable}`,
  );
  return Math.max(1, Number(rows[0]?.next ?? 1));
}

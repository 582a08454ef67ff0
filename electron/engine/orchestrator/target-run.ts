import type { Pool, PoolConnection } from 'mysql2/promise';
import { quoteIdentifier } from '../sql/identifier';
import { releaseLock, tryAcquireLock } from './advisory-lock';
import { Ledger } from './ledger';
import { ensureLedger } from './ledger-bootstrap';
import { lockedError } from './stale-lock';
import { finishTopologyRun, prepareTopologyRun } from './run-lock';
import { silentSink, type EngineSink } from '../../../shared/engine-events';

/** What a run body receives: the locked connection (default database = target) and the ledger. */
export interface TargetRun {
  readonly connection: PoolConnection;
  readonly ledger: Ledger;
}

/**
 * Runs `body` as the one runner of `targetDatabase`: a dedicated connection, the ledger
 * tables ensured, the advisory lock taken (or `apply/locked` naming the holder from the
 * ledger's running batch: operator, host/pid, start time, and whether that runner is gone,
 * with the remedy: see stale-lock.ts), the target selected as the
 * default database. The lock is released and the connection closed afterwards, whatever
 * happens; a crash releases the lock on the server side.
 */
export async function withTargetRun<T>(
  pool: Pool,
  targetDatabase: string,
  ledgerDatabase: string,
  body: (run: TargetRun) => Promise<T>,
  sink: EngineSink = silentSink,
): Promise<T> {
  const connection = await pool.getConnection();
  let locked = false;
  let topologyRun: Awaited<ReturnType<typeof prepareTopologyRun>> | undefined;
  try {
    await ensureLedger(connection, ledgerDatabase);
    const ledger = await Ledger.open(connection, ledgerDatabase);
    // Topology seam (issue 15): refuses replicas/unsynced nodes; on Galera a cluster lease replaces GET_LOCK.
    topologyRun = await prepareTopologyRun(pool, connection, targetDatabase, ledgerDatabase, sink);
    locked = await tryAcquireLock(connection, targetDatabase);
    if (!locked) throw await lockedError(connection, ledger, targetDatabase);
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(targetDatabase)}`);
    await connection.query(`USE ${quoteIdentifier(targetDatabase)}`);
    const result = await body({ connection, ledger });
    const batchId = (result as { batchId?: number } | undefined)?.batchId ?? null;
    await finishTopologyRun(
      pool,
      topologyRun,
      targetDatabase,
      (level, code, message) => ledger.alert(batchId, level, code, message),
      sink,
    );
    return result;
  } finally {
    if (locked) await releaseLock(connection, targetDatabase).catch(() => {});
    await topologyRun?.lease?.release().catch(() => {});
    connection.destroy();
  }
}

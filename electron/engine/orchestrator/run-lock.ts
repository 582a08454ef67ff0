import type { Pool, PoolConnection } from 'mysql2/promise';
import type { TopologyInfo } from '../../../shared/contract/topology';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import { detectTopology } from '../topology/detect-topology';
import { assertApplicableTarget } from '../topology/target-guard';
import { assertPeersAgree, verifyPeersAfterRun } from '../topology/post-run-verify';
import { lockHolderConnectionId } from './advisory-lock';
import { ClusterLease, readHolder } from './cluster-lease';
import { formatYmdhis } from './ymdhis';

/** The run's view of the server it works on, and the lock chosen for it. */
export interface TopologyRun {
  readonly topology: TopologyInfo;
  /** The cluster lease (Galera), or undefined: then `GET_LOCK` guards the run as before. */
  readonly lease: ClusterLease | undefined;
}

/**
 * The seam between a target run and the server's topology (issue 15): detects what the
 * connection talks to, refuses targets that must not take DDL (replica, unsynced Galera
 * node), and on Galera takes the cluster-wide lease (GET_LOCK is node-local there). On a
 * standalone server or a primary it returns no lease, and the caller keeps GET_LOCK.
 */
export async function prepareTopologyRun(
  pool: Pool,
  connection: PoolConnection,
  targetDatabase: string,
  ledgerDatabase: string,
  sink: EngineSink = silentSink,
): Promise<TopologyRun> {
  const topology = await detectTopology(connection);
  assertApplicableTarget(topology);
  if (topology.kind !== 'galera') return { topology, lease: undefined };
  // TOI explicitly: a node whose default is RSU would otherwise change itself only (RSU is per batch: --osu rsu).
  await connection.query("SET SESSION wsrep_OSU_method = 'TOI'");
  const lease = await ClusterLease.acquire(pool, ledgerDatabase, targetDatabase, topology.galera?.nodeName ?? '');
  const stale = lease.tookOverFrom;
  if (stale) {
    sink({
      type: 'log',
      level: 'warn',
      message: `Took over a stale cluster lease of ${targetDatabase}: ${stale.operator} on ${stale.host} pid ${stale.pid} via ${stale.node}, last heartbeat ${formatYmdhis(stale.heartbeatYmdhis)}.`,
    });
  }
  return { topology, lease };
}

/**
 * After a successful run body: verifies every Galera node / replica (see
 * verifyPeersAfterRun), writing alerts through `alert`; throws when a peer diverged.
 */
export async function finishTopologyRun(
  pool: Pool,
  run: TopologyRun,
  targetDatabase: string,
  alert: (level: 'warning' | 'error' | 'critical', code: string, message: string) => Promise<void>,
  sink: EngineSink = silentSink,
): Promise<void> {
  const verification = await verifyPeersAfterRun({ pool, topology: run.topology, targetDatabase, sink, alert });
  assertPeersAgree(verification, targetDatabase);
}

/**
 * Whether a runner holds `targetDatabase`: the GET_LOCK holder's connection id on this
 * server, else (Galera, where GET_LOCK is node-local) the id of a live cluster lease row
 * taken through any node; undefined when nobody holds it. Used by validation and
 * `lupo status` so they see a runner on another node too.
 */
export async function runnerHolder(
  pool: Pick<Pool, 'query'>,
  targetDatabase: string,
  ledgerDatabase: string,
): Promise<number | undefined> {
  const local = await lockHolderConnectionId(pool, targetDatabase);
  if (local !== undefined) return local;
  const lease = await readHolder(pool, ledgerDatabase, targetDatabase).catch(() => undefined);
  return lease && !lease.released && !lease.holder.stale ? lease.holder.leaseId : undefined;
}

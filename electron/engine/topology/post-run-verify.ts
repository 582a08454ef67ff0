import mysql, { type Connection, type ConnectionOptions, type Pool, type RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import type { TopologyInfo } from '../../../shared/contract/topology';
import { fingerprintDatabase, fingerprintDifferences, type SchemaFingerprint } from './schema-fingerprint';

/** Where one peer (Galera node or replica) stands after a run. */
export interface PeerCheck {
  readonly role: 'galera-node' | 'replica';
  readonly address: string;
  readonly state: 'verified' | 'diverged' | 'unreachable' | 'lagging';
  /** Tables that differ from the target ("name (missing|different|extra)"). */
  readonly differences: readonly string[];
  readonly detail: string;
  /** Milliseconds the replica took to reach the primary's GTID position. */
  readonly caughtUpMs?: number;
}

/** What `verifyPeersAfterRun` found. */
export interface PeerVerification {
  readonly peers: readonly PeerCheck[];
  readonly ok: boolean;
}

/** Alert writer (the ledger's public `alert`), so this module needs no ledger import. */
export type AlertWriter = (level: 'warning' | 'error' | 'critical', code: string, message: string) => Promise<void>;

/** Options of `verifyPeersAfterRun`. */
export interface VerifyPeersOptions {
  readonly pool: Pool;
  readonly topology: TopologyInfo;
  readonly targetDatabase: string;
  readonly sink: EngineSink;
  readonly alert: AlertWriter;
  /** Upper bound of the wait for each replica (default 120 s, `LUPO_REPLICA_WAIT_SECONDS`). */
  readonly replicaWaitMs?: number;
}

/** The connection options of `pool`, pointed at another server of the same cluster. */
export function peerOptions(pool: Pool, address: string): ConnectionOptions {
  const config = (pool as unknown as { pool: { config: { connectionConfig: ConnectionOptions } } }).pool.config
    .connectionConfig;
  const [host, port] = splitAddress(address);
  const options: ConnectionOptions = { host, port, connectTimeout: 5000 };
  if (config.user !== undefined) options.user = config.user;
  if (config.password !== undefined) options.password = config.password;
  if (config.ssl !== undefined) options.ssl = config.ssl;
  return options;
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return at > 0 ? [address.slice(0, at), Number(address.slice(at + 1))] : [address, 3306];
}

function replicaWaitMs(): number {
  const seconds = Number(process.env.LUPO_REPLICA_WAIT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000;
}

/**
 * After a run on a Galera node or a primary (issue 15, points 3–4): on Galera, introspects
 * the target database on every member and compares it with the node the run used; on a
 * primary, waits (bounded, with progress) until each replica has executed the primary's
 * GTID position (MASTER_GTID_WAIT on MariaDB, WAIT_FOR_EXECUTED_GTID_SET on MySQL), then
 * compares its schema. Any peer that diverges, lags past the bound or cannot be reached
 * gets a ledger alert and a warning; the result says which peers were verified.
 */
export async function verifyPeersAfterRun(options: VerifyPeersOptions): Promise<PeerVerification> {
  const { pool, topology, targetDatabase, sink } = options;
  if (topology.kind !== 'galera' && topology.replicas.length === 0) return { peers: [], ok: true };
  const reference = await fingerprintDatabase(pool, targetDatabase);
  const peers: PeerCheck[] = [];
  if (topology.kind === 'galera') {
    for (const member of topology.galera?.members ?? []) {
      peers.push(
        await checkPeer(pool, 'galera-node', member, targetDatabase, reference, async (c) => {
          await c.query('SET SESSION wsrep_sync_wait = 1').catch(() => {});
          return undefined;
        }),
      );
    }
  } else {
    const gtid = await primaryGtid(pool);
    const bound = options.replicaWaitMs ?? replicaWaitMs();
    for (const r of topology.replicas) {
      const address = `${r.host}:${r.port}`;
      peers.push(
        await checkPeer(pool, 'replica', address, targetDatabase, reference, (c) =>
          waitForGtid(c, gtid, bound, (elapsed) =>
            sink({
              type: 'progress',
              detail: `waiting for replica ${address} to reach GTID ${gtid.position} (${Math.round(elapsed / 1000)} s)`,
            }),
          ),
        ),
      );
    }
  }
  for (const peer of peers) {
    const what = peer.role === 'galera-node' ? 'Galera node' : 'Replica';
    if (peer.state === 'verified') {
      sink({ type: 'log', level: 'info', message: `${what} ${peer.address}: ${peer.detail}` });
      continue;
    }
    const message = `${what} ${peer.address} ${peer.state} after the run on ${targetDatabase}: ${peer.detail}`;
    sink({ type: 'log', level: 'warn', message });
    await options
      .alert(peer.state === 'diverged' ? 'critical' : 'error', `topology/${peer.role}-${peer.state}`, message)
      .catch(() => {});
  }
  return { peers, ok: peers.every((p) => p.state === 'verified') };
}

async function checkPeer(
  pool: Pool,
  role: PeerCheck['role'],
  address: string,
  database: string,
  reference: SchemaFingerprint,
  prepare: (c: Connection) => Promise<number | undefined | 'timeout'>,
): Promise<PeerCheck> {
  let connection: Connection | undefined;
  try {
    connection = await mysql.createConnection(peerOptions(pool, address));
  } catch (error) {
    return {
      role,
      address,
      state: 'unreachable',
      differences: [],
      detail: `not reachable (${(error as Error).message}); not verified — check it once it is back`,
    };
  }
  try {
    const waited = await prepare(connection);
    if (waited === 'timeout')
      return {
        role,
        address,
        state: 'lagging',
        differences: [],
        detail: 'did not reach the GTID position in time; not verified',
      };
    const actual = await fingerprintDatabase(connection, database);
    const differences = fingerprintDifferences(reference, actual);
    const caught = waited === undefined ? {} : { caughtUpMs: waited };
    return differences.length === 0
      ? {
          role,
          address,
          state: 'verified',
          differences,
          detail: `schema equal (${actual.size} tables)${waited === undefined ? '' : `, caught up in ${waited} ms`}`,
          ...caught,
        }
      : {
          role,
          address,
          state: 'diverged',
          differences,
          detail: `schema differs: ${differences.slice(0, 10).join(', ')}`,
          ...caught,
        };
  } catch (error) {
    return {
      role,
      address,
      state: 'unreachable',
      differences: [],
      detail: `check failed: ${(error as Error).message}`,
    };
  } finally {
    await connection.end().catch(() => {});
  }
}

interface GtidPosition {
  readonly flavor: 'mariadb' | 'mysql';
  readonly position: string;
}

async function primaryGtid(pool: Pool): Promise<GtidPosition> {
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT @@gtid_binlog_pos AS pos');
    return { flavor: 'mariadb', position: String(rows[0]?.pos ?? '') };
  } catch {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT @@GLOBAL.gtid_executed AS pos');
    return { flavor: 'mysql', position: String(rows[0]?.pos ?? '').replace(/\s+/g, '') };
  }
}

/** Waits in 1 s slices (reporting progress) until the replica executed `gtid`; its duration, or 'timeout'. */
async function waitForGtid(
  c: Connection,
  gtid: GtidPosition,
  boundMs: number,
  progress: (elapsedMs: number) => void,
): Promise<number | 'timeout'> {
  const started = Date.now();
  if (!gtid.position) return 0;
  const sql =
    gtid.flavor === 'mariadb' ? 'SELECT MASTER_GTID_WAIT(?, 1) AS r' : 'SELECT WAIT_FOR_EXECUTED_GTID_SET(?, 1) AS r';
  for (;;) {
    const [rows] = await c.query<RowDataPacket[]>(sql, [gtid.position]);
    if (Number(rows[0]?.r) === 0) return Date.now() - started;
    const elapsed = Date.now() - started;
    if (elapsed >= boundMs) return 'timeout';
    progress(elapsed);
  }
}

/** Throws `topology/peers-diverged` when a peer's schema differs (the alert is already written). */
export function assertPeersAgree(verification: PeerVerification, targetDatabase: string): void {
  const diverged = verification.peers.filter((p) => p.state === 'diverged');
  if (diverged.length === 0) return;
  throw new LupoError(
    'topology/peers-diverged',
    `The run on ${targetDatabase} completed, but ${diverged.map((p) => `${p.address} (${p.differences.slice(0, 5).join(', ')})`).join('; ')} ${diverged.length === 1 ? 'has' : 'have'} a different schema.`,
    {
      hint: 'A ledger alert was recorded. Inspect the diverging server (lupo diff --db against it); a replica may need to be rebuilt from its primary.',
      details: Object.fromEntries(diverged.map((p) => [p.address, p.differences.join(', ')])),
    },
  );
}

import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { quoteIdentifier } from '../sql/identifier';
import { formatYmdhis } from './ymdhis';

/** The lease table's name (an app-managed ledger table, created only when a Galera run needs it). */
export const LEASE_TABLE = 'migration_runner_lease';

/** Timing of a lease: how long it lives without a heartbeat, and how often it is renewed. */
export interface LeaseTiming {
  readonly ttlSeconds: number;
  readonly heartbeatMs: number;
}

/**
 * Default timing: 60 s lease, renewed every 5 s. `LUPO_LEASE_TTL_SECONDS` shortens it
 * (tests, or operators who want a faster takeover after a crashed runner).
 */
export function defaultLeaseTiming(env: NodeJS.ProcessEnv = process.env): LeaseTiming {
  const ttl = Number(env.LUPO_LEASE_TTL_SECONDS);
  const ttlSeconds = Number.isFinite(ttl) && ttl >= 2 ? Math.floor(ttl) : 60;
  return { ttlSeconds, heartbeatMs: Math.max(500, Math.floor((ttlSeconds * 1000) / 6)) };
}

/** Who holds a lease, as recorded in its row. */
export interface LeaseHolder {
  readonly leaseId: number;
  readonly operator: string;
  readonly host: string;
  readonly pid: number;
  readonly node: string;
  readonly acquiredYmdhis: number;
  readonly heartbeatYmdhis: number;
  readonly expiresYmdhis: number;
  /** True when the lease expired (no heartbeat within its lifetime): a crashed runner. */
  readonly stale: boolean;
}

/** The DDL of the lease table: doctrine-shaped (BIGINT id, ymdhis, soft delete, properties). */
export function leaseTableDdl(database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(database)}.${quoteIdentifier(LEASE_TABLE)} (
  lease_id BIGINT NOT NULL AUTO_INCREMENT,
  target_database VARCHAR(64) NOT NULL,
  holder_token VARCHAR(64) NOT NULL DEFAULT '',
  holder_operator VARCHAR(255) NOT NULL DEFAULT '',
  holder_host VARCHAR(255) NOT NULL DEFAULT '',
  holder_pid BIGINT NOT NULL DEFAULT 0,
  holder_node VARCHAR(255) NOT NULL DEFAULT '',
  acquired_ymdhis BIGINT NOT NULL DEFAULT 0,
  heartbeat_ymdhis BIGINT NOT NULL DEFAULT 0,
  expires_ymdhis BIGINT NOT NULL DEFAULT 0,
  is_deleted TINYINT(1) NOT NULL DEFAULT 0,
  deleted_ymdhis BIGINT NOT NULL DEFAULT 0,
  created_ymdhis BIGINT NOT NULL DEFAULT 0,
  updated_ymdhis BIGINT NOT NULL DEFAULT 0,
  properties JSON NULL,
  PRIMARY KEY (lease_id),
  UNIQUE KEY uk_migration_runner_lease_target (target_database)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
}

// Server-side clock, so every node and runner compares the same times.
const NOW = "CAST(DATE_FORMAT(UTC_TIMESTAMP(), '%Y%m%d%H%i%s') AS UNSIGNED)";
const EXPIRES = "CAST(DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL ? SECOND, '%Y%m%d%H%i%s') AS UNSIGNED)";

function isCertificationFailure(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  // 1213: deadlock / Galera certification failure; 1205: lock wait timeout.
  return errno === 1213 || errno === 1205;
}

/**
 * A cluster-wide runner lock for Galera (issue 15, point 2): one row per target database
 * in the orchestration database, replicated by the cluster. It is taken with a certified
 * write — an INSERT of the row, or an UPDATE that only matches a released or expired row,
 * in one transaction — so when runners on two nodes try at once, Galera's certification
 * lets exactly one COMMIT succeed (the other gets 1213 and is refused naming the winner).
 * A heartbeat renews it while the run lasts; a crashed runner's lease expires and is then
 * named as stale (holder, last heartbeat) when the next runner takes it over.
 */
export class ClusterLease {
  private timer: NodeJS.Timeout | undefined;
  private lostReason: string | undefined;
  /** The stale lease this one replaced, when it took over a crashed runner's lease. */
  tookOverFrom: LeaseHolder | undefined;

  private constructor(
    private readonly pool: Pool,
    private readonly database: string,
    private readonly target: string,
    private readonly token: string,
    private readonly timing: LeaseTiming,
  ) {}

  /** Why the heartbeat lost the lease (someone else took it after it expired), if it did. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  private table(): string {
    return `${quoteIdentifier(this.database)}.${quoteIdentifier(LEASE_TABLE)}`;
  }

  /**
   * Takes the lease for `target` or throws `apply/locked` naming the holder. `node` is the
   * Galera node name the runner works through (recorded for the operator).
   */
  static async acquire(
    pool: Pool,
    ledgerDatabase: string,
    target: string,
    node: string,
    timing: LeaseTiming = defaultLeaseTiming(),
  ): Promise<ClusterLease> {
    const lease = new ClusterLease(pool, ledgerDatabase, target, randomUUID(), timing);
    await ensureLeaseTable(pool, ledgerDatabase);
    const connection = await pool.getConnection();
    try {
      await connection.query('SET SESSION wsrep_sync_wait = 1').catch(() => {});
      // A certification failure on any of the take's statements (its reads too: the other
      // taker's writes abort them on Galera) means another runner won at the same moment.
      const won = await lease.tryTake(connection, node).catch((error: unknown) => {
        if (isCertificationFailure(error)) return false;
        throw error;
      });
      if (!won) throw await lease.refusal(connection);
    } finally {
      connection.release();
    }
    lease.startHeartbeat();
    return lease;
  }

  private async tryTake(connection: PoolConnection, node: string): Promise<boolean> {
    let operator = 'unknown';
    try {
      operator = userInfo().username;
    } catch {
      /* no passwd entry */
    }
    const previous = await readHolder(connection, this.database, this.target);
    try {
      await connection.beginTransaction();
      const holderValues = [this.token, operator, hostname(), process.pid, node];
      const [inserted] = await connection.query<ResultSetHeader>(
        `INSERT IGNORE INTO ${this.table()} (target_database, holder_token, holder_operator, holder_host, holder_pid, holder_node,
           acquired_ymdhis, heartbeat_ymdhis, expires_ymdhis, is_deleted, created_ymdhis, updated_ymdhis, properties)
         VALUES (?, ?, ?, ?, ?, ?, ${NOW}, ${NOW}, ${EXPIRES}, 0, ${NOW}, ${NOW}, ?)`,
        [this.target, ...holderValues, this.timing.ttlSeconds, JSON.stringify({ ttl_seconds: this.timing.ttlSeconds })],
      );
      if (inserted.affectedRows === 0) {
        await connection.query<ResultSetHeader>(
          `UPDATE ${this.table()} SET holder_token = ?, holder_operator = ?, holder_host = ?, holder_pid = ?, holder_node = ?,
             acquired_ymdhis = ${NOW}, heartbeat_ymdhis = ${NOW}, expires_ymdhis = ${EXPIRES}, is_deleted = 0,
             deleted_ymdhis = 0, updated_ymdhis = ${NOW}, properties = ?
           WHERE target_database = ? AND (is_deleted = 1 OR expires_ymdhis < ${NOW})`,
          [
            ...holderValues,
            this.timing.ttlSeconds,
            JSON.stringify({
              ttl_seconds: this.timing.ttlSeconds,
              ...(previous && !previous.released
                ? {
                    took_over_from: `${previous.holder.operator}@${previous.holder.host} pid ${previous.holder.pid} via ${previous.holder.node}`,
                    stale_heartbeat_ymdhis: previous.holder.heartbeatYmdhis,
                  }
                : {}),
            }),
            this.target,
          ],
        );
      }
      await connection.commit();
    } catch (error) {
      await connection.rollback().catch(() => {});
      if (isCertificationFailure(error)) return false;
      throw error;
    }
    // After COMMIT the row says who won (a certified write cannot be silently overwritten).
    const now = await readHolder(connection, this.database, this.target);
    const won = now?.token === this.token;
    if (won && previous && !previous.released && previous.holder.stale) this.tookOverFrom = previous.holder;
    return won;
  }

  private async refusal(connection: PoolConnection): Promise<LupoError> {
    const current = await readHolder(connection, this.database, this.target);
    const h = current?.holder;
    const who = h
      ? `${h.operator} on ${h.host} pid ${h.pid} via Galera node ${h.node || '?'}, since ${formatYmdhis(h.acquiredYmdhis)}, last heartbeat ${formatYmdhis(h.heartbeatYmdhis)}`
      : 'a runner on another node (it won the certified write at the same moment)';
    return new LupoError('apply/locked', `Another runner holds the cluster lease of ${this.target}: ${who}.`, {
      hint: h
        ? `Wait for it to finish. If that runner crashed, its lease expires at ${formatYmdhis(h.expiresYmdhis)} (no heartbeat for ${this.timing.ttlSeconds} s) and can then be taken over.`
        : 'Try again in a moment; only one apply or rollback may run per database across the cluster.',
      details: {
        targetDatabase: this.target,
        holderUser: h?.operator ?? null,
        holderHost: h ? `${h.host} pid ${h.pid}` : null,
        holderNode: h?.node ?? null,
        holderStarted: h ? formatYmdhis(h.acquiredYmdhis) : null,
        holderHeartbeat: h ? formatYmdhis(h.heartbeatYmdhis) : null,
        lockKind: 'cluster-lease',
      },
    });
  }

  private startHeartbeat(): void {
    const beat = async (): Promise<void> => {
      try {
        const [result] = await this.pool.query<ResultSetHeader>(
          `UPDATE ${this.table()} SET heartbeat_ymdhis = ${NOW}, expires_ymdhis = ${EXPIRES}, updated_ymdhis = ${NOW}
           WHERE target_database = ? AND holder_token = ? AND is_deleted = 0`,
          [this.timing.ttlSeconds, this.target, this.token],
        );
        if (result.affectedRows === 0) {
          this.lostReason = 'the lease expired and another runner took it over';
          this.stopHeartbeat();
        }
      } catch {
        // A missed beat (node busy with TOI DDL, connection hiccup): the next one retries.
      }
    };
    this.timer = setInterval(() => void beat(), this.timing.heartbeatMs);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Releases the lease (soft delete). If the node is gone the lease simply expires. */
  async release(): Promise<void> {
    this.stopHeartbeat();
    await this.pool.query(
      `UPDATE ${this.table()} SET is_deleted = 1, deleted_ymdhis = ${NOW}, updated_ymdhis = ${NOW}
       WHERE target_database = ? AND holder_token = ?`,
      [this.target, this.token],
    );
  }
}

/**
 * Creates the lease table only when it is absent: on Galera even a no-op
 * `CREATE TABLE IF NOT EXISTS` is replicated under TOI and aborts the current holder's
 * heartbeat on that table (error 1213), so it must not run on every acquire.
 */
export async function ensureLeaseTable(pool: Pick<Pool, 'query'>, database: string): Promise<void> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [database, LEASE_TABLE],
  );
  if (Number(rows[0]?.n) === 0) await pool.query(leaseTableDdl(database));
}

/** The lease row of `target` (if any): its holder, and whether it is released or stale. */
export async function readHolder(
  db: Pick<Pool, 'query'>,
  database: string,
  target: string,
): Promise<{ token: string; released: boolean; holder: LeaseHolder } | undefined> {
  const [rows] = await db
    .query<RowDataPacket[]>(
      `SELECT lease_id, holder_token, holder_operator, holder_host, holder_pid, holder_node, acquired_ymdhis,
              heartbeat_ymdhis, expires_ymdhis, is_deleted, expires_ymdhis < ${NOW} AS stale
       FROM ${quoteIdentifier(database)}.${quoteIdentifier(LEASE_TABLE)} WHERE target_database = ?`,
      [target],
    )
    .catch((error: { errno?: number }) => {
      if (error.errno === 1146) return [[] as RowDataPacket[]] as const; // no lease table yet
      throw error;
    });
  const r = rows[0];
  if (!r) return undefined;
  return {
    token: String(r.holder_token),
    released: Number(r.is_deleted) === 1,
    holder: {
      leaseId: Number(r.lease_id),
      operator: String(r.holder_operator),
      host: String(r.holder_host),
      pid: Number(r.holder_pid),
      node: String(r.holder_node),
      acquiredYmdhis: Number(r.acquired_ymdhis),
      heartbeatYmdhis: Number(r.heartbeat_ymdhis),
      expiresYmdhis: Number(r.expires_ymdhis),
      stale: Number(r.stale) === 1,
    },
  };
}

import type { RowDataPacket } from 'mysql2/promise';
import type { TopologyInfo } from '../../../shared/contract/topology';

/** Anything that runs a query: a pool, a pool connection, a connection. */
export interface Queryable {
  query<T extends RowDataPacket[]>(sql: string, values?: unknown): Promise<[T, unknown]>;
}

async function rows(db: Queryable, sql: string, values?: unknown[]): Promise<RowDataPacket[]> {
  const [result] = await db.query<RowDataPacket[]>(sql, values);
  return result;
}

/** The first of several spellings present on a row (MariaDB vs MySQL 8 column names). */
function pick(row: RowDataPacket, ...names: string[]): unknown {
  for (const name of names) if (row[name] !== undefined) return row[name];
  return undefined;
}

/** Runs the first statement the server accepts (newer spelling first, then the legacy one). */
async function firstAccepted(db: Queryable, statements: readonly string[]): Promise<RowDataPacket[]> {
  let last: unknown;
  for (const sql of statements) {
    try {
      return await rows(db, sql);
    } catch (error) {
      last = error;
      // 1064: syntax (older server), anything else (privilege) is final.
      if ((error as { errno?: number }).errno !== 1064) throw error;
    }
  }
  throw last;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Detects what `db` talks to (issue 15, point 1): a Galera node (`wsrep_on` and the
 * provider's status), a replica (replication status rows), a primary (reported replica
 * hosts or binlog dump threads), else standalone. Works with MariaDB's and MySQL 8's
 * spellings (SHOW REPLICA STATUS / SHOW SLAVE STATUS, Source_* / Master_* columns,
 * SHOW REPLICAS / SHOW REPLICA HOSTS / SHOW SLAVE HOSTS). What a missing privilege hides
 * is listed in `warnings` rather than failing the connection.
 */
export async function detectTopology(db: Queryable): Promise<TopologyInfo> {
  const warnings: string[] = [];
  const [vars] = await rows(
    db,
    'SELECT @@server_id AS server_id, @@read_only AS read_only, @@super_read_only AS super_read_only',
  ).catch(() => rows(db, 'SELECT @@server_id AS server_id, @@read_only AS read_only'));
  const readOnly = Number(vars?.read_only) === 1 || Number(vars?.super_read_only) === 1;
  const serverId = Number(vars?.server_id ?? 0);

  const galera = await detectGalera(db, warnings).catch((error) => {
    warnings.push(`Galera status unreadable: ${message(error)}`);
    return undefined;
  });

  const replica = await readReplicaStatus(db).catch((error) => {
    warnings.push(`Replication status unreadable (needs REPLICATION CLIENT / SLAVE MONITOR): ${message(error)}`);
    return undefined;
  });

  const replicas = await firstAccepted(db, ['SHOW REPLICAS', 'SHOW REPLICA HOSTS', 'SHOW SLAVE HOSTS'])
    .then((list) =>
      list.map((r) => ({
        serverId: Number(pick(r, 'Server_Id', 'Server_id')),
        host: String(pick(r, 'Host') ?? ''),
        port: Number(pick(r, 'Port') ?? 0),
      })),
    )
    .catch((error) => {
      warnings.push(`Replica hosts unreadable (needs REPLICATION MASTER ADMIN / REPLICATION SLAVE): ${message(error)}`);
      return [];
    });

  const binlogDumps = await rows(
    db,
    "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')",
  )
    .then((r) => Number(r[0]?.n ?? 0))
    .catch(() => 0);

  const kind: TopologyInfo['kind'] = galera
    ? 'galera'
    : replica
      ? 'replica'
      : replicas.length > 0 || binlogDumps > 0
        ? 'primary'
        : 'standalone';
  return {
    kind,
    readOnly,
    serverId,
    ...(galera ? { galera } : {}),
    replicas,
    binlogDumps,
    ...(replica ? { replica } : {}),
    warnings,
  };
}

async function detectGalera(db: Queryable, warnings: string[]): Promise<TopologyInfo['galera']> {
  const on = await rows(
    db,
    "SHOW VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_cluster_name', 'wsrep_node_name', 'wsrep_OSU_method')",
  );
  const v = Object.fromEntries(on.map((r) => [String(r.Variable_name).toLowerCase(), String(r.Value)]));
  if ((v.wsrep_on ?? 'OFF').toUpperCase() !== 'ON') return undefined;
  const status = await rows(
    db,
    "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_cluster_status', 'wsrep_local_state_comment', 'wsrep_incoming_addresses', 'wsrep_ready')",
  );
  const s = Object.fromEntries(status.map((r) => [String(r.Variable_name).toLowerCase(), String(r.Value)]));
  const members = (s.wsrep_incoming_addresses ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a && a !== 'AUTO');
  if (members.length < Number(s.wsrep_cluster_size ?? 0))
    warnings.push(
      'Some Galera members do not publish their SQL address (wsrep_node_incoming_address = AUTO): they cannot be verified after a run.',
    );
  return {
    clusterName: v.wsrep_cluster_name ?? '',
    nodeName: v.wsrep_node_name ?? '',
    clusterSize: Number(s.wsrep_cluster_size ?? 0),
    clusterStatus: s.wsrep_cluster_status ?? 'unknown',
    nodeState: s.wsrep_local_state_comment ?? 'unknown',
    osuMethod: v.wsrep_osu_method ?? 'TOI',
    members,
  };
}

/** The replica's own status, or undefined when it replicates from nobody. */
export async function readReplicaStatus(db: Queryable): Promise<TopologyInfo['replica']> {
  const list = await firstAccepted(db, ['SHOW REPLICA STATUS', 'SHOW SLAVE STATUS']);
  const row = list[0];
  if (!row) return undefined;
  const host = String(pick(row, 'Source_Host', 'Master_Host') ?? '');
  if (!host) return undefined;
  const lag = pick(row, 'Seconds_Behind_Source', 'Seconds_Behind_Master');
  const gtid =
    pick(row, 'Gtid_Slave_Pos') ??
    (await rows(db, 'SELECT @@gtid_slave_pos AS pos')
      .then((r) => r[0]?.pos)
      .catch(() => undefined)) ??
    pick(row, 'Executed_Gtid_Set') ??
    '';
  return {
    primaryHost: host,
    primaryPort: Number(pick(row, 'Source_Port', 'Master_Port') ?? 0),
    ioRunning: String(pick(row, 'Replica_IO_Running', 'Slave_IO_Running')) === 'Yes',
    sqlRunning: String(pick(row, 'Replica_SQL_Running', 'Slave_SQL_Running')) === 'Yes',
    lagSeconds: lag === null || lag === undefined ? null : Number(lag),
    gtidPosition: String(gtid).replace(/\s+/g, ''),
    lastError: String(pick(row, 'Last_IO_Error') || pick(row, 'Last_SQL_Error') || pick(row, 'Last_Error') || ''),
  };
}

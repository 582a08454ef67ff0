import { randomUUID } from 'node:crypto';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { mapConnectionError, type AttemptDescription } from './connection-errors';

/** Everything needed to reach a server (secrets included: this object stays in the main process). */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly socketPath?: string;
  readonly user: string;
  readonly password?: string;
  readonly connectTimeoutMs: number;
  /** Database to select on connect (optional). */
  readonly database?: string;
  /** mysql2 `ssl` options when TLS is on. */
  readonly ssl?: mysql.SslOptions;
  /** A stream factory (SSH tunnel) replacing the TCP socket. */
  readonly stream?: mysql.PoolOptions['stream'];
  /** How to name the endpoint in messages when host:port is a tunnel's local end. */
  readonly endpointLabel?: string;
}

/** An open, verified connection pool to one server. */
export interface Session {
  readonly id: string;
  readonly pool: Pool;
  readonly serverVersion: string;
  readonly flavor: 'mariadb' | 'mysql';
  readonly user: string;
  /** `host:port` or the socket path, for messages. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Human form of where a target points. */
export function describeEndpoint(target: Pick<ConnectionTarget, 'host' | 'port' | 'socketPath'>): string {
  return target.socketPath ? `socket ${target.socketPath}` : `${target.host}:${target.port}`;
}

/** Works out the server family from `SELECT VERSION()`. */
export function flavorOf(version: string): 'mariadb' | 'mysql' {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

/**
 * Opens a pool and proves it works with one round trip, so a wrong password or an
 * unreachable host fails here with a clear message instead of on first use.
 */
export async function openSession(target: ConnectionTarget): Promise<Session> {
  const endpoint = target.endpointLabel ?? describeEndpoint(target);
  const attempt: AttemptDescription = {
    endpoint,
    user: target.user,
    timeoutMs: target.connectTimeoutMs,
    ...(target.database === undefined ? {} : { database: target.database }),
  };
  const pool = mysql.createPool({
    ...(target.socketPath ? { socketPath: target.socketPath } : { host: target.host, port: target.port }),
    user: target.user,
    password: target.password ?? '',
    ...(target.database === undefined ? {} : { database: target.database }),
    ...(target.ssl === undefined ? {} : { ssl: target.ssl }),
    ...(target.stream === undefined ? {} : { stream: target.stream }),
    connectTimeout: target.connectTimeoutMs,
    connectionLimit: 4,
    maxIdle: 4,
    idleTimeout: 60_000,
    enableKeepAlive: true,
    multipleStatements: false,
    // Values as the server sends them: dates, big numbers and JSON as text (a parsed JSON
    // column would lose its spacing, and a JSON `null` would show as SQL NULL).
    dateStrings: true,
    jsonStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'utf8mb4_general_ci',
    // No call-site stack captured per query: errors are mapped by their code, and a stack
    // per query is CPU spent on every one of an apply's thousands of statements.
    trace: false,
  });
  // A pool emits 'error' only for idle connection failures; keep the process alive.
  pool.on('connection', (connection) => connection.on('error', () => {}));
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS version');
    const serverVersion = String(rows[0]?.version ?? '');
    return {
      id: randomUUID(),
      pool,
      serverVersion,
      flavor: flavorOf(serverVersion),
      user: target.user,
      endpoint,
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw mapConnectionError(error, attempt);
  }
}

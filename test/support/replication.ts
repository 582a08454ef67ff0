import { createServer } from 'node:net';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';

/** A MariaDB primary with GTID replicas, all on loopback, started by the tests. */
export interface ReplicationSet {
  readonly primary: LocalServer;
  readonly replicas: readonly LocalServer[];
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const c = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await c.query<RowDataPacket[]>(sql, params);
    return rows;
  } finally {
    await c.end();
  }
}

/**
 * Points a replica at its primary with MariaDB GTID (`MASTER_USE_GTID=slave_pos`) and
 * starts it; resolves when both replication threads run.
 */
export async function startReplicaOf(replica: LocalServer, primary: LocalServer): Promise<void> {
  await query(
    replica.url,
    "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=?, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
    [primary.port],
  );
  await query(replica.url, 'START SLAVE');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [status] = await query(replica.url, 'SHOW SLAVE STATUS');
    if (status?.Slave_IO_Running === 'Yes' && status?.Slave_SQL_Running === 'Yes') return;
    if (Date.now() > deadline) throw new Error(`replica did not start: ${status?.Last_IO_Error ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a primary (binary log, `gtid_domain_id` 0, server_id 1) and `count` read-only
 * replicas (server_id 2…), each reporting its host/port so `SHOW SLAVE HOSTS` lists it.
 */
export async function startReplicationSet(count = 2): Promise<ReplicationSet> {
  const serverArgs = (id: number, port: number): string[] => [
    '--log-bin=mysql-bin',
    '--binlog-format=ROW',
    `--server-id=${id}`,
    '--gtid-domain-id=0',
    '--log-slave-updates',
    '--report-host=127.0.0.1',
    `--report-port=${port}`,
  ];
  const primaryPort = await freePort();
  const primary = await startLocalServer({ port: primaryPort, extraArgs: serverArgs(1, primaryPort) });
  const replicas: LocalServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const replica = await startLocalServer({ port, extraArgs: [...serverArgs(i + 2, port), '--read-only'] });
      replicas.push(replica);
      await startReplicaOf(replica, primary);
    }
  } catch (error) {
    await Promise.all([primary, ...replicas].map((s) => s.destroy()));
    throw error;
  }
  return {
    primary,
    replicas,
    destroy: async () => {
      await Promise.all(replicas.map((r) => r.destroy()));
      await primary.destroy();
    },
  };
}

import { cpus, loadavg } from 'node:os';
import mysql from 'mysql2/promise';
import { workspaceConfigSchema } from '../../shared/workspace-config';
import { fleetFileSchema, type FleetFile } from '../../shared/contract/fleet';
import { openSession } from '../../electron/engine/connection/session';
import { fleetStatus, type OpenTarget } from '../../electron/engine/fleet/fleet-status';
import { mapLimit } from '../../electron/engine/jobs/map-limit';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';

const SERVERS = 20;
const TABLES = 184;
const ROUNDS = 5;
const DB = 'bench_core';

/** One doctrine-style table (~12 columns, 5 indexes), as the introspection bench uses. */
function tableSql(i: number): string {
  const t = `thing_${i}`;
  return `CREATE TABLE ${DB}.${t} (
    ${t}_id BIGINT NOT NULL AUTO_INCREMENT, actor_id BIGINT NOT NULL, parent_id BIGINT NULL,
    title VARCHAR(255) NOT NULL DEFAULT '', slug VARCHAR(191) NOT NULL, body TEXT NULL,
    status ENUM('draft','live','gone') NOT NULL DEFAULT 'draft', score INT NOT NULL DEFAULT 0,
    created_ymdhis BIGINT NOT NULL, updated_ymdhis BIGINT NOT NULL, is_deleted TINYINT(1) NOT NULL DEFAULT 0,
    deleted_ymdhis BIGINT NULL,
    PRIMARY KEY (${t}_id), UNIQUE KEY uq_slug (slug), KEY idx_actor (actor_id, created_ymdhis),
    KEY idx_parent (parent_id), KEY idx_status (status, is_deleted)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Fleet status speed (issue 15): the drift matrix of 20 servers × 184 tables against the
 * same status of one of them, and against the fleet read one target at a time. Parallel
 * introspection (parallelism 8) should keep the fleet under 3× the single target where the
 * servers are separate hosts. Contenders are interleaved (a b, b a, …) like the other benches.
 */
export default async function bench(): Promise<void> {
  const servers: LocalServer[] = await mapLimit(Array.from({ length: SERVERS }), 4, () => startLocalServer());
  try {
    await mapLimit(servers, 4, async (server) => {
      const c = await mysql.createConnection({ uri: server.url, multipleStatements: true });
      await c.query(`CREATE DATABASE ${DB}`);
      await c.query(Array.from({ length: TABLES }, (_, i) => `${tableSql(i)};`).join('\n'));
      await c.end();
    });
    const config = workspaceConfigSchema.parse({ databases: { core: DB } });
    const fleetOf = (list: readonly LocalServer[], parallelism = 8): FleetFile =>
      fleetFileSchema.parse({
        parallelism,
        targets: list.map((s, i) => ({ name: `t${i + 1}`, url: s.url, canary: i === 0 })),
      });
    const open: OpenTarget = (t) => {
      const u = new URL(t.url);
      return openSession({ host: u.hostname, port: Number(u.port), user: 'root', connectTimeoutMs: 10_000 });
    };
    const one = fleetOf(servers.slice(0, 1));
    const all = fleetOf(servers);
    const serial = fleetOf(servers, 1);
    const contenders = [
      () => fleetStatus({ fleet: one, config, open }),
      () => fleetStatus({ fleet: all, config, open }),
      () => fleetStatus({ fleet: serial, config, open }),
    ];
    for (const fn of contenders) await fn();
    const samples: number[][] = [[], [], []];
    for (let i = 0; i < ROUNDS; i++) {
      const order = i % 2 ? [2, 1, 0] : [0, 1, 2];
      for (const k of order) {
        const start = performance.now();
        const status = await contenders[k]!();
        samples[k]!.push(performance.now() - start);
        if (status.tables.length !== TABLES || status.targets.some((t) => t.counts.inSync !== TABLES))
          throw new Error('fleet status did not see every table in sync');
      }
    }
    const [single, fleet, sequential] = samples.map(median) as [number, number, number];
    const ratio = fleet / single;
    process.stdout.write(
      `fleet status, ${TABLES} tables: 1 target ${single.toFixed(0)} ms, ${SERVERS} targets ${fleet.toFixed(0)} ms at parallelism 8, ${sequential.toFixed(0)} ms one at a time (median of ${ROUNDS}); ratio ${ratio.toFixed(2)}× (target < 3×) ${ratio < 3 ? 'OK' : 'SLOW'}; parallel speed-up ${(sequential / fleet).toFixed(2)}×\n`,
    );
    process.stdout.write(
      `  note: here all ${SERVERS} servers and the client share this machine's ${cpus().length} cores (load ${loadavg()[0]!.toFixed(1)}), so the fleet's server work cannot overlap as it does across real hosts.\n`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.destroy()));
  }
}

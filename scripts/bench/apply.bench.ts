/**
 * Apply speed: a 2,000-statement migration (CREATE TABLE IF NOT EXISTS of 2,000
 * doctrine-style tables, ~12 columns, 5 indexes) applied through the orchestrator (lock,
 * ledger, statement journal, progress, verification) versus piped through the `mariadb`
 * client, on fresh databases of one throwaway server in the same run. Target: ≤ 1.2× (issue 16).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { silentSink } from '../../shared/engine-events';
import { workspaceConfigSchema } from '../../shared/workspace-config';
import { readMigrationFile } from '../../electron/engine/migrations/migration-folder';
import { planApply } from '../../electron/engine/orchestrator/apply-plan';
import { validateApply } from '../../electron/engine/orchestrator/apply-validate';
import { executeApply } from '../../electron/engine/orchestrator/apply-execute';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';

const TABLES = 2000;
const ROUNDS = 3;

function table(i: number): string {
  const name = `lupo_bench${i}_records`;
  const pk = `bench${i}_record_id`;
  return `CREATE TABLE IF NOT EXISTS \`${name}\` (
  \`${pk}\` bigint NOT NULL AUTO_INCREMENT,
  \`actor_id\` bigint NOT NULL DEFAULT 0,
  \`record_key\` varchar(64) NOT NULL DEFAULT '',
  \`record_name\` varchar(255) NOT NULL DEFAULT '',
  \`record_status\` varchar(32) NOT NULL DEFAULT 'new',
  \`record_count\` int NOT NULL DEFAULT 0,
  \`record_notes\` text,
  \`sort_order\` int NOT NULL DEFAULT 0,
  \`created_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`updated_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`is_deleted\` tinyint NOT NULL DEFAULT 0,
  \`deleted_ymdhis\` bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (\`${pk}\`),
  UNIQUE KEY \`uq_record_key\` (\`record_key\`),
  KEY \`idx_actor\` (\`actor_id\`),
  KEY \`idx_status\` (\`record_status\`),
  KEY \`idx_created\` (\`created_ymdhis\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
`;
}

function pipeThroughClient(port: number, database: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `mariadb --no-defaults -h 127.0.0.1 -P ${port} -u root ${database} < '${file}'`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mariadb client exited ${code}: ${stderr}`)),
    );
  });
}

/** Pipes the file through the `mariadb` client into a fresh server; returns milliseconds. */
async function timeClient(path: string): Promise<number> {
  const server = await startLocalServer();
  try {
    const c = await mysql.createConnection({ uri: server.url });
    await c.query('CREATE DATABASE bench_client CHARACTER SET utf8mb4');
    await c.end();
    const t0 = performance.now();
    await pipeThroughClient(server.port, 'bench_client', path);
    return performance.now() - t0;
  } finally {
    await server.destroy();
  }
}

/** Applies the file through the orchestrator into a fresh server; returns total and execute-only milliseconds. */
async function timeOurs(path: string): Promise<{ total: number; execute: number }> {
  const server = await startLocalServer();
  const pool = mysql.createPool({ uri: server.url, connectionLimit: 4 });
  try {
    await pool.query('CREATE DATABASE bench_ours CHARACTER SET utf8mb4');
    const t1 = performance.now();
    const file = await readMigrationFile(path);
    const plan = await planApply(pool, { file, targetDatabase: 'bench_ours', ledgerDatabase: 'bench_ledger' });
    const validation = await validateApply(pool, plan, {
      config: workspaceConfigSchema.parse({ tableBudget: { total: 5000 } }),
    });
    const outcome = await executeApply(pool, {
      plan,
      validation,
      confirmation: { typedDatabase: 'bench_ours' },
      sink: silentSink,
      signal: new AbortController().signal,
    });
    const total = performance.now() - t1;
    if (outcome.executed !== TABLES) throw new Error(`expected ${TABLES} statements, ran ${outcome.executed}`);
    return { total, execute: outcome.elapsedMs };
  } finally {
    await pool.end();
    await server.destroy();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Runs the bench: ROUNDS rounds, alternating which side goes first (each on its own fresh
 * server, so neither pays for the other's 2,000 tables or its disk writeback), and prints
 * the medians and the median of the per-round ratios.
 */
export default async function (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-bench-apply-'));
  const path = join(dir, 'V1__bench.sql');
  await writeFile(path, Array.from({ length: TABLES }, (_, i) => table(i + 1)).join('\n'));
  const clients: number[] = [];
  const ours: number[] = [];
  const executes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let client: number;
    let mine: { total: number; execute: number };
    if (round % 2 === 0) {
      client = await timeClient(path);
      mine = await timeOurs(path);
    } else {
      mine = await timeOurs(path);
      client = await timeClient(path);
    }
    clients.push(client);
    ours.push(mine.total);
    executes.push(mine.execute);
    ratios.push(mine.total / client);
  }
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  process.stdout.write(`mariadb client: median ${s(median(clients))} s  [${clients.map(s).join(', ')}]\n`);
  process.stdout.write(
    `lupo apply (plan+validate+lock+journal+progress+verify): median ${s(median(ours))} s  [${ours.map(s).join(', ')}] (execute only: median ${s(median(executes))} s)\n`,
  );
  process.stdout.write(
    `ratio: median ${median(ratios).toFixed(2)}×  [${ratios.map((r) => r.toFixed(2)).join(', ')}] (target ≤ 1.20×)\n`,
  );
}

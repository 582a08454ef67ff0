/**
 * Apply and rollback speed (issue 16 point 4): a 2,000-statement migration (CREATE TABLE IF
 * NOT EXISTS of 2,000 doctrine-style tables, ~12 columns, 5 indexes) applied through the
 * orchestrator (lock, ledger, statement journal, progress, verification) and then rolled
 * back through it (preview with the data-loss guard, generated inverses, the same journal),
 * versus the same statements and the down file (DROP TABLE IF EXISTS, newest first) piped
 * through the `mariadb` client. The generated inverse names 16 tables per DROP statement
 * (rollback.ts TABLES_PER_DROP) where the client's down file names one: the server answers
 * a statement of 16 drops in about 60% of the time of 16 statements, which pays for the
 * data-loss probe that opens every table first (about 0.5 s of server work at 2,000).
 * Each round gives each side its own fresh server; the side that goes first alternates.
 * Target: ours ≤ 1.2× the client for apply and for rollback.
 *
 * Wall times on a shared machine swing by 2× between identical runs, so beside them the
 * bench prints what each side made the server do per statement (InnoDB fsyncs, commits,
 * statements received) and the CPU of our process: those do not depend on the load.
 *
 * `--rounds N` (default 3), `--tables N` (default 2000), `--phases` (also print our time
 * and CPU per phase: plan, validate, execute+verify, planRollback, rollback execute).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { silentSink } from '../../shared/engine-events';
import { workspaceConfigSchema } from '../../shared/workspace-config';
import { readMigrationFile } from '../../electron/engine/migrations/migration-folder';
import { planApply } from '../../electron/engine/orchestrator/apply-plan';
import { validateApply } from '../../electron/engine/orchestrator/apply-validate';
import { executeApply } from '../../electron/engine/orchestrator/apply-execute';
import { executeRollback, planRollback } from '../../electron/engine/orchestrator/rollback';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const TABLES = Number(flag('tables') ?? 2000);
const ROUNDS = Number(flag('rounds') ?? 3);
const PHASES = process.argv.includes('--phases');

const PHASE_NAMES = ['plan', 'validate', 'execute+verify', 'planRollback', 'rollback execute'] as const;
type PhaseName = (typeof PHASE_NAMES)[number];
/** Per phase, one { wall, CPU } in milliseconds per round. */
const phaseCosts = new Map<PhaseName, { ms: number; cpuMs: number }[]>(PHASE_NAMES.map((name) => [name, []]));

/** Runs one phase of ours, recording its wall time and our CPU. */
async function phase<T>(name: PhaseName, work: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  phaseCosts.get(name)!.push({ ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 });
  return result;
}

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

/** What one side made the server do, and how long it took. */
interface Cost {
  readonly ms: number;
  readonly fsyncs: number;
  readonly commits: number;
  readonly statements: number;
  /** CPU of the server process (Linux /proc), and of our process (ours only). */
  readonly serverCpuMs: number;
  readonly ownCpuMs: number;
}

const COUNTERS = ['Innodb_data_fsyncs', 'Handler_commit', 'Questions'] as const;

async function counters(url: string): Promise<Record<(typeof COUNTERS)[number], number>> {
  const c = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await c.query<RowDataPacket[]>('SHOW GLOBAL STATUS WHERE Variable_name IN (?)', [COUNTERS]);
    const read = Object.fromEntries(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
    return {
      Innodb_data_fsyncs: read.Innodb_data_fsyncs ?? 0,
      Handler_commit: read.Handler_commit ?? 0,
      Questions: read.Questions ?? 0,
    };
  } finally {
    await c.end();
  }
}

/** user+system CPU milliseconds of a process, 0 where /proc is missing. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Measures `work` on `server`: wall time, the server's counters and CPU, our own CPU. */
async function measure(server: LocalServer, work: () => Promise<void>): Promise<Cost> {
  const before = await counters(server.url);
  const serverCpu = processCpuMs(server.pid());
  const ownCpu = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const own = process.cpuUsage(ownCpu);
  const serverCpuMs = processCpuMs(server.pid()) - serverCpu;
  const after = await counters(server.url);
  return {
    ms,
    fsyncs: after.Innodb_data_fsyncs - before.Innodb_data_fsyncs,
    commits: after.Handler_commit - before.Handler_commit,
    // Less the SHOW GLOBAL STATUS that read the counters.
    statements: after.Questions - before.Questions - 1,
    serverCpuMs,
    ownCpuMs: (own.user + own.system) / 1000,
  };
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

/** The client pipes the up file, then the down file, into a fresh server. */
async function runClient(up: string, down: string): Promise<{ apply: Cost; rollback: Cost }> {
  const server = await startLocalServer();
  try {
    const c = await mysql.createConnection({ uri: server.url });
    await c.query('CREATE DATABASE bench_client CHARACTER SET utf8mb4');
    await c.end();
    const apply = await measure(server, () => pipeThroughClient(server.port, 'bench_client', up));
    // The client has no CPU of ours to report (its own is a separate process).
    const rollback = await measure(server, () => pipeThroughClient(server.port, 'bench_client', down));
    return { apply: { ...apply, ownCpuMs: 0 }, rollback: { ...rollback, ownCpuMs: 0 } };
  } finally {
    await server.destroy();
  }
}

async function applyOurs(pool: Pool, path: string): Promise<void> {
  const file = await readMigrationFile(path);
  const plan = await phase('plan', () =>
    planApply(pool, { file, targetDatabase: 'bench_ours', ledgerDatabase: 'bench_ledger' }),
  );
  const validation = await phase('validate', () =>
    validateApply(pool, plan, { config: workspaceConfigSchema.parse({ tableBudget: { total: TABLES + 1000 } }) }),
  );
  const outcome = await phase('execute+verify', () =>
    executeApply(pool, {
      plan,
      validation,
      confirmation: { typedDatabase: 'bench_ours' },
      sink: silentSink,
      signal: new AbortController().signal,
    }),
  );
  if (outcome.executed !== TABLES) throw new Error(`apply: expected ${TABLES} statements, ran ${outcome.executed}`);
}

async function rollbackOurs(pool: Pool, dir: string): Promise<void> {
  const plan = await phase('planRollback', () =>
    planRollback(pool, {
      ledgerDatabase: 'bench_ledger',
      selector: { last: true, targetDatabase: 'bench_ours' },
      cwd: dir,
      // As `lupo rollback --last --yes` plans it: the rows are probed once, by executeRollback.
      probeRows: false,
    }),
  );
  const outcome = await phase('rollback execute', () =>
    executeRollback(pool, plan, {
      confirmation: { typedDatabase: 'bench_ours' },
      backupDir: join(dir, 'backups'),
      sink: silentSink,
      signal: new AbortController().signal,
    }),
  );
  // The generated inverse drops TABLES_PER_DROP tables to a statement (the client's down file: one).
  const dropped = outcome.drops.length;
  if (outcome.executed !== plan.steps.length || dropped !== TABLES)
    throw new Error(
      `rollback: expected ${TABLES} tables dropped, dropped ${dropped} in ${outcome.executed} statements`,
    );
  const [[left]] = await pool.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'bench_ours'",
  );
  if (Number(left!.n) !== 0) throw new Error(`rollback: ${left!.n} tables left in bench_ours`);
}

/** The orchestrator applies the file, then rolls the batch back (generated inverses), on a fresh server. */
async function runOurs(up: string, dir: string): Promise<{ apply: Cost; rollback: Cost }> {
  const server = await startLocalServer();
  // The app's pool options that matter for cost (connection/session.ts).
  const pool = mysql.createPool({ uri: server.url, connectionLimit: 4, trace: false });
  try {
    await pool.query('CREATE DATABASE bench_ours CHARACTER SET utf8mb4');
    const apply = await measure(server, () => applyOurs(pool, up));
    const rollback = await measure(server, () => rollbackOurs(pool, dir));
    return { apply, rollback };
  } finally {
    await pool.end();
    await server.destroy();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const s = (ms: number): string => (ms / 1000).toFixed(2);

function report(what: string, client: readonly Cost[], ours: readonly Cost[]): void {
  const ratios = ours.map((o, i) => o.ms / client[i]!.ms);
  const per = (costs: readonly Cost[], key: 'fsyncs' | 'commits' | 'statements'): string =>
    (median(costs.map((c) => c[key])) / TABLES).toFixed(2);
  const out = [
    `${what}: mariadb client median ${s(median(client.map((c) => c.ms)))} s [${client.map((c) => s(c.ms)).join(', ')}]`,
    `${what}: lupo           median ${s(median(ours.map((c) => c.ms)))} s [${ours.map((c) => s(c.ms)).join(', ')}]`,
    `${what}: ratio median ${median(ratios).toFixed(2)}× [${ratios.map((r) => r.toFixed(2)).join(', ')}] (target ≤ 1.20×)`,
    `${what}: per statement, client vs lupo: fsyncs ${per(client, 'fsyncs')} vs ${per(ours, 'fsyncs')}, commits ${per(client, 'commits')} vs ${per(ours, 'commits')}, statements ${per(client, 'statements')} vs ${per(ours, 'statements')}`,
    `${what}: CPU medians: server ${s(median(client.map((c) => c.serverCpuMs)))} s vs ${s(median(ours.map((c) => c.serverCpuMs)))} s; lupo process ${s(median(ours.map((c) => c.ownCpuMs)))} s`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

/**
 * Runs the bench: ROUNDS rounds, alternating which side goes first (each on its own fresh
 * server, so neither pays for the other's tables or its disk writeback), and prints the
 * medians, the median of the per-round ratios and the load-independent server work.
 */
export default async function (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-bench-apply-'));
  const up = join(dir, 'V1__bench.sql');
  const down = join(dir, 'down-for-client.sql');
  await writeFile(up, Array.from({ length: TABLES }, (_, i) => table(i + 1)).join('\n'));
  await writeFile(
    down,
    Array.from({ length: TABLES }, (_, i) => `DROP TABLE IF EXISTS \`lupo_bench${TABLES - i}_records\`;\n`).join(''),
  );
  const client: Array<{ apply: Cost; rollback: Cost }> = [];
  const ours: Array<{ apply: Cost; rollback: Cost }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      client.push(await runClient(up, down));
      ours.push(await runOurs(up, dir));
    } else {
      ours.push(await runOurs(up, dir));
      client.push(await runClient(up, down));
    }
    const c = client[round]!;
    const o = ours[round]!;
    process.stdout.write(
      `round ${round + 1}: apply ${s(c.apply.ms)} s client / ${s(o.apply.ms)} s lupo, rollback ${s(c.rollback.ms)} s client / ${s(o.rollback.ms)} s lupo\n`,
    );
  }
  process.stdout.write(`${TABLES} statements, ${ROUNDS} round(s), fresh server per side per round\n`);
  report(
    'apply',
    client.map((r) => r.apply),
    ours.map((r) => r.apply),
  );
  report(
    'rollback',
    client.map((r) => r.rollback),
    ours.map((r) => r.rollback),
  );
  if (PHASES) {
    for (const [name, costs] of phaseCosts) {
      process.stdout.write(
        `phase ${name}: lupo median ${s(median(costs.map((c) => c.ms)))} s wall, ${s(median(costs.map((c) => c.cpuMs)))} s CPU [${costs.map((c) => s(c.cpuMs)).join(', ')}]\n`,
      );
    }
  }
}

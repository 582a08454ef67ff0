import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { openSession } from '../../electron/engine/connection/session';
import { introspectDatabase } from '../../electron/engine/introspect/index';
import { FLOOR_SQL } from '../../electron/engine/introspect/queries';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';

const run = promisify(execFile);
const TABLES = 2000;
const ROUNDS = 5;
const DB = 'bench_core';

/** One doctrine-style table: ~12 columns, primary key + 4 secondary indexes. */
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
 * Runs each contender once unmeasured (JIT, pool connections, server caches), then ROUNDS
 * measured rounds interleaved, the order reversed every other round (a b, b a, a b, …), so
 * that load from other processes on the machine falls on every contender alike instead of
 * on whichever happened to run during a spike.
 */
async function timeInterleaved(contenders: readonly (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const fn of contenders) await fn();
  const samples = contenders.map((): number[] => []);
  for (let i = 0; i < ROUNDS; i++) {
    const order = [...contenders.keys()];
    if (i % 2 === 1) order.reverse();
    for (const k of order) {
      const start = performance.now();
      await contenders[k]?.();
      samples[k]?.push(performance.now() - start);
    }
  }
  return samples;
}

/**
 * Introspection speed: our full introspection of 2,000 doctrine-style tables against
 * `mariadb-dump --no-data` and against the floor (the bare information_schema queries for
 * tables, columns and statistics through mysql2, no processing). Targets: ≤ 1/10 of the
 * dump and ≤ 1.5× the floor. Prints medians of 5 interleaved rounds (after one warm-up
 * round each), both ratios and peak RSS.
 */
export default async function (): Promise<void> {
  // Own tmpdir: information_schema queries spill Aria temp tables there, and a shared /tmp
  // cleaned by other processes made the server lose them mid-query.
  const base = await mkdtemp(join(tmpdir(), 'lupo-bench-'));
  await mkdir(join(base, 'tmp'));
  const server = await startLocalServer({ baseDir: base, extraArgs: [`--tmpdir=${join(base, 'tmp')}`] });
  try {
    const setupStart = performance.now();
    const admin = await mysql.createConnection({ uri: server.url });
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.end();
    const creators = await Promise.all(
      [0, 1, 2, 3].map(() => mysql.createConnection({ uri: server.url, multipleStatements: true })),
    );
    await Promise.all(
      creators.map(async (c, worker) => {
        for (let start = worker * 50; start < TABLES; start += 200) {
          const batch: string[] = [];
          for (let i = start; i < Math.min(start + 50, TABLES); i++) batch.push(tableSql(i));
          await c.query(batch.join(';\n'));
        }
        await c.end();
      }),
    );
    console.log(`created ${TABLES} tables in ${(performance.now() - setupStart).toFixed(0)} ms`);

    const session = await openSession({ host: server.host, port: server.port, user: 'root', connectTimeoutMs: 10_000 });
    let tables = 0;
    const [ours = [], floor = []] = await timeInterleaved([
      async () => {
        tables = (await introspectDatabase(session, 'core', DB)).tables.length;
      },
      // The floor: the same bare tables/columns/statistics queries on the same warm pool,
      // rows as mysql2 returns them, nothing else.
      () => Promise.all(FLOOR_SQL.map((sql) => session.pool.query<RowDataPacket[]>(sql, [DB]))),
    ]);
    if (tables !== TABLES) throw new Error(`introspection saw ${tables} tables, expected ${TABLES}`);
    const dumpBinary = 'mariadb-dump';
    const [dump = []] = await timeInterleaved([
      () =>
        run(dumpBinary, ['--no-defaults', '--no-data', `--socket=${server.socketPath}`, '-uroot', DB], {
          maxBuffer: 512 * 1024 * 1024,
        }).catch((error: { stderr?: string }) => {
          throw new Error(`${dumpBinary} failed: ${error.stderr ?? String(error)}`);
        }),
    ]);
    await session.close();
    const m = { ours: median(ours), floor: median(floor), dump: median(dump) };
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`introspection (ours): median ${m.ours.toFixed(1)} ms  [${ours.map((v) => v.toFixed(0)).join(', ')}]`);
    console.log(
      `information_schema floor: median ${m.floor.toFixed(1)} ms  [${floor.map((v) => v.toFixed(0)).join(', ')}]`,
    );
    console.log(
      `${dumpBinary} --no-data: median ${m.dump.toFixed(1)} ms  [${dump.map((v) => v.toFixed(0)).join(', ')}]`,
    );
    console.log(
      `ours/dump = ${(m.ours / m.dump).toFixed(3)} (target ≤ 0.100)   ours/floor = ${(m.ours / m.floor).toFixed(2)} (target ≤ 1.50)`,
    );
    console.log(`peak RSS: ${rssMb.toFixed(0)} MB`);
  } finally {
    await server.destroy();
  }
}

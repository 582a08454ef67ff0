import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RowDataPacket } from 'mysql2/promise';
import { createDoctrineTables, median, timeInterleaved } from './doctrine-tables';
import { openSession } from '../../electron/engine/connection/session';
import { introspectDatabase } from '../../electron/engine/introspect/index';
import { FLOOR_SQL } from '../../electron/engine/introspect/queries';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';

const run = promisify(execFile);
const TABLES = 2000;
const ROUNDS = 5;
const DB = 'bench_core';

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
    await createDoctrineTables(server.url, DB, TABLES);
    console.log(`created ${TABLES} tables in ${(performance.now() - setupStart).toFixed(0)} ms`);

    const session = await openSession({ host: server.host, port: server.port, user: 'root', connectTimeoutMs: 10_000 });
    let tables = 0;
    const [ours = [], floor = []] = await timeInterleaved(
      [
        async () => {
          tables = (await introspectDatabase(session, 'core', DB)).tables.length;
        },
        // The floor: the same bare tables/columns/statistics queries on the same warm pool,
        // rows as mysql2 returns them, nothing else.
        () => Promise.all(FLOOR_SQL.map((sql) => session.pool.query<RowDataPacket[]>(sql, [DB]))),
      ],
      ROUNDS,
    );
    if (tables !== TABLES) throw new Error(`introspection saw ${tables} tables, expected ${TABLES}`);
    const dumpBinary = 'mariadb-dump';
    const [dump = []] = await timeInterleaved(
      [
        () =>
          run(dumpBinary, ['--no-defaults', '--no-data', `--socket=${server.socketPath}`, '-uroot', DB], {
            maxBuffer: 512 * 1024 * 1024,
          }).catch((error: { stderr?: string }) => {
            throw new Error(`${dumpBinary} failed: ${error.stderr ?? String(error)}`);
          }),
      ],
      ROUNDS,
    );
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

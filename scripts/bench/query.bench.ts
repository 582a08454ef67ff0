/**
 * `lupo query` speed and memory: 1,000,000 rows × 10 columns written as CSV to a file by
 * `lupo query --format csv` versus `mariadb --batch` (TSV) writing the same rows to a
 * file, on one throwaway server in the same run, in interleaved rounds (`--rounds N`,
 * default 3; the side that goes first alternates). Targets: ≤ 1.5× the client's wall time
 * (median of the per-round ratios), peak RSS of the lupo process < 200 MB (bounded memory:
 * rows stream page by page). CPU time (user+sys) of each client process is reported too:
 * it does not grow when other work competes for the cores.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';

const ROWS = 1_000_000;
const root = resolve(import.meta.dirname, '../..');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}

/** Runs a shell command under GNU time: wall milliseconds, CPU (user+sys) milliseconds, peak RSS in MB. */
function timed(command: string): Promise<Timing> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', 'sh', '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: root,
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const [kb, user, sys] = (stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
      if (code !== 0 || !Number.isFinite(kb) || !Number.isFinite(user) || !Number.isFinite(sys))
        fail(new Error(`${command} exited ${code}: ${stderr}`));
      else done({ ms, cpuMs: (user! + sys!) * 1000, rssMb: kb! / 1024 });
    });
  });
}

export default async function bench(): Promise<void> {
  const server = await startLocalServer();
  const dir = await mkdtemp(join(tmpdir(), 'lupo-query-bench-'));
  try {
    const c = await mysql.createConnection({ uri: server.url });
    await c.query('CREATE DATABASE bench_q');
    await c.query(
      `CREATE TABLE bench_q.wide (wide_id BIGINT PRIMARY KEY, actor_id BIGINT NOT NULL, label VARCHAR(40) NOT NULL,
        amount DECIMAL(12,2) NOT NULL, ratio DOUBLE NOT NULL, note VARCHAR(80) NULL, created_ymdhis BIGINT NOT NULL,
        status VARCHAR(16) NOT NULL, counter INT NOT NULL, is_deleted TINYINT NOT NULL)`,
    );
    await c.query(
      `INSERT INTO bench_q.wide SELECT seq, seq % 977, CONCAT('label-', seq), seq / 7, seq / 13, IF(seq % 5 = 0, NULL, CONCAT('note "', seq, '", x')),
        20260101000000 + seq, ELT(1 + seq % 3, 'new', 'open', 'done'), seq % 1000, seq % 10 = 0 FROM bench_q.seq_1_to_${ROWS}`,
    );
    await c.end();
    const sql = 'SELECT * FROM wide';
    const clientOut = join(dir, 'client.tsv');
    const lupoOut = join(dir, 'lupo.csv');
    const runClient = (): Promise<Timing> =>
      timed(
        `mariadb --no-defaults --batch -h 127.0.0.1 -P ${server.port} -u root bench_q -e '${sql}' > '${clientOut}'`,
      );
    const runLupo = (): Promise<Timing> =>
      timed(
        `node bin/lupo.mjs query '${sql}' --format csv --url 'mysql://root@127.0.0.1:${server.port}' --core-db bench_q > '${lupoOut}'`,
      );
    const rounds = Number(flag('rounds') ?? 3);
    const ratios: number[] = [];
    let peakRss = 0;
    for (let round = 1; round <= rounds; round++) {
      let client: Timing;
      let lupo: Timing;
      if (round % 2 === 1) {
        client = await runClient();
        lupo = await runLupo();
      } else {
        lupo = await runLupo();
        client = await runClient();
      }
      ratios.push(lupo.ms / client.ms);
      peakRss = Math.max(peakRss, lupo.rssMb);
      process.stdout.write(
        `round ${round}: mariadb --batch ${client.ms.toFixed(0)} ms (CPU ${client.cpuMs.toFixed(0)} ms, RSS ${client.rssMb.toFixed(0)} MB); ` +
          `lupo query csv ${lupo.ms.toFixed(0)} ms (CPU ${lupo.cpuMs.toFixed(0)} ms, RSS ${lupo.rssMb.toFixed(0)} MB); ` +
          `ratio ${(lupo.ms / client.ms).toFixed(2)}×\n`,
      );
    }
    const [a, b] = [await stat(clientOut), await stat(lupoOut)];
    const median = [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]!;
    process.stdout.write(
      `output: mariadb ${(a.size / 1e6).toFixed(1)} MB TSV, lupo ${(b.size / 1e6).toFixed(1)} MB CSV\n` +
        `median ratio ${median.toFixed(2)}× (target ≤ 1.5×), peak RSS ${peakRss.toFixed(0)} MB (${peakRss < 200 ? 'within' : 'OVER'} 200 MB)\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await server.destroy();
  }
}

/**
 * SQL reader bench: generates two mysqldump-style files of the same shape (tables +
 * multi-row INSERTs), ~50 MB and ~200 MB, and reads each with readSqlFile in its own child
 * process, printing MB/s, the peak RSS growth over that process's baseline (sampled every
 * 5 ms, after a gc) and the heap still live after the read. Bounded memory means the growth
 * does not scale with the file size: the reader keeps only the unfinished statement and the
 * model, never INSERT text. The children run with a V8 old space of HEAP_CAP_MB, far below
 * the file sizes: a reader that held the file would die of it; without a cap V8 just lets
 * garbage pile up longer in a longer run, which hides what the reader actually keeps.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { workspaceConfigSchema } from '../../shared/workspace-config';
import { readSqlFile } from '../../electron/engine/sqlfile/index';

const SIZES_MB = [50, 200];
const CHILD_FLAG = '--sql-reader-child';
const HEAP_CAP_MB = 32;
const MB = 1024 * 1024;

async function generate(file: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let written = 0;
  const write = async (text: string): Promise<void> => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('/*!40101 SET NAMES utf8mb4 */;\nUSE `bench_core`;\n');
  for (let t = 0; written < targetBytes; t++) {
    await write(
      `CREATE TABLE \`bench_${t}\` (\n  \`bench_${t}_id\` bigint NOT NULL AUTO_INCREMENT,\n  \`name\` varchar(255) NOT NULL,\n  \`note\` text,\n  \`created_ymdhis\` bigint NOT NULL,\n  PRIMARY KEY (\`bench_${t}_id\`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n`,
    );
    for (let batch = 0; batch < 20 && written < targetBytes; batch++) {
      const rows: string[] = [];
      for (let r = 0; r < 500; r++)
        rows.push(
          `(${batch * 500 + r},'row ${r}; it''s \\'quoted\\'','note -- not a comment /* nor this */',20260101000000)`,
        );
      await write(`INSERT INTO \`bench_${t}\` VALUES ${rows.join(',')};\n`);
    }
  }
  out.end();
  await once(out, 'finish');
  return written;
}

/** What one child process reports about reading one file. */
interface ChildReport {
  readonly seconds: number;
  readonly statements: number;
  readonly createTables: number;
  readonly baselineRss: number;
  readonly peakRss: number;
  readonly peakHeap: number;
  /** Heap used after a gc once the read is done (the model and nothing else). */
  readonly liveHeap: number;
  /** Peak of the heap still live after a forced gc every 50 ms, during a second read. */
  readonly peakLiveHeap: number;
}

/** Child side: gc, note the baseline RSS, read the file while sampling RSS, report as JSON. */
async function child(file: string): Promise<void> {
  const config = workspaceConfigSchema.parse({});
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const start = performance.now();
  const result = await readSqlFile(file, config);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  sample();
  gc?.();
  const liveHeap = process.memoryUsage().heapUsed;
  // Second, untimed pass: what the reader really keeps while it runs, free of GC laziness.
  let peakLiveHeap = 0;
  const probe = setInterval(() => {
    gc?.();
    peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
  }, 50);
  await readSqlFile(file, config);
  clearInterval(probe);
  const report: ChildReport = {
    seconds,
    statements: result.statements,
    createTables: result.createTableCount,
    baselineRss,
    peakRss,
    peakHeap,
    liveHeap,
    peakLiveHeap,
  };
  process.stdout.write(JSON.stringify(report));
}

/** Runs `child(file)` in a fresh process (this one's loader flags, --expose-gc, the heap cap). */
async function inChild(file: string): Promise<ChildReport> {
  const self = fileURLToPath(import.meta.url);
  const proc = spawn(
    process.execPath,
    [...process.execArgv, '--expose-gc', `--max-old-space-size=${HEAP_CAP_MB}`, self, CHILD_FLAG, file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  const [code] = (await once(proc, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`sql-reader child exited with ${String(code)}`);
  return JSON.parse(out) as ChildReport;
}

/** MB/s of a plain streamed read of the file (the speed ceiling), in this process. */
async function plainRead(file: string): Promise<number> {
  const start = performance.now();
  let n = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
    n += (chunk as string).length;
  if (n < 0) throw new Error('unreachable');
  return (performance.now() - start) / 1000;
}

/** Runs the bench; see the module comment. */
export default async function (): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lupo-bench-sql-'));
  try {
    const growths: number[] = [];
    const lives: number[] = [];
    for (const size of SIZES_MB) {
      const file = path.join(dir, `dump-${size}.sql`);
      await generate(file, size * MB);
      const mb = (await stat(file)).size / MB;
      const plain = await plainRead(file);
      const r = await inChild(file);
      await rm(file, { force: true });
      const growth = (r.peakRss - r.baselineRss) / MB;
      growths.push(growth);
      lives.push(r.peakLiveHeap / MB);
      console.log(
        `${mb.toFixed(1)} MB file: ${r.statements} statements, ${r.createTables} CREATE TABLE; ` +
          `readSqlFile ${(mb / r.seconds).toFixed(1)} MB/s (plain read ${(mb / plain).toFixed(1)} MB/s); ` +
          `RSS baseline ${(r.baselineRss / MB).toFixed(0)} MB, peak ${(r.peakRss / MB).toFixed(0)} MB, ` +
          `growth ${growth.toFixed(1)} MB; heap peak ${(r.peakHeap / MB).toFixed(0)} MB; live heap (after gc) peak ` +
          `${(r.peakLiveHeap / MB).toFixed(1)} MB, at the end ${(r.liveHeap / MB).toFixed(1)} MB`,
      );
    }
    const ratio = (v: readonly number[]): string => ((v[1] ?? 0) / Math.max(v[0] ?? 0, 1)).toFixed(2);
    console.log(
      `${SIZES_MB[0]} MB → ${SIZES_MB[1]} MB file (×${(SIZES_MB[1]! / SIZES_MB[0]!).toFixed(0)}): ` +
        `live heap peak ${lives.map((v) => v.toFixed(1)).join(' → ')} MB (×${ratio(lives)}), ` +
        `RSS growth ${growths.map((v) => v.toFixed(1)).join(' → ')} MB (×${ratio(growths)}, old space capped at ` +
        `${HEAP_CAP_MB} MB); bounded when the live heap stays ≈ ×1`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG && process.argv[3] !== undefined) {
  await child(process.argv[3]);
}

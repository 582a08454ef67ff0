/**
 * SQL reader bench: generates a ~200 MB mysqldump-style file (tables + multi-row INSERTs),
 * measures a plain read of the file as the baseline, then readSqlFile over it, and prints
 * MB/s, the ratio to the baseline and peak RSS (sampled) — proof the reader streams.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { workspaceConfigSchema } from '../../shared/workspace-config';
import { readSqlFile } from '../../electron/engine/sqlfile/index';

const TARGET_BYTES = 200 * 1024 * 1024;

async function generate(file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let written = 0;
  const write = async (text: string): Promise<void> => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('/*!40101 SET NAMES utf8mb4 */;\nUSE `bench_core`;\n');
  for (let t = 0; written < TARGET_BYTES; t++) {
    await write(
      `CREATE TABLE \`bench_${t}\` (\n  \`bench_${t}_id\` bigint NOT NULL AUTO_INCREMENT,\n  \`name\` varchar(255) NOT NULL,\n  \`note\` text,\n  \`created_ymdhis\` bigint NOT NULL,\n  PRIMARY KEY (\`bench_${t}_id\`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n`,
    );
    for (let batch = 0; batch < 20 && written < TARGET_BYTES; batch++) {
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

async function measure<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const start = performance.now();
  try {
    const result = await run();
    return {
      result,
      seconds: (performance.now() - start) / 1000,
      peakRss: Math.max(peakRss, process.memoryUsage().rss),
    };
  } finally {
    clearInterval(timer);
  }
}

/** Runs the bench; see the module comment. */
export default async function (): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lupo-bench-sql-'));
  try {
    const file = path.join(dir, 'dump.sql');
    await generate(file);
    const mb = (await stat(file)).size / (1024 * 1024);
    const baseline = await measure(async () => {
      let n = 0;
      for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
        n += (chunk as string).length;
      return n;
    });
    const reader = await measure(() => readSqlFile(file, workspaceConfigSchema.parse({})));
    const mbps = (s: number): string => (mb / s).toFixed(1);
    console.log(
      `file: ${mb.toFixed(1)} MB, ${reader.result.statements} statements, ${reader.result.createTableCount} CREATE TABLE`,
    );
    console.log(`baseline (plain read): ${mbps(baseline.seconds)} MB/s`);
    console.log(
      `readSqlFile: ${mbps(reader.seconds)} MB/s (${(baseline.seconds / reader.seconds).toFixed(2)}x of plain read)`,
    );
    console.log(`peak RSS: ${(reader.peakRss / (1024 * 1024)).toFixed(0)} MB (file is ${mb.toFixed(0)} MB)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

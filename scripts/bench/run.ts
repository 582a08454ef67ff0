/**
 * `npm run bench [-- NAME…] [--sizes 200,1000,5000,10000]`: runs every `*.bench.ts` in this folder (or those named),
 * one after another so they do not compete for the 2 cores. Each bench measures its
 * baseline in the same run and prints ratios; speed targets live here, not in tests.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Bench names; `--flag value` pairs (--sizes, --rounds, --max-ratio) are read by the benches themselves.
const wanted = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.includes(basename(file, '.bench.ts')))
  .sort();

if (benches.length === 0) {
  process.stderr.write(`No bench matched ${wanted.join(', ')}.\n`);
  process.exit(2);
}

let failed = false;
for (const file of benches) {
  process.stdout.write(`\n=== ${basename(file, '.bench.ts')} ===\n`);
  try {
    const bench = (await import(pathToFileURL(`${here}/${file}`).href)) as { default: () => Promise<void> };
    await bench.default();
  } catch (error) {
    failed = true;
    process.stderr.write(
      `bench ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}
process.exit(failed ? 1 : 0);

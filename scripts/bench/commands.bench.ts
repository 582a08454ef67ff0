/**
 * The scale curve: each `lupo` command on synthetic workspaces of --sizes tables (default
 * the whole curve, 200,1000,5000,10000) against its floor, a plain mysql2/fs
 * script doing the same reading and comparison (floors/floor.mjs). Ours runs as the user
 * runs it: `node bin/lupo.mjs` from the bundle (built first). Ours and the floor alternate
 * (a b, b a, …) so load from other processes falls on both; prints medians, the ratio and
 * each side's peak RSS, with wall-clock and CPU (user + system) medians side by side: on a
 * shared machine the CPU ratio is the steadier one. With --max-ratio R the bench fails when both ratios exceed R (CI's
 * smoke run uses 3, see .ci/run: a gross regression, never an absolute time).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';
import { createLiveSchema, tableCacheArgs, writeWorkspace } from './schema-fixture';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const lupo = join(root, 'bin', 'lupo.mjs');
const floor = join(root, 'scripts', 'bench', 'floors', 'floor.mjs');
const probe = pathToFileURL(join(root, 'scripts', 'bench', 'floors', 'rss-probe.mjs')).href;

/** `--name value` from the bench's command line. */
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssKb: number;
}

/** Runs `node args…` in `cwd`, timing it and reading its peak RSS; throws on exit codes above `okExit`. */
async function timeNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, okExit: number): Promise<Sample> {
  const rssFile = join(tmpdir(), `lupo-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, NODE_OPTIONS: `--import=${probe}`, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (exit) => {
      if ((exit ?? 99) > okExit) fail(new Error(`node ${args.join(' ')} exited ${exit}: ${stderr.slice(-2000)}`));
      else done(exit ?? 0);
    });
  });
  const ms = performance.now() - start;
  const [rssKb = 0, cpuMs = 0] = (await readFile(rssFile, 'utf8').catch(() => '0 0')).split(' ').map(Number);
  await rm(rssFile, { force: true });
  void code;
  return { ms, cpuMs, rssKb };
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** One row of the curve: our command line and the floor's. */
interface Command {
  readonly name: string;
  readonly ours: (out: string) => string[];
  readonly floor: (ws: string, url: string, out: string) => string[];
  /** Highest exit code that is not a failure (1 = "found drift/findings"). */
  readonly okExit: number;
}

const COMMANDS: readonly Command[] = [
  { name: 'inspect', ours: () => ['inspect', '--db', '--json'], floor: (ws, url) => ['inspect', ws, url], okExit: 0 },
  { name: 'diff', ours: () => ['diff', '--db'], floor: (ws, url) => ['diff', ws, url], okExit: 1 },
  { name: 'lint', ours: () => ['lint', '--db'], floor: (ws, url) => ['lint', ws, url], okExit: 1 },
  {
    name: 'report',
    ours: (out) => ['report', '--db', '--format', 'md', '--out', out],
    floor: (ws, url, out) => ['report', ws, url, out],
    okExit: 1,
  },
  {
    name: 'plan',
    ours: (out) => ['plan', '--db', '--force', '--out', out],
    floor: (ws, url, out) => ['plan', ws, url, out],
    okExit: 1,
  },
];

function row(cells: readonly (string | number)[]): string {
  const widths = [8, 9, 9, 7, 10, 10, 8, 8, 9, 9];
  return cells.map((cell, i) => String(cell).padStart(widths[i] ?? 10)).join(' ');
}

export default async function (): Promise<void> {
  const sizes = (flag('sizes') ?? '200,1000,5000,10000').split(',').map(Number);
  const maxRatio = flag('max-ratio') ? Number(flag('max-ratio')) : undefined;
  const build = await new Promise<number | null>((done) =>
    spawn(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' }).on('exit', done),
  );
  if (build !== 0) throw new Error('the CLI bundle did not build');
  const base = await mkdtemp(join(tmpdir(), 'lupo-bench-curve-'));
  await mkdir(join(base, 'tmp'));
  const server = await startLocalServer({
    baseDir: base,
    extraArgs: [`--tmpdir=${join(base, 'tmp')}`, ...tableCacheArgs()],
  });
  const failures: string[] = [];
  try {
    // Start-up alone: `lupo --version` against node printing a version.
    const env = { ...process.env, LUPO_URL: server.url };
    const versions = { ours: [] as number[], floor: [] as number[] };
    for (let i = 0; i < 5; i++) {
      versions.ours.push((await timeNode([lupo, '--version'], base, env, 0)).ms);
      versions.floor.push((await timeNode(['-e', 'console.log("0.0.0")'], base, env, 0)).ms);
    }
    console.log(
      `lupo --version: median ${median(versions.ours).toFixed(0)} ms (node alone ${median(versions.floor).toFixed(0)} ms in the same run; target ≤ 150 ms)`,
    );
    for (const size of sizes) {
      const rounds = Number(flag('rounds') ?? (size <= 1000 ? 3 : 1));
      const ws = join(base, `ws-${size}`);
      const setup = performance.now();
      await writeWorkspace(ws, size);
      await createLiveSchema(server.url, size);
      console.log(
        `\n${size} tables (workspace + live schema in ${((performance.now() - setup) / 1000).toFixed(1)} s), ${rounds} round(s)`,
      );
      console.log(
        row([
          'command',
          'ours ms',
          'floor ms',
          'ratio',
          'ours cpu',
          'floor cpu',
          'ratio',
          'target',
          'ours MB',
          'floor MB',
        ]),
      );
      for (const command of COMMANDS) {
        const ours: Sample[] = [];
        const floors: Sample[] = [];
        const out = join(ws, `out-${command.name}`);
        for (let i = 0; i < rounds; i++) {
          const runOurs = async () =>
            ours.push(await timeNode([lupo, ...command.ours(`${out}.ours`)], ws, env, command.okExit));
          const runFloor = async () =>
            floors.push(await timeNode([floor, ...command.floor(ws, server.url, `${out}.floor`)], ws, env, 0));
          if (i % 2 === 0) await runOurs().then(runFloor);
          else await runFloor().then(runOurs);
        }
        const m = { ours: median(ours.map((s) => s.ms)), floor: median(floors.map((s) => s.ms)) };
        const cpu = { ours: median(ours.map((s) => s.cpuMs)), floor: median(floors.map((s) => s.cpuMs)) };
        const ratio = m.ours / m.floor;
        const rss = (samples: Sample[]) => (Math.max(...samples.map((s) => s.rssKb)) / 1024).toFixed(0);
        console.log(
          row([
            command.name,
            m.ours.toFixed(0),
            m.floor.toFixed(0),
            ratio.toFixed(2),
            cpu.ours.toFixed(0),
            cpu.floor.toFixed(0),
            (cpu.ours / cpu.floor).toFixed(2),
            '≤ 1.50',
            rss(ours),
            rss(floors),
          ]),
        );
        // A gross regression shows in both figures; load from other processes inflates only wall time.
        const worst = Math.min(ratio, cpu.ours / cpu.floor);
        if (maxRatio !== undefined && worst > maxRatio)
          failures.push(`${command.name} at ${size}: ${worst.toFixed(2)}× > ${maxRatio}×`);
      }
      await rm(ws, { recursive: true, force: true });
    }
  } finally {
    await server.destroy();
    await rm(base, { recursive: true, force: true });
  }
  if (failures.length > 0) throw new Error(`ratio above --max-ratio: ${failures.join('; ')}`);
}

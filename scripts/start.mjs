#!/usr/bin/env node
// `npm start`: builds what is stale, then opens the Electron window when Electron's
// binary is present (fetching it once when it is missing and the network allows);
// otherwise runs browser mode. Flags: --browser (force browser mode), --port N, --no-open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.LUPO_BROWSER_MODE === '1';
const log = (line) => process.stderr.write(`[lupo] ${line}\n`);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIfStale() {
  const stamp = join(root, 'out/.build-stamp');
  const inputs = ['electron', 'renderer', 'shared', 'electron.vite.config.ts', 'package.json'];
  const newestInput = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput) return;
  log('building (sources changed since the last build)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    log('the build failed; see the errors above.');
    process.exit(1);
  }
  writeFileSync(stamp, new Date().toISOString());
}

/** Path of Electron's binary, fetching it once if missing and reachable; undefined when unavailable. */
function electronBinary() {
  const require = createRequire(import.meta.url);
  const electronDir = dirname(require.resolve('electron/package.json'));
  const installed = () => {
    try {
      const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
      const full = join(electronDir, 'dist', rel);
      return existsSync(full) ? full : undefined;
    } catch {
      return undefined;
    }
  };
  if (installed()) return installed();
  // Remember a failed download for a day so offline starts stay fast.
  const marker = join(root, 'node_modules/.cache/lupo/electron-fetch-failed');
  if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < 24 * 3600 * 1000) return undefined;
  log("Electron's binary is not installed; trying to download it once…");
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'ignore',
    timeout: 90_000,
  });
  if (result.status === 0 && installed()) return installed();
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, new Date().toISOString());
  log("could not download Electron's binary (offline or blocked): using browser mode.");
  return undefined;
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

let tsxRegistered = false;
/** Lets Node import the TypeScript sources (once). */
async function registerTsx() {
  if (tsxRegistered) return;
  tsxRegistered = true;
  const { register } = await import('tsx/esm/api');
  register();
}

/**
 * The playground server is detached on purpose (its data survives a restart of the app), so
 * Ctrl-C does not stop it: say that it is kept, where, and how to stop it.
 */
async function tellKeptPlayground() {
  try {
    await registerTsx();
    const { sandboxStatus } = await import('../electron/engine/sandbox/sandbox-state.ts');
    const { defaultUserDataDir } = await import('../electron/engine/user-data.ts');
    const status = await sandboxStatus(defaultUserDataDir());
    if (status.state !== 'running') return;
    const { pid, port } = status.record;
    log(
      `the local playground keeps running on 127.0.0.1:${port} (pid ${pid}) with its data; the next start reconnects to it.`,
    );
    log(`to stop it (this deletes its data): Stop on the Playground card, or kill ${pid}.`);
  } catch {
    // Only a courtesy note: never block the exit.
  }
}

buildIfStale();
const electron = forceBrowser ? undefined : electronBinary();
if (electron && hasDisplay()) {
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => void tellKeptPlayground().finally(() => process.exit(code ?? 0)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
} else {
  if (electron) log('no display found: using browser mode.');
  await registerTsx();
  const { launchFromArgs } = await import('../electron/browser-host/launch.ts');
  const running = await launchFromArgs(args, { error: log, log: (line) => process.stdout.write(line + '\n') });
  if (!running.ok) process.exit(running.exitCode);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await running.stop();
    await tellKeptPlayground();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

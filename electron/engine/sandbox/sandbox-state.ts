import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LupoError } from '../../../shared/errors';
import { startLocalServer } from './local-server';

/**
 * The "local playground": one disposable server per user that outlives the process that
 * started it (`lupo sandbox start`), recorded in `<user-data>/sandbox.json` so a later
 * `status`/`stop` — or the app offering it as a connection — can find it again.
 */

/** What the state file records about the running sandbox. */
export const sandboxRecordSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  url: z.string(),
  dataDir: z.string(),
  /** The folder holding dataDir, socket and log; removed on stop. */
  baseDir: z.string(),
  /** ISO date-time. */
  startedAt: z.string(),
});
/** A recorded sandbox. */
export type SandboxRecord = z.infer<typeof sandboxRecordSchema>;

/** The sandbox as `status` sees it: running, none, or a record whose server is gone. */
export type SandboxStatus =
  | { readonly state: 'running'; readonly record: SandboxRecord }
  | { readonly state: 'stopped' }
  | { readonly state: 'stale'; readonly record: SandboxRecord };

/** `<user-data>/sandbox.json`. */
export function sandboxStatePath(userDataDir: string): string {
  return join(userDataDir, 'sandbox.json');
}

/** Reads the state file (undefined when absent); a damaged file is an error naming it. */
export async function readSandboxRecord(userDataDir: string): Promise<SandboxRecord | undefined> {
  const file = sandboxStatePath(userDataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = sandboxRecordSchema.safeParse(JSON.parse(text.trim() || 'null'));
  if (!parsed.success) {
    throw new LupoError('sandbox/bad-state', `The sandbox state file ${file} is damaged.`, {
      hint: 'Stop the server by hand if one runs, then delete that file.',
    });
  }
  return parsed.data;
}

async function writeRecord(userDataDir: string, record: SandboxRecord): Promise<void> {
  await mkdir(userDataDir, { recursive: true });
  const file = sandboxStatePath(userDataDir);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, file);
}

/**
 * True when `pid` is alive and (where /proc exists) is the server started on `dataDir` —
 * so a reused pid of an unrelated process is never mistaken for the sandbox.
 */
export async function isSandboxProcess(pid: number, dataDir: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // ESRCH: gone; EPERM: someone else's process, so not our sandbox
  }
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(dataDir);
  } catch {
    return process.platform !== 'linux';
  }
}

/** The sandbox's state: `running` (pid alive), `stale` (record left by a server that is gone) or `stopped`. */
export async function sandboxStatus(userDataDir: string): Promise<SandboxStatus> {
  const record = await readSandboxRecord(userDataDir);
  if (!record) return { state: 'stopped' };
  return (await isSandboxProcess(record.pid, record.dataDir))
    ? { state: 'running', record }
    : { state: 'stale', record };
}

async function clear(userDataDir: string, record: SandboxRecord): Promise<void> {
  await rm(record.baseDir, { recursive: true, force: true });
  await rm(sandboxStatePath(userDataDir), { force: true });
}

/**
 * Starts the sandbox (a detached local server with its data under `<user-data>/sandbox-*`)
 * and records it; when one is already running it is returned as is (`alreadyRunning`), so
 * there is never a second one. A stale record is cleared first.
 */
export async function startSandbox(
  userDataDir: string,
  options: { readonly readyTimeoutMs?: number } = {},
): Promise<{ readonly record: SandboxRecord; readonly alreadyRunning: boolean }> {
  const status = await sandboxStatus(userDataDir);
  if (status.state === 'running') return { record: status.record, alreadyRunning: true };
  if (status.state === 'stale') await clear(userDataDir, status.record);
  await mkdir(userDataDir, { recursive: true });
  const baseDir = await mkdtemp(join(userDataDir, 'sandbox-'));
  const server = await startLocalServer({
    baseDir,
    detached: true,
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  }).catch(async (error: unknown) => {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  });
  const record: SandboxRecord = {
    pid: server.pid()!,
    port: server.port,
    url: server.url,
    dataDir: server.dataDir,
    baseDir,
    startedAt: new Date().toISOString(),
  };
  await writeRecord(userDataDir, record);
  return { record, alreadyRunning: false };
}

async function waitForExit(pid: number, dataDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isSandboxProcess(pid, dataDir))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/**
 * Stops the sandbox: SIGTERM, waits for the server to exit (SIGKILL after `timeoutMs`),
 * then removes its data directory and the state file. Returns the record it stopped, or
 * undefined when none was recorded. A stale record is just cleared.
 */
export async function stopSandbox(
  userDataDir: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<SandboxRecord | undefined> {
  const status = await sandboxStatus(userDataDir);
  if (status.state === 'stopped') return undefined;
  const { record } = status;
  if (status.state === 'running') {
    process.kill(record.pid, 'SIGTERM');
    if (!(await waitForExit(record.pid, record.dataDir, options.timeoutMs ?? 30_000))) {
      process.kill(record.pid, 'SIGKILL');
      if (!(await waitForExit(record.pid, record.dataDir, 5_000))) {
        throw new LupoError('sandbox/stop-failed', `The sandbox server (pid ${record.pid}) did not exit.`, {
          hint: `Stop process ${record.pid} by hand, then run lupo sandbox stop again.`,
        });
      }
    }
  }
  await clear(userDataDir, record);
  return record;
}

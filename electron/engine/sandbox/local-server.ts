import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';

const execFileAsync = promisify(execFile);

/**
 * A disposable MariaDB/MySQL server on 127.0.0.1 with its own data directory and port,
 * started from the binaries on PATH. Used for rehearsals, the "local playground"
 * connection, and by the test harness (which also kills and restarts it for crash tests).
 */
export interface LocalServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly socketPath: string;
  readonly dataDir: string;
  /** `mysql://root@127.0.0.1:PORT` (root, empty password). */
  readonly url: string;
  /** The server process id (changes after `restart`). */
  pid(): number | undefined;
  /** Graceful stop (SIGTERM), waiting for exit. Keeps the data directory. */
  stop(): Promise<void>;
  /** SIGKILL, as in a crash. Keeps the data directory. */
  kill(): Promise<void>;
  /** Starts again on the same data directory and port after `stop`/`kill`. */
  restart(): Promise<void>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

/** Options of `startLocalServer`. */
export interface LocalServerOptions {
  /** Folder to put the data directory in; default: a new folder under the OS temp dir. */
  readonly baseDir?: string;
  /** Port to use; default: a free one. */
  readonly port?: number;
  /** Milliseconds to wait for the server to accept connections. */
  readonly readyTimeoutMs?: number;
  /** Extra server arguments (e.g. `--ssl-cert=…`), appended after the defaults. */
  readonly extraArgs?: readonly string[];
  /**
   * Start the server in its own process group, unreferenced, so it outlives this process
   * (`lupo sandbox start`). Stop it later by its pid (`pid()`), e.g. with sandbox-state.
   */
  readonly detached?: boolean;
}

interface Binaries {
  readonly server: string;
  readonly installDb?: string;
  readonly flavor: 'mariadb' | 'mysql';
}

const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin'];

function findOnPath(names: readonly string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SEARCH_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Finds the server binaries, preferring MariaDB's names. */
export function findServerBinaries(): Binaries {
  const mariadbd = findOnPath(['mariadbd']);
  if (mariadbd) {
    const installDb = findOnPath(['mariadb-install-db', 'mysql_install_db']);
    if (installDb) return { server: mariadbd, installDb, flavor: 'mariadb' };
  }
  const mysqld = findOnPath(['mysqld']);
  if (mysqld) {
    const installDb = findOnPath(['mariadb-install-db', 'mysql_install_db']);
    return installDb ? { server: mysqld, installDb, flavor: 'mariadb' } : { server: mysqld, flavor: 'mysql' };
  }
  throw new LupoError('sandbox/no-server-binary', 'No MariaDB or MySQL server binary was found.', {
    hint: 'Install MariaDB (Debian: apt-get install mariadb-server) or MySQL so that mariadbd or mysqld is on PATH.',
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let templatePromise: Promise<string> | undefined;

/**
 * A pristine data directory per server binary, initialised once per machine (per TMPDIR)
 * and shared by every process: servers start from copies of it (< 0.1 s instead of a
 * fresh install). Built in a side folder and renamed into place, so concurrent processes
 * never see a half-initialised template and never leave one behind per process.
 */
async function templateDataDir(binaries: Binaries): Promise<string> {
  templatePromise ??= (async () => {
    const binary = await stat(binaries.server);
    const key = createHash('sha1')
      .update(`${binaries.server}:${binary.size}:${binary.mtimeMs}`)
      .digest('hex')
      .slice(0, 12);
    const dir = join(tmpdir(), `lupo-datadir-template-${key}`);
    if (existsSync(join(dir, '.lupo-ready'))) return dir;
    const building = await mkdtemp(`${dir}.building-`);
    try {
      if (binaries.installDb) {
        await execFileAsync(binaries.installDb, [
          '--no-defaults',
          `--datadir=${building}`,
          '--auth-root-authentication-method=normal',
          '--user=root',
          '--skip-test-db',
        ]);
      } else {
        await execFileAsync(binaries.server, [
          '--no-defaults',
          '--initialize-insecure',
          `--datadir=${building}`,
          '--user=root',
        ]);
      }
      await writeFile(join(building, '.lupo-ready'), new Date().toISOString());
      await rename(building, dir);
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      // Another process finished first: use its template.
      if (existsSync(join(dir, '.lupo-ready'))) return dir;
      throw error;
    }
    return dir;
  })();
  templatePromise.catch(() => (templatePromise = undefined));
  return templatePromise;
}

/** The data directory as the server reports it (`@@datadir`, with a trailing slash) and as we name it. */
const sameDir = (reported: string, ours: string): boolean => reported.replace(/\/+$/, '') === ours.replace(/\/+$/, '');

/**
 * Resolves once OUR server accepts connections: another server already listening on the
 * port (a port handed out twice) answers too, so the answer must name our data directory;
 * until then, or until our process exits (it cannot bind the port), it is not ready.
 */
async function waitUntilReady(
  url: string,
  dataDir: string,
  child: ChildProcess,
  errorLog: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) {
      const log = await readFile(errorLog, 'utf8').catch(() => '');
      throw new LupoError('sandbox/start-failed', 'The local server exited while starting.', {
        hint: 'See the server log below; a port in use or a damaged data directory are the usual causes.',
        details: { log: log.split('\n').slice(-15).join('\n') },
      });
    }
    try {
      const connection = await mysql.createConnection({ uri: url, connectTimeout: 1000 });
      const [rows] = await connection.query<RowDataPacket[]>('SELECT @@datadir AS d').finally(() => connection.end());
      if (sameDir(String(rows[0]?.d ?? ''), dataDir)) return;
      throw new Error('another server answers on this port');
    } catch {
      if (Date.now() > deadline) {
        throw new LupoError(
          'sandbox/start-timeout',
          `The local server did not accept connections within ${timeoutMs} ms.`,
          {
            hint: 'The machine may be overloaded; try again, or start it with a longer timeout.',
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Starts a disposable server and resolves once it accepts connections. */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const binaries = findServerBinaries();
  const template = await templateDataDir(binaries);
  const baseDir = options.baseDir ?? (await mkdtemp(join(tmpdir(), 'lupo-server-')));
  await mkdir(baseDir, { recursive: true });
  const dataDir = join(baseDir, 'data');
  await cp(template, dataDir, { recursive: true });
  let port = options.port ?? (await freePort());
  const socketPath = join(baseDir, 'mysqld.sock');
  const errorLog = join(baseDir, 'error.log');
  let url = `mysql://root@127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${socketPath}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      `--log-error=${errorLog}`,
      `--pid-file=${join(baseDir, 'mysqld.pid')}`,
      '--skip-log-bin',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
      '--innodb-buffer-pool-size=64M',
      '--innodb-log-file-size=16M',
      '--skip-name-resolve',
      // Its own temp folder: implicit temporary tables must not depend on a shared /tmp.
      `--tmpdir=${baseDir}`,
    ];
    if (binaries.flavor === 'mysql') args.push('--mysqlx=OFF');
    if (options.extraArgs) args.push(...options.extraArgs);
    child = spawn(binaries.server, args, { stdio: 'ignore', ...(options.detached ? { detached: true } : {}) });
    if (options.detached) child.unref();
    await waitUntilReady(url, dataDir, child, errorLog, readyTimeoutMs);
  };

  const waitForExit = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };

  // A port found free can be taken by another process before our server binds it: with a
  // port of our own choosing, try another one (an explicit port is the caller's to fix).
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      const log = await readFile(errorLog, 'utf8').catch(() => '');
      if (options.port !== undefined || attempt === 3 || !/address already in use/i.test(log)) {
        if (options.baseDir === undefined) await rm(baseDir, { recursive: true, force: true });
        throw error;
      }
      port = await freePort();
      url = `mysql://root@127.0.0.1:${port}`;
    }
  }
  return {
    host: '127.0.0.1',
    port,
    socketPath,
    dataDir,
    url,
    pid: () => child?.pid,
    stop: () => waitForExit('SIGTERM'),
    kill: () => waitForExit('SIGKILL'),
    restart: launch,
    destroy: async () => {
      await waitForExit('SIGTERM');
      await rm(baseDir, { recursive: true, force: true });
    },
  };
}

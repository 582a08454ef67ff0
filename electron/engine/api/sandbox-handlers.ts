import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { SandboxView } from '../../../shared/contract/sandbox';
import type { HandlersFor } from '../../../shared/contract/server';
import { sandboxStatus, startSandbox, stopSandbox, type SandboxRecord } from '../sandbox/sandbox-state';
import type { EngineHost } from './engine-host';

/** What the sandbox handlers need: the user-data folder that holds `sandbox.json`, and the demo workspace. */
export type SandboxHandlerDeps = Pick<EngineHost, 'userDataDir'> & {
  /** The demo workspace folder whose `install.sql` "Load demo install.sql" runs (absent: the action refuses). */
  readonly demoWorkspaceDir?: string;
};

/** The calls these handlers answer. */
export type SandboxCallName = 'sandbox/status' | 'sandbox/start' | 'sandbox/stop' | 'sandbox/load-demo';

/**
 * Runs the demo's install.sql on the playground at `url` (root, no password), the same as
 * `mariadb -h 127.0.0.1 -P PORT -u root < toon/demo/install.sql`, and lists the databases it
 * touched with their table counts. Only ever the playground: never a real server.
 */
async function loadDemoInstall(url: string, installFile: string): Promise<{ name: string; tableCount: number }[]> {
  const sql = await readFile(installFile, 'utf8');
  const connection = await mysql.createConnection({ uri: url, multipleStatements: true, connectTimeout: 5000 });
  try {
    await connection.query(sql);
    const names = [
      ...new Set([...sql.matchAll(/CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([\w$]+)`?/gi)].map((m) => m[1]!)),
    ];
    if (names.length === 0) return [];
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT SCHEMA_NAME AS name, (SELECT COUNT(*) FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = s.SCHEMA_NAME AND t.TABLE_TYPE = 'BASE TABLE') AS tables
         FROM information_schema.SCHEMATA s WHERE SCHEMA_NAME IN (${names.map(() => '?').join(', ')}) ORDER BY 1`,
      names,
    );
    return rows.map((row) => ({ name: String(row.name), tableCount: Number(row.tables) }));
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** Asks the running server its version; undefined when it does not answer within a few seconds. */
async function askVersion(url: string): Promise<string | undefined> {
  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
    const version = rows[0]?.version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  } finally {
    await connection?.end().catch(() => undefined);
  }
}

async function runningView(record: SandboxRecord): Promise<SandboxView> {
  const version = await askVersion(record.url);
  return {
    running: true,
    url: record.url,
    port: record.port,
    startedAt: record.startedAt,
    ...(version === undefined ? {} : { serverVersion: version }),
  };
}

/**
 * Handlers of the local playground: the same detached server and state file as
 * `lupo sandbox start|status|stop`, so the app and the CLI see one playground. Failures
 * (no server binary on PATH, a damaged state file) reach the screen as the engine's
 * LupoError with its hint. Start and stop run one at a time, so a double click never
 * starts two servers.
 */
export function createSandboxHandlers(deps: SandboxHandlerDeps): HandlersFor<SandboxCallName> {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    'sandbox/status': async () => {
      const status = await sandboxStatus(deps.userDataDir);
      return status.state === 'running' ? runningView(status.record) : { running: false };
    },
    'sandbox/start': () => serial(async () => runningView((await startSandbox(deps.userDataDir)).record)),
    'sandbox/load-demo': () =>
      serial(async () => {
        const status = await sandboxStatus(deps.userDataDir);
        if (status.state !== 'running') {
          throw new LupoError('sandbox/not-running', 'The local playground is not running.', {
            hint: 'Start the playground first, then load the demo install.sql into it.',
          });
        }
        if (!deps.demoWorkspaceDir) {
          throw new LupoError('sandbox/no-demo', 'The demo workspace is not available in this build.', {
            hint: 'Run the demo install yourself: mariadb -h 127.0.0.1 -P PORT -u root < toon/demo/install.sql',
          });
        }
        return { databases: await loadDemoInstall(status.record.url, path.join(deps.demoWorkspaceDir, 'install.sql')) };
      }),
    'sandbox/stop': () => serial(async () => ({ stopped: (await stopSandbox(deps.userDataDir)) !== undefined })),
  };
}

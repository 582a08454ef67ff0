import mysql from 'mysql2/promise';
import type { SandboxView } from '../../../shared/contract/sandbox';
import type { HandlersFor } from '../../../shared/contract/server';
import { sandboxStatus, startSandbox, stopSandbox, type SandboxRecord } from '../sandbox/sandbox-state';
import type { EngineHost } from './engine-host';

/** What the sandbox handlers need: the user-data folder that holds `sandbox.json`. */
export type SandboxHandlerDeps = Pick<EngineHost, 'userDataDir'>;

/** The calls these handlers answer. */
export type SandboxCallName = 'sandbox/status' | 'sandbox/start' | 'sandbox/stop';

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
    'sandbox/stop': () => serial(async () => ({ stopped: (await stopSandbox(deps.userDataDir)) !== undefined })),
  };
}

import type { Command } from 'commander';
import { defaultUserDataDir } from '../../engine/user-data';
import {
  sandboxStatePath,
  sandboxStatus,
  startSandbox,
  stopSandbox,
  type SandboxRecord,
} from '../../engine/sandbox/sandbox-state';
import { action, EXIT_FINDINGS, EXIT_OK, type CliIo, type RegisterCommand } from '../runtime';

function describe(record: SandboxRecord): string {
  return `${record.url} (pid ${record.pid}, data ${record.dataDir}, started ${record.startedAt})`;
}

function print(io: CliIo, json: boolean, value: object, text: string): void {
  io.stdout(json ? JSON.stringify(value, null, 2) + '\n' : text + '\n');
}

/**
 * `lupo sandbox start|stop|status`: one disposable local MariaDB/MySQL per user (the "local
 * playground"), detached so it outlives the command, recorded in `<user-data>/sandbox.json`
 * (LUPO_USER_DATA overrides the folder). `start` prints the URL (or the running one: never
 * two); `status` exits 0 when running, 1 when not; `stop` terminates it and deletes its data.
 */
export const registerSandbox: RegisterCommand = (program, io, setExit) => {
  const sandbox = program
    .command('sandbox')
    .description('Disposable local server (root, no password, 127.0.0.1 only): start, status, stop.');
  const userData = (): string => defaultUserDataDir(io.env);
  const isJson = (command: Command): boolean => Boolean(command.optsWithGlobals().json);

  sandbox
    .command('start')
    .description('Start the sandbox server and print its URL (prints the running one if already started).')
    .action(
      action(io, setExit, async (_flags: object, command: Command) => {
        const { record, alreadyRunning } = await startSandbox(userData());
        print(
          io,
          isJson(command),
          { alreadyRunning, sandbox: record },
          `${alreadyRunning ? 'Already running' : 'Started'}: ${describe(record)}\n${record.url}`,
        );
        return EXIT_OK;
      }),
    );

  sandbox
    .command('status')
    .description('Print the sandbox server (exit 0 running, 1 not running).')
    .action(
      action(io, setExit, async (_flags: object, command: Command) => {
        const status = await sandboxStatus(userData());
        const text =
          status.state === 'running'
            ? `Running: ${describe(status.record)}`
            : status.state === 'stale'
              ? `Not running (stale record in ${sandboxStatePath(userData())}: pid ${status.record.pid} has exited; lupo sandbox stop clears it)`
              : 'No sandbox is running.';
        print(io, isJson(command), status, text);
        return status.state === 'running' ? EXIT_OK : EXIT_FINDINGS;
      }),
    );

  sandbox
    .command('stop')
    .description('Stop the sandbox server and delete its data directory.')
    .action(
      action(io, setExit, async (_flags: object, command: Command) => {
        const record = await stopSandbox(userData());
        print(
          io,
          isJson(command),
          { stopped: record !== undefined, ...(record ? { sandbox: record } : {}) },
          record ? `Stopped and removed: ${describe(record)}` : 'No sandbox was running.',
        );
        return EXIT_OK;
      }),
    );
};

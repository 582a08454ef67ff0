import { Option, type Command } from 'commander';
import { LupoError } from '../../shared/errors';
import type { ConnectionTarget } from '../engine/connection/session';
import type { CliIo } from './runtime';

/** Connection flags as commander parses them. */
export interface ConnectionFlags {
  readonly url?: string;
  readonly socket?: string;
  readonly connectTimeout?: string;
  readonly coreDb?: string;
  readonly orchestrationDb?: string;
  readonly ephemeralDb?: string;
}

/** Adds DESIGN §5's connection flags to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'server to use: mysql://user@host:port (password from LUPO_PASSWORD)').env('LUPO_URL'))
    .option('--socket <path>', 'connect through a Unix socket instead of TCP')
    .option('--connect-timeout <ms>', 'connect timeout in milliseconds', '10000')
    .option('--core-db <name>', 'physical name of the core database')
    .option('--orchestration-db <name>', 'physical name of the orchestration database')
    .option('--ephemeral-db <name>', 'physical name of the ephemeral database');
}

/**
 * Turns the flags into a connection target. The password comes from LUPO_PASSWORD (or the
 * URL, discouraged: it shows in the process list); it is never printed.
 */
export function connectionTargetFromFlags(flags: ConnectionFlags, io: CliIo): ConnectionTarget {
  if (!flags.url && !flags.socket) {
    throw new LupoError('cli/no-connection', 'This command needs a server: no --url or --socket was given.', {
      hint: 'Pass --url mysql://user@host:3306 (and the password in LUPO_PASSWORD), or --socket /path/to/mysqld.sock.',
    });
  }
  let host = '127.0.0.1';
  let port = 3306;
  let user = 'root';
  let password = io.env.LUPO_PASSWORD;
  let database: string | undefined;
  if (flags.url) {
    let parsed: URL;
    try {
      parsed = new URL(flags.url);
    } catch {
      throw new LupoError('cli/bad-url', `"${flags.url}" is not a connection URL.`, {
        hint: 'Write it as mysql://user@host:port, for example mysql://root@127.0.0.1:3306.',
      });
    }
    if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
      throw new LupoError('cli/bad-url', `Unsupported URL scheme "${parsed.protocol}".`, {
        hint: 'Use mysql://user@host:port.',
      });
    }
    host = parsed.hostname || host;
    port = parsed.port ? Number(parsed.port) : port;
    user = parsed.username ? decodeURIComponent(parsed.username) : user;
    if (parsed.password) password = decodeURIComponent(parsed.password);
    const path = parsed.pathname.replace(/^\//, '');
    if (path) database = decodeURIComponent(path);
  }
  const timeout = Number(flags.connectTimeout ?? '10000');
  if (!Number.isInteger(timeout) || timeout < 100) {
    throw new LupoError('cli/bad-timeout', `--connect-timeout must be a number of milliseconds, got "${flags.connectTimeout}".`);
  }
  return {
    host,
    port,
    user,
    connectTimeoutMs: timeout,
    ...(password === undefined ? {} : { password }),
    ...(flags.socket ? { socketPath: flags.socket } : {}),
    ...(database === undefined ? {} : { database }),
  };
}

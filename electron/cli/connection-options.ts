import { Option, type Command } from 'commander';
import { LupoError } from '../../shared/errors';
import type { ResolvedConnectionParams } from '../../shared/contract/connection';
import type { DatabaseRole } from '../../shared/schema/model';
import type { ConnectionTarget } from '../engine/connection/session';
import { maskUrlPasswords } from '../engine/sql/redact-secrets';
import type { CliIo } from './runtime';

/** Connection flags as commander parses them. */
export interface ConnectionFlags {
  readonly url?: string;
  readonly socket?: string;
  readonly connectTimeout?: string;
  readonly coreDb?: string;
  readonly orchestrationDb?: string;
  readonly ephemeralDb?: string;
  readonly sshHost?: string;
  readonly sshPort?: string;
  readonly sshUser?: string;
  readonly sshKey?: string;
  readonly sshPasswordEnv?: string;
  readonly sshTrustHostKey?: string;
  readonly tlsMode?: string;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** Adds DESIGN §5's connection flags to a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'server to use: mysql://user@host:port (password from LUPO_PASSWORD)').env('LUPO_URL'),
    )
    .option('--socket <path>', 'connect through a Unix socket instead of TCP')
    .option('--connect-timeout <ms>', 'connect timeout in milliseconds', '10000')
    .option('--core-db <name>', 'physical name of the core database')
    .option('--orchestration-db <name>', 'physical name of the orchestration database')
    .option('--ephemeral-db <name>', 'physical name of the ephemeral database')
    .option('--ssh-host <host>', 'reach the server through an SSH tunnel via this host')
    .option('--ssh-port <port>', 'SSH port', '22')
    .option('--ssh-user <user>', 'SSH user (default: the database user)')
    .option(
      '--ssh-key <path>',
      'SSH private key file (passphrase from LUPO_SSH_PASSPHRASE); default: the agent at SSH_AUTH_SOCK',
    )
    .option('--ssh-password-env <name>', 'name of the environment variable holding the SSH password')
    .option(
      '--ssh-trust-host-key <fingerprint>',
      'on first contact, trust the SSH host key if it has this SHA256 fingerprint (verify it on the server first)',
    )
    .addOption(
      new Option('--tls-mode <mode>', 'TLS: off, required, verify-ca, verify-identity')
        .choices(['off', 'required', 'verify-ca', 'verify-identity'])
        .default('off'),
    )
    .option('--tls-ca <path>', 'CA certificate file for verify-ca / verify-identity')
    .option('--tls-cert <path>', 'client certificate file')
    .option('--tls-key <path>', 'client key file');
}

/** The role database names from --core-db/--orchestration-db/--ephemeral-db (defaults: config, then role names). */
export function roleNamesFromFlags(
  flags: ConnectionFlags,
  fallback: Partial<Record<DatabaseRole, string>> = {},
): Record<DatabaseRole, string> {
  return {
    core: flags.coreDb ?? fallback.core ?? 'core',
    orchestration: flags.orchestrationDb ?? fallback.orchestration ?? 'orchestration',
    ephemeral: flags.ephemeralDb ?? fallback.ephemeral ?? 'ephemeral',
  };
}

/**
 * Full connection params (TLS and SSH included) from the flags, for `connect()` with
 * known_hosts. Secrets come only from the environment: LUPO_PASSWORD, the variable named by
 * --ssh-password-env, LUPO_SSH_PASSPHRASE.
 */
export function connectionParamsFromFlags(flags: ConnectionFlags, io: CliIo): ResolvedConnectionParams {
  const target = connectionTargetFromFlags(flags, io);
  const tlsMode = (flags.tlsMode ?? 'off') as NonNullable<ResolvedConnectionParams['tls']>['mode'];
  let ssh: ResolvedConnectionParams['ssh'];
  if (flags.sshHost) {
    const port = Number(flags.sshPort ?? '22');
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new LupoError('cli/bad-ssh-port', `--ssh-port must be a port number, got "${flags.sshPort}".`);
    }
    const password = flags.sshPasswordEnv ? io.env[flags.sshPasswordEnv] : undefined;
    if (flags.sshPasswordEnv && password === undefined) {
      throw new LupoError(
        'cli/missing-env',
        `The environment variable ${flags.sshPasswordEnv} (named by --ssh-password-env) is not set.`,
        {
          hint: `Export ${flags.sshPasswordEnv} with the SSH password, or use --ssh-key / the SSH agent.`,
        },
      );
    }
    const passphrase = io.env.LUPO_SSH_PASSPHRASE;
    ssh = {
      host: flags.sshHost,
      port,
      user: flags.sshUser ?? target.user,
      auth: password !== undefined ? 'password' : flags.sshKey ? 'key' : 'agent',
      ...(password === undefined ? {} : { password }),
      ...(flags.sshKey ? { privateKeyFile: flags.sshKey } : {}),
      ...(passphrase === undefined ? {} : { passphrase }),
    };
  }
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    connectTimeoutMs: target.connectTimeoutMs,
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.socketPath === undefined ? {} : { socketPath: target.socketPath }),
    tls: {
      mode: tlsMode,
      ...(flags.tlsCa ? { caFile: flags.tlsCa } : {}),
      ...(flags.tlsCert ? { certFile: flags.tlsCert } : {}),
      ...(flags.tlsKey ? { keyFile: flags.tlsKey } : {}),
    },
    ...(ssh ? { ssh } : {}),
    databases: roleNamesFromFlags(flags),
  };
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
    // Never echo the URL as given: it may carry a password.
    const shown = maskUrlPasswords(flags.url);
    try {
      parsed = new URL(flags.url);
    } catch {
      throw new LupoError('cli/bad-url', `"${shown}" is not a connection URL.`, {
        hint: 'Write it as mysql://user@host:port, for example mysql://root@127.0.0.1:3306 or mysql://root@[::1]:3306.',
      });
    }
    if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
      throw new LupoError('cli/bad-url', `Unsupported URL scheme "${parsed.protocol}" in "${shown}".`, {
        hint: 'Use mysql://user@host:port.',
      });
    }
    // An IPv6 literal keeps its brackets in URL.hostname; the driver wants the bare address.
    host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || host;
    // ":0" stays "0" in a mysql: URL; the driver would read port 0 as "default" and connect to 3306.
    if (parsed.port !== '') port = Number(parsed.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new LupoError('cli/bad-url', `The port in "${shown}" must be between 1 and 65535, got ${port}.`, {
        hint: 'Leave the port out for 3306, or give the port the server listens on.',
      });
    }
    const decode = (part: string, what: string): string => {
      try {
        return decodeURIComponent(part);
      } catch {
        throw new LupoError('cli/bad-url', `The ${what} in "${shown}" has a malformed %-escape.`, {
          hint: 'Percent-encode reserved characters (e.g. @ as %40), or pass the password in LUPO_PASSWORD.',
        });
      }
    };
    user = parsed.username ? decode(parsed.username, 'user name') : user;
    if (parsed.password) password = decode(parsed.password, 'password');
    const path = parsed.pathname.replace(/^\//, '');
    if (path) database = decode(path, 'database name');
  }
  const timeout = Number(flags.connectTimeout ?? '10000');
  if (!Number.isInteger(timeout) || timeout < 100) {
    throw new LupoError(
      'cli/bad-timeout',
      `--connect-timeout must be a number of milliseconds, got "${flags.connectTimeout}".`,
    );
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

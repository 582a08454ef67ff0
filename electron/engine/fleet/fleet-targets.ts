import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import type { ProfileSummary, ResolvedConnectionParams } from '../../../shared/contract/connection';
import type { FleetFile, FleetTarget } from '../../../shared/contract/fleet';
import { connect } from '../connection/connect';
import type { KnownHosts } from '../connection/known-hosts';
import type { ProfileStore, SecretOverrides } from '../connection/profile-store';
import { maskUrlPasswords } from '../sql/redact-secrets';
import type { OpenTarget } from './fleet-status';

/** What resolving a fleet's targets needs: the profile store, known hosts and the environment. */
export interface FleetConnectDeps {
  readonly profiles: ProfileStore;
  readonly knownHosts: KnownHosts;
  readonly env: NodeJS.ProcessEnv;
  /** The fleet file: errors name it, a `passwordFile` is relative to its folder. */
  readonly fleetFile: string;
  /** Variable read for URL targets that name no password (the CLI's LUPO_PASSWORD). */
  readonly defaultPasswordEnv?: string;
  readonly connectTimeoutMs?: number;
}

/** `LUPO_PASSWORD_PROD_EU_1` for profile "prod-eu-1": the variable that supplies a profile target's password. */
export function profileSecretEnv(profile: string, secret: 'PASSWORD' | 'SSH_PASSWORD' | 'SSH_PASSPHRASE'): string {
  return `LUPO_${secret}_${profile.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/**
 * Checks that every profile the fleet file names is saved (a validation error naming the
 * file and the target, with the saved names), before anything connects.
 */
export async function checkFleetProfiles(
  fleet: FleetFile,
  deps: Pick<FleetConnectDeps, 'profiles' | 'fleetFile'>,
): Promise<readonly ProfileSummary[]> {
  if (!fleet.targets.some((t) => t.profile)) return [];
  const saved = await deps.profiles.list();
  for (const target of fleet.targets) {
    if (target.profile && !saved.some((p) => p.name === target.profile))
      throw new LupoError(
        'fleet/unknown-profile',
        `${deps.fleetFile}: target "${target.name}": no saved connection profile is named "${target.profile}".`,
        {
          hint: saved.length
            ? `Saved profiles: ${saved.map((p) => p.name).join(', ')}. Fix the name, or save that profile in the app.`
            : 'No profile is saved in this user-data folder: save one in the app (or set LUPO_USER_DATA to the app’s folder), or give the target a "url".',
        },
      );
  }
  return saved;
}

/**
 * Connection params of one target, secrets included (main process / engine only). URL
 * targets: host, port and user from the URL; profile targets: the saved profile (TLS, SSH).
 * The password, first found: `passwordEnv`, `passwordFile`, then for a profile
 * `LUPO_PASSWORD_<PROFILE>` or its saved secret, for a URL the URL's password or the
 * default variable. A saved secret this process cannot decrypt (the app's OS keychain
 * seen from the CLI) is a clear error saying which variable to set.
 */
export async function resolveFleetTarget(
  target: FleetTarget,
  deps: FleetConnectDeps,
  /** The saved profiles, when the caller already read them. */
  saved?: readonly ProfileSummary[],
): Promise<ResolvedConnectionParams> {
  const where = `${deps.fleetFile}: target "${target.name}"`;
  let password: string | undefined;
  if (target.passwordEnv) {
    password = deps.env[target.passwordEnv];
    if (password === undefined)
      throw new LupoError('fleet/missing-password-env', `${where}: ${target.passwordEnv} is not set.`, {
        hint: `Export ${target.passwordEnv} with that target's password.`,
      });
  } else if (target.passwordFile) {
    password = await readPasswordFile(target.passwordFile, where, deps.fleetFile);
  }
  const timeout = deps.connectTimeoutMs ?? 5000;
  if (target.profile) return resolveProfileTarget(target.profile, password, where, deps, timeout, saved);
  return urlParams(target.url ?? '', password, where, deps, timeout);
}

/**
 * A `passwordFile`: one line, inside the fleet file's folder (symlinks resolved). A fleet
 * file names both the server and where its password comes from, so it may not read a secret
 * from elsewhere on this machine (a key, a token) and hand it to a server it names.
 */
async function readPasswordFile(name: string, where: string, fleetFile: string): Promise<string> {
  const folder = await realpath(path.dirname(fleetFile));
  const fail = (message: string): LupoError =>
    new LupoError('fleet/password-file', `${where}: password file ${name}: ${message}`, {
      hint: 'Keep the file (one line, the password; mode 0600) in the fleet file’s folder, or use "passwordEnv".',
    });
  const file = await realpath(path.resolve(folder, name)).catch((error: Error) => {
    throw fail(error.message);
  });
  if (!file.startsWith(folder + path.sep)) throw fail(`it is outside ${folder}.`);
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw fail(error.message);
  });
  return text.replace(/\r?\n$/, '');
}

async function resolveProfileTarget(
  profile: string,
  password: string | undefined,
  where: string,
  deps: FleetConnectDeps,
  timeout: number,
  saved?: readonly ProfileSummary[],
): Promise<ResolvedConnectionParams> {
  const summary = (saved ?? (await deps.profiles.list())).find((p) => p.name === profile);
  if (!summary)
    throw new LupoError('fleet/unknown-profile', `${where}: no saved connection profile is named "${profile}".`, {
      hint: 'Fix the name in the fleet file, or save that profile in the app.',
    });
  const fromEnv = (secret: 'PASSWORD' | 'SSH_PASSWORD' | 'SSH_PASSPHRASE') =>
    deps.env[profileSecretEnv(profile, secret)];
  // Supplied secrets win over (and spare decrypting) the saved ones.
  const supplied = {
    password: password ?? fromEnv('PASSWORD'),
    sshPassword: fromEnv('SSH_PASSWORD'),
    sshPassphrase: fromEnv('SSH_PASSPHRASE'),
  };
  const overrides: SecretOverrides = Object.fromEntries(
    Object.entries(supplied).filter(([, value]) => value !== undefined),
  );
  try {
    const { id: _id, name: _name, ...params } = await deps.profiles.resolve(summary.id, overrides);
    return { ...params, connectTimeoutMs: Math.min(params.connectTimeoutMs, timeout) };
  } catch (error) {
    if (error instanceof LupoError && error.code === 'profile/secret-unreadable')
      throw new LupoError(
        'fleet/profile-secret-unreadable',
        `${where}: the saved secrets of profile "${profile}" cannot be decrypted here (they are encrypted with the app's OS keychain, Electron safeStorage, which only the app can open).`,
        {
          hint: `Set ${profileSecretEnv(profile, 'PASSWORD')} (or "passwordEnv" / "passwordFile" on the target in the fleet file)${summary.ssh ? `, and ${profileSecretEnv(profile, summary.ssh.auth === 'password' ? 'SSH_PASSWORD' : 'SSH_PASSPHRASE')} for its SSH ${summary.ssh.auth === 'password' ? 'password' : 'key passphrase'}` : ''}.`,
        },
      );
    throw error;
  }
}

function urlParams(
  url: string,
  password: string | undefined,
  where: string,
  deps: FleetConnectDeps,
  timeout: number,
): ResolvedConnectionParams {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LupoError('fleet/bad-url', `${where}: "${maskUrlPasswords(url)}" is not a connection URL.`, {
      hint: 'Write it as mysql://user@host:port.',
    });
  }
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new LupoError('fleet/bad-url', `${where}: the URL has a malformed %-escape.`, {
        hint: 'Percent-encode reserved characters (e.g. @ as %40), or keep the password in passwordEnv.',
      });
    }
  };
  const secret =
    password ??
    (u.password ? decode(u.password) : deps.defaultPasswordEnv ? deps.env[deps.defaultPasswordEnv] : undefined);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: Number(u.port || 3306),
    user: u.username ? decode(u.username) : 'root',
    connectTimeoutMs: timeout,
    ...(secret === undefined ? {} : { password: secret }),
    tls: { mode: 'off' },
  };
}

/**
 * The engine's way to reach fleet targets (CLI and app alike): checks the profiles first,
 * then opens each target from its resolved params (SSH tunnel and TLS of a profile honoured).
 * A read-only profile refuses sessions meant for writing.
 */
export async function fleetOpener(fleet: FleetFile, deps: FleetConnectDeps): Promise<OpenTarget> {
  // The profile list is read once per fleet operation, not once per target.
  const saved = await checkFleetProfiles(fleet, deps);
  return async (target, purpose = 'read') => {
    const params = await resolveFleetTarget(target, deps, saved);
    if (purpose === 'write' && params.readOnly)
      throw new LupoError(
        'fleet/read-only-profile',
        `${deps.fleetFile}: target "${target.name}": profile "${target.profile}" is read-only.`,
        { hint: 'Clear "read-only" on that profile in the app to apply migrations through it, or remove the target.' },
      );
    return connect(params, { knownHosts: deps.knownHosts, env: deps.env });
  };
}

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { LupoError } from '../../../shared/errors';
import {
  profileInput,
  type ProfileInput,
  type ProfileSummary,
  type ResolvedConnectionParams,
} from '../../../shared/contract/connection';
import { readJsonFile, writeJsonFile } from './json-file';
import type { SecretCipher } from './secret-cipher';

/** A profile on disk: the parsed input without its secrets. */
type PlainSecrets = Partial<Record<'password' | 'sshPassword' | 'sshPassphrase', string | undefined>>;

/** A profile on disk without secrets. */
type StoredProfile = Omit<ResolvedConnectionParams, 'password'> & { readonly id: string; readonly name: string };

interface StoredSecrets {
  readonly storage: 'encrypted' | 'owner-only-file';
  readonly password?: string;
  readonly sshPassword?: string;
  readonly sshPassphrase?: string;
}

/** One-off secrets supplied at connect time (not saved). */
export interface SecretOverrides {
  readonly password?: string;
  readonly sshPassword?: string;
  readonly sshPassphrase?: string;
}

/**
 * Connection profiles in the user-data folder: `profiles.json` (no secrets) and
 * `profile-secrets.json` (mode 0600, each secret passed through the injected cipher).
 * Secrets are written only when the cipher encrypts (unless the operator said
 * `savePassword: false`) or, with the owner-only-file cipher, when the operator opted in
 * with `savePassword: true`. Nothing this class returns to callers outside the main
 * process (`list`, `get`, `save`) contains a secret.
 */
export class ProfileStore {
  private readonly profilesFile: string;
  private readonly secretsFile: string;

  constructor(
    userDataDir: string,
    private readonly cipher: SecretCipher,
  ) {
    this.profilesFile = join(userDataDir, 'profiles.json');
    this.secretsFile = join(userDataDir, 'profile-secrets.json');
  }

  /** All profiles, sorted by name, without secrets. */
  async list(): Promise<ProfileSummary[]> {
    const [profiles, secrets] = await Promise.all([this.readProfiles(), this.readSecrets()]);
    return profiles.map((p) => summarize(p, secrets[p.id])).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One profile without secrets; `profile/not-found` when absent. */
  async get(id: string): Promise<ProfileSummary> {
    const profile = (await this.readProfiles()).find((p) => p.id === id);
    if (!profile) throw notFound(id);
    return summarize(profile, (await this.readSecrets())[id]);
  }

  /**
   * Creates or updates a profile. A secret left out on update keeps the stored one; an empty
   * string removes it.
   */
  async save(input: ProfileInput): Promise<ProfileSummary> {
    const parsed = profileInput.parse(input);
    const { password, savePassword, ssh, id: givenId, ...rest } = parsed;
    const id = givenId ?? randomUUID();
    const profiles = await this.readProfiles();
    const secrets = await this.readSecrets();
    const { password: sshPassword, passphrase: sshPassphrase, ...sshRest } = ssh ?? ({} as NonNullable<typeof ssh>);
    const profile: StoredProfile = {
      id,
      ...rest,
      // Saved explicitly, so the migration of older profiles never applies to this one.
      overrideDatabases: rest.overrideDatabases ?? false,
      ...(ssh ? { ssh: sshRest as NonNullable<StoredProfile['ssh']> } : {}),
    };
    const previous = secrets[id];
    const encrypts = this.cipher.encrypts !== false && this.cipher.isAvailable();
    const store = savePassword ?? encrypts;
    const merged: Record<string, string | undefined> = {};
    const oldPlain: PlainSecrets = previous ? this.decryptAll(previous) : {};
    for (const [key, value] of [
      ['password', password],
      ['sshPassword', sshPassword],
      ['sshPassphrase', sshPassphrase],
    ] as const) {
      const next = value === undefined ? oldPlain[key] : value;
      if (next) merged[key] = next;
    }
    const next = { ...secrets };
    delete next[id];
    if (store && Object.keys(merged).length > 0) {
      if (!this.cipher.isAvailable()) {
        throw new LupoError(
          'profile/no-secret-storage',
          'Secrets cannot be stored: the system keychain is not available.',
          {
            hint: 'Save the profile without its password (you will be asked when connecting), or unlock the keychain.',
          },
        );
      }
      const entry: Record<string, string> = { storage: encrypts ? 'encrypted' : 'owner-only-file' };
      for (const [key, value] of Object.entries(merged)) if (value) entry[key] = this.cipher.encrypt(value);
      next[id] = entry as unknown as StoredSecrets;
    }
    const others = profiles.filter((p) => p.id !== id);
    await writeJsonFile(this.profilesFile, [...others, profile]);
    await writeJsonFile(this.secretsFile, next);
    return summarize(profile, next[id]);
  }

  /** Deletes a profile and its secrets; false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    const profiles = await this.readProfiles();
    const kept = profiles.filter((p) => p.id !== id);
    const secrets = await this.readSecrets();
    const hadSecrets = Object.hasOwn(secrets, id);
    delete secrets[id];
    if (kept.length !== profiles.length) await writeJsonFile(this.profilesFile, kept);
    if (hadSecrets) await writeJsonFile(this.secretsFile, secrets);
    return kept.length !== profiles.length;
  }

  /** Main process only: the profile's full connection params with its secrets (overrides win). */
  async resolve(
    id: string,
    overrides: SecretOverrides = {},
  ): Promise<ResolvedConnectionParams & { id: string; name: string }> {
    const profile = (await this.readProfiles()).find((p) => p.id === id);
    if (!profile) throw notFound(id);
    const stored = (await this.readSecrets())[id];
    // Overridden secrets are not opened: a secret this process cannot decrypt can be supplied instead.
    const plain: PlainSecrets = stored ? this.decryptAll(stored, overrides) : {};
    const password = overrides.password ?? plain.password;
    const sshPassword = overrides.sshPassword ?? plain.sshPassword;
    const sshPassphrase = overrides.sshPassphrase ?? plain.sshPassphrase;
    return {
      ...profile,
      overrideDatabases: overridesDatabases(profile),
      ...(password === undefined ? {} : { password }),
      ...(profile.ssh
        ? {
            ssh: {
              ...profile.ssh,
              ...(sshPassword === undefined ? {} : { password: sshPassword }),
              ...(sshPassphrase === undefined ? {} : { passphrase: sshPassphrase }),
            },
          }
        : {}),
    };
  }

  private decryptAll(
    secrets: StoredSecrets,
    skip: SecretOverrides = {},
  ): Record<'password' | 'sshPassword' | 'sshPassphrase', string | undefined> {
    const open = (value: string | undefined, skipped?: string): string | undefined => {
      if (value === undefined || skipped !== undefined) return undefined;
      try {
        return this.cipher.decrypt(value);
      } catch {
        throw new LupoError('profile/secret-unreadable', 'A saved password could not be decrypted on this machine.', {
          hint: 'Enter the password again and save the profile (saved secrets only open for the user and machine that saved them).',
        });
      }
    };
    return {
      password: open(secrets.password, skip.password),
      sshPassword: open(secrets.sshPassword, skip.sshPassword),
      sshPassphrase: open(secrets.sshPassphrase, skip.sshPassphrase),
    };
  }

  private readProfiles(): Promise<StoredProfile[]> {
    return readJsonFile<StoredProfile[]>(this.profilesFile, []);
  }

  private readSecrets(): Promise<Record<string, StoredSecrets>> {
    return readJsonFile<Record<string, StoredSecrets>>(this.secretsFile, {});
  }
}

function notFound(id: string): LupoError {
  return new LupoError('profile/not-found', `No saved connection profile has id "${id}".`, {
    hint: 'Pick a profile from the list; it may have been deleted.',
  });
}

/** The names a profile gets when nobody typed any (the contract's defaults). */
const GENERIC_NAMES = { core: 'core', orchestration: 'orchestration', ephemeral: 'ephemeral' } as const;

/**
 * Whether a profile's database names replace the workspace's. Profiles saved before the
 * explicit switch existed have no `overrideDatabases`: their names were an override when
 * they were set to something other than the generic defaults, so those keep overriding
 * (and every screen labels it; the operator can switch it off).
 */
export function overridesDatabases(p: Pick<StoredProfile, 'databases' | 'overrideDatabases'>): boolean {
  if (p.overrideDatabases !== undefined) return p.overrideDatabases;
  const names = p.databases;
  return (
    names !== undefined &&
    (names.core !== GENERIC_NAMES.core ||
      names.orchestration !== GENERIC_NAMES.orchestration ||
      names.ephemeral !== GENERIC_NAMES.ephemeral)
  );
}

function summarize(p: StoredProfile, secrets: StoredSecrets | undefined): ProfileSummary {
  return {
    id: p.id,
    name: p.name,
    host: p.host,
    port: p.port,
    ...(p.socketPath === undefined ? {} : { socketPath: p.socketPath }),
    user: p.user,
    connectTimeoutMs: p.connectTimeoutMs,
    readOnly: p.readOnly ?? false,
    databases: p.databases ?? { ...GENERIC_NAMES },
    overrideDatabases: overridesDatabases(p),
    tls: p.tls ?? { mode: 'off' },
    ...(p.ssh
      ? {
          ssh: {
            host: p.ssh.host,
            port: p.ssh.port,
            user: p.ssh.user,
            auth: p.ssh.auth,
            ...(p.ssh.privateKeyFile === undefined ? {} : { privateKeyFile: p.ssh.privateKeyFile }),
            hasPassword: secrets?.sshPassword !== undefined,
            hasPassphrase: secrets?.sshPassphrase !== undefined,
          },
        }
      : {}),
    hasPassword: secrets?.password !== undefined,
    secretStorage: secrets ? secrets.storage : 'none',
  };
}

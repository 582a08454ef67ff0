import type { ConnectionParams, ProfileInput, ProfileSummary, tlsModes } from '../../../../shared/contract/connection';
import { DATABASE_ROLES, type DatabaseRole } from '../../../../shared/schema/model';

/** A TLS mode. */
export type TlsMode = (typeof tlsModes)[number];
/** How the SSH tunnel authenticates. */
export type SshAuth = 'password' | 'key' | 'agent';

/**
 * What the connection form edits: flat strings and flags, so every input is controlled.
 * Secrets live here only while the operator types; saved ones never come back from the engine.
 */
export interface ProfileFormValues {
  readonly id?: string;
  readonly name: string;
  readonly transport: 'tcp' | 'socket';
  readonly host: string;
  readonly port: number | string;
  readonly socketPath: string;
  readonly user: string;
  readonly password: string;
  /** Whether a saved profile already holds a password (the empty field then keeps it). */
  readonly hasSavedPassword: boolean;
  readonly savePassword: boolean;
  readonly timeoutSeconds: number | string;
  readonly readOnly: boolean;
  readonly tlsMode: TlsMode;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly sshEnabled: boolean;
  readonly sshHost: string;
  readonly sshPort: number | string;
  readonly sshUser: string;
  readonly sshAuth: SshAuth;
  readonly sshPassword: string;
  readonly sshPrivateKeyFile: string;
  readonly sshPassphrase: string;
  readonly hasSavedSshSecret: boolean;
  /** "Use these database names instead of the workspace's" (off: the connection follows the workspace). */
  readonly overrideDatabases: boolean;
  /** The profile's own role database names, used only with `overrideDatabases` on. */
  readonly databases: Readonly<Record<DatabaseRole, string>>;
}

/** Labels of the TLS modes, for the select. */
export const TLS_MODE_LABELS: Readonly<Record<TlsMode, string>> = {
  off: 'Off',
  required: 'Required (encrypted, no certificate check)',
  'verify-ca': 'Verify CA',
  'verify-identity': 'Verify CA and host name',
};

/** A fresh form: local server, root, the given role database names (the open workspace's). */
export function emptyProfileForm(
  databases: Readonly<Record<DatabaseRole, string>>,
  savePassword = false,
): ProfileFormValues {
  return {
    name: '',
    transport: 'tcp',
    host: '127.0.0.1',
    port: 3306,
    socketPath: '',
    user: 'root',
    password: '',
    hasSavedPassword: false,
    savePassword,
    timeoutSeconds: 10,
    readOnly: false,
    tlsMode: 'off',
    caFile: '',
    certFile: '',
    keyFile: '',
    sshEnabled: false,
    sshHost: '',
    sshPort: 22,
    sshUser: '',
    sshAuth: 'agent',
    sshPassword: '',
    sshPrivateKeyFile: '',
    sshPassphrase: '',
    hasSavedSshSecret: false,
    overrideDatabases: false,
    databases: { ...databases },
  };
}

/** The form of a saved profile (secret fields empty: an empty field keeps the saved secret). */
export function profileToForm(profile: ProfileSummary): ProfileFormValues {
  return {
    id: profile.id,
    name: profile.name,
    transport: profile.socketPath ? 'socket' : 'tcp',
    host: profile.host,
    port: profile.port,
    socketPath: profile.socketPath ?? '',
    user: profile.user,
    password: '',
    hasSavedPassword: profile.hasPassword,
    savePassword: profile.secretStorage !== 'none',
    timeoutSeconds: profile.connectTimeoutMs / 1000,
    readOnly: profile.readOnly,
    tlsMode: profile.tls.mode,
    caFile: profile.tls.caFile ?? '',
    certFile: profile.tls.certFile ?? '',
    keyFile: profile.tls.keyFile ?? '',
    sshEnabled: profile.ssh !== undefined,
    sshHost: profile.ssh?.host ?? '',
    sshPort: profile.ssh?.port ?? 22,
    sshUser: profile.ssh?.user ?? '',
    sshAuth: profile.ssh?.auth ?? 'agent',
    sshPassword: '',
    sshPrivateKeyFile: profile.ssh?.privateKeyFile ?? '',
    sshPassphrase: '',
    hasSavedSshSecret: Boolean(profile.ssh?.hasPassword || profile.ssh?.hasPassphrase),
    overrideDatabases: profile.overrideDatabases,
    databases: { ...profile.databases },
  };
}

const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
const integer = (value: number | string, fallback: number): number => {
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? Math.round(parsed) : fallback;
};

/** Problems that keep the form from connecting or saving, by field (empty when it is fine). */
export function validateProfileForm(values: ProfileFormValues, forSave: boolean): Partial<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (forSave && values.name.trim() === '') errors.name = 'Give the profile a name to save it.';
  if (values.user.trim() === '') errors.user = 'Enter the MySQL user.';
  if (values.transport === 'socket' && values.socketPath.trim() === '') errors.socketPath = 'Enter the socket path.';
  if (values.transport === 'tcp') {
    if (values.host.trim() === '') errors.host = 'Enter the host name or address.';
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'Port 1–65535.';
  }
  if ((values.tlsMode === 'verify-ca' || values.tlsMode === 'verify-identity') && values.caFile.trim() === '')
    errors.caFile = 'Verifying needs the CA certificate file.';
  if (values.certFile.trim() !== '' && values.keyFile.trim() === '')
    errors.keyFile = 'A client certificate needs its key file.';
  if (values.sshEnabled) {
    if (values.sshHost.trim() === '') errors.sshHost = 'Enter the SSH host.';
    if (values.sshUser.trim() === '') errors.sshUser = 'Enter the SSH user.';
    if (values.sshAuth === 'key' && values.sshPrivateKeyFile.trim() === '')
      errors.sshPrivateKeyFile = 'Enter the private key file.';
  }
  if (values.overrideDatabases)
    for (const role of DATABASE_ROLES)
      if (values.databases[role].trim() === '') errors[`db-${role}`] = 'Enter a database name.';
  return errors;
}

/** The connection parameters the form describes (the `connection/open`/`test` request). */
export function formToParams(values: ProfileFormValues): ConnectionParams {
  const seconds = Number(values.timeoutSeconds) || 10;
  const tls =
    values.tlsMode === 'off'
      ? undefined
      : {
          mode: values.tlsMode,
          ...(text(values.caFile) ? { caFile: text(values.caFile) } : {}),
          ...(text(values.certFile) ? { certFile: text(values.certFile) } : {}),
          ...(text(values.keyFile) ? { keyFile: text(values.keyFile) } : {}),
        };
  const ssh = values.sshEnabled
    ? {
        host: values.sshHost.trim(),
        port: integer(values.sshPort, 22),
        user: values.sshUser.trim(),
        auth: values.sshAuth,
        ...(values.sshAuth === 'password' && values.sshPassword !== '' ? { password: values.sshPassword } : {}),
        ...(values.sshAuth === 'key' && text(values.sshPrivateKeyFile)
          ? { privateKeyFile: text(values.sshPrivateKeyFile) }
          : {}),
        ...(values.sshAuth === 'key' && values.sshPassphrase !== '' ? { passphrase: values.sshPassphrase } : {}),
      }
    : undefined;
  return {
    host: values.host.trim() || '127.0.0.1',
    port: integer(values.port, 3306),
    ...(values.transport === 'socket' && text(values.socketPath) ? { socketPath: text(values.socketPath) } : {}),
    user: values.user.trim(),
    ...(values.password === '' ? {} : { password: values.password }),
    connectTimeoutMs: Math.min(120_000, Math.max(500, Math.round(seconds * 1000))),
    ...(tls ? { tls } : {}),
    ...(ssh ? { ssh } : {}),
    ...(values.readOnly ? { readOnly: true } : {}),
    // The profile's own names go out only with the explicit switch; otherwise the workspace's count.
    ...(values.overrideDatabases
      ? {
          overrideDatabases: true,
          databases: {
            core: values.databases.core.trim(),
            orchestration: values.databases.orchestration.trim(),
            ephemeral: values.databases.ephemeral.trim(),
          },
        }
      : { overrideDatabases: false }),
  };
}

/**
 * The `profile/save` request. An empty secret field keeps the saved secret (it is left
 * out); unticking "save password" drops every saved secret of the profile.
 */
export function formToProfileInput(values: ProfileFormValues): ProfileInput {
  const params = formToParams(values);
  if (!values.savePassword) {
    const { password: _password, ssh, ...rest } = params;
    const plainSsh = ssh ? (({ password: _p, passphrase: _q, ...keep }) => keep)(ssh) : undefined;
    return {
      ...rest,
      ...(plainSsh ? { ssh: plainSsh } : {}),
      ...(values.id ? { id: values.id } : {}),
      name: values.name.trim(),
      savePassword: false,
    };
  }
  return { ...params, ...(values.id ? { id: values.id } : {}), name: values.name.trim(), savePassword: true };
}

/**
 * What connecting with a saved profile sends: its id, plus the secrets typed in the form
 * as one-off overrides (for a profile saved without its password).
 */
export function profileTarget(
  profileId: string,
  values?: ProfileFormValues,
): { profileId: string; password?: string; sshPassword?: string; sshPassphrase?: string } {
  if (!values || values.id !== profileId) return { profileId };
  return {
    profileId,
    ...(values.password === '' ? {} : { password: values.password }),
    ...(values.sshPassword === '' ? {} : { sshPassword: values.sshPassword }),
    ...(values.sshPassphrase === '' ? {} : { sshPassphrase: values.sshPassphrase }),
  };
}

/** True when the form differs from the saved profile in anything but the secret fields. */
export function isFormDirty(values: ProfileFormValues, profile: ProfileSummary | undefined): boolean {
  if (!profile) return true;
  const saved = profileToForm(profile);
  const strip = (form: ProfileFormValues) =>
    JSON.stringify({
      ...form,
      password: '',
      sshPassword: '',
      sshPassphrase: '',
      port: String(form.port),
      sshPort: String(form.sshPort),
      timeoutSeconds: String(form.timeoutSeconds),
    });
  return strip(values) !== strip(saved);
}

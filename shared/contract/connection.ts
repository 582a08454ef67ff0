import { z } from 'zod';
import { topologyInfo } from './topology';
import { defineCall, defineEvent } from './define';
import { serializedError } from './jobs';
import { modelPageRequestSchema, schemaModelSchema } from './schema-model';

/** TLS modes: off, encrypted without checks, CA verified, CA + host name verified. */
export const tlsModes = ['off', 'required', 'verify-ca', 'verify-identity'] as const;

/** TLS settings (file paths only; files are read in the main process). */
export const tlsSettings = z
  .object({
    mode: z.enum(tlsModes).default('off'),
    caFile: z.string().max(4096).optional(),
    certFile: z.string().max(4096).optional(),
    keyFile: z.string().max(4096).optional(),
  })
  .strict();

/** SSH tunnel settings; `password`/`passphrase` are secrets (in only, never out). */
export const sshSettings = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).max(255),
    auth: z.enum(['password', 'key', 'agent']).default('agent'),
    password: z.string().max(1024).optional(),
    privateKeyFile: z.string().max(4096).optional(),
    passphrase: z.string().max(1024).optional(),
  })
  .strict();

/** Physical database name per role. */
export const roleDatabases = z
  .object({
    core: z.string().min(1).max(64).default('core'),
    orchestration: z.string().min(1).max(64).default('orchestration'),
    ephemeral: z.string().min(1).max(64).default('ephemeral'),
  })
  .strict();

/** What the operator types to reach a server (the password never leaves the main process after this call). */
export const connectionParams = z
  .object({
    host: z.string().trim().min(1).max(255).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(3306),
    socketPath: z.string().max(1024).optional(),
    user: z.string().min(1).max(255),
    password: z.string().max(1024).optional(),
    connectTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
    tls: tlsSettings.optional(),
    ssh: sshSettings.optional(),
    readOnly: z.boolean().optional(),
    databases: roleDatabases.optional(),
    /**
     * Read `databases` instead of the open workspace's role database names (an explicit
     * switch, off by default: without it the connection follows the workspace).
     */
    overrideDatabases: z.boolean().optional(),
  })
  .strict();
/** Parameters of a direct connection. */
export type ConnectionParams = z.input<typeof connectionParams>;
/** Parameters with defaults applied (what the engine receives). */
export type ResolvedConnectionParams = z.output<typeof connectionParams>;

/** A saved profile as the operator edits it: connection params + a name + the save-secrets choice. */
export const profileInput = connectionParams
  .extend({
    id: z.string().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(120),
    /** Store the secrets? Default: yes with OS encryption, no otherwise (browser mode/CLI). */
    savePassword: z.boolean().optional(),
  })
  .strict();
/** A profile as saved (input form). */
export type ProfileInput = z.input<typeof profileInput>;

/** A profile as the renderer sees it: no secret, only whether one is stored. */
export const profileSummary = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  socketPath: z.string().optional(),
  user: z.string(),
  connectTimeoutMs: z.number().int(),
  readOnly: z.boolean(),
  databases: z.object({ core: z.string(), orchestration: z.string(), ephemeral: z.string() }),
  /** Whether `databases` replace the workspace's names when connected with this profile. */
  overrideDatabases: z.boolean(),
  tls: z.object({
    mode: z.enum(tlsModes),
    caFile: z.string().optional(),
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
  }),
  ssh: z
    .object({
      host: z.string(),
      port: z.number().int(),
      user: z.string(),
      auth: z.enum(['password', 'key', 'agent']),
      privateKeyFile: z.string().optional(),
      hasPassword: z.boolean(),
      hasPassphrase: z.boolean(),
    })
    .optional(),
  hasPassword: z.boolean(),
  /** How stored secrets are protected: OS keychain encryption, an owner-only file, or not stored. */
  secretStorage: z.enum(['encrypted', 'owner-only-file', 'none']),
});
/** A profile as the renderer sees it. */
export type ProfileSummary = z.output<typeof profileSummary>;

/** Either a saved profile (with optional one-off secrets) or direct params. */
export const connectionTargetRequest = z.union([
  z
    .object({
      profileId: z.string().min(1),
      password: z.string().max(1024).optional(),
      sshPassword: z.string().max(1024).optional(),
      sshPassphrase: z.string().max(1024).optional(),
    })
    .strict(),
  connectionParams,
]);

/** One database of the server, as the connection screen lists it. */
export const serverDatabase = z.object({
  name: z.string(),
  tableCount: z.number().int().nonnegative(),
  isSystem: z.boolean(),
});

/** A role database of the connection: its physical name, whether it exists, its table count. */
export const roleDatabaseInfo = z.object({
  role: z.enum(['core', 'orchestration', 'ephemeral']),
  name: z.string(),
  exists: z.boolean(),
  tableCount: z.number().int().nonnegative(),
});

/**
 * The role databases hold more tables than a MariaDB server caches: every schema read makes
 * it reopen them (engine connection/table-cache-advice.ts).
 */
export const tableCacheAdvice = z.object({
  tables: z.number().int().nonnegative(),
  tableDefinitionCache: z.number().int().nonnegative(),
  tableOpenCache: z.number().int().nonnegative(),
});
/** What a too-small table cache is, in figures. */
export type TableCacheAdvice = z.output<typeof tableCacheAdvice>;

/** The state of an open connection. */
export const connectionInfo = z.object({
  connectionId: z.string(),
  serverVersion: z.string(),
  flavor: z.enum(['mariadb', 'mysql']),
  user: z.string(),
  endpoint: z.string(),
  databases: z.array(serverDatabase),
  roles: z.array(roleDatabaseInfo).optional(),
  readOnly: z.boolean().optional(),
  profileId: z.string().optional(),
  /** Where the role database names come from: the open workspace, or the connection's own override. */
  databasesFrom: z.enum(['workspace', 'connection']).optional(),
  /** What the server is: standalone, Galera node, primary, replica (issue 15). */
  topology: topologyInfo.optional(),
  /** Present when the role databases hold more tables than the server's table caches (MariaDB). */
  tableCache: tableCacheAdvice.optional(),
});
/** The state of an open connection. */
export type ConnectionInfo = z.output<typeof connectionInfo>;

/** Result of a connection test: success facts, or the typed error saying what to fix. */
export const connectionTestResult = z.object({
  ok: z.boolean(),
  serverVersion: z.string().optional(),
  flavor: z.enum(['mariadb', 'mysql']).optional(),
  endpoint: z.string().optional(),
  elapsedMs: z.number(),
  roles: z.array(roleDatabaseInfo).optional(),
  error: serializedError.optional(),
});

/** Calls of the connection domain. */
export const connectionCalls = {
  'profile/list': defineCall(
    'List saved connection profiles (never their secrets).',
    z.object({}).strict(),
    z.object({ profiles: z.array(profileSummary) }),
  ),
  'profile/save': defineCall(
    'Create or update a profile; secrets go in, never come out.',
    profileInput,
    profileSummary,
  ),
  'profile/delete': defineCall(
    'Delete a saved profile and its secrets.',
    z.object({ id: z.string() }).strict(),
    z.object({ deleted: z.boolean() }),
  ),
  'connection/test': defineCall(
    'Try a profile or params and say what to fix if it fails.',
    connectionTargetRequest,
    connectionTestResult,
  ),
  'connection/open': defineCall(
    'Connect to a server (profile or params) and list its databases.',
    connectionTargetRequest,
    connectionInfo,
  ),
  'connection/close': defineCall(
    'Close an open connection.',
    z.object({ connectionId: z.string() }).strict(),
    z.object({ closed: z.boolean() }),
  ),
  'connection/list-databases': defineCall(
    'List the databases of an open connection again.',
    z.object({ connectionId: z.string() }).strict(),
    z.object({
      databases: z.array(serverDatabase),
      roles: z.array(roleDatabaseInfo).optional(),
      databasesFrom: z.enum(['workspace', 'connection']).optional(),
    }),
  ),
  'connection/trust-host-key': defineCall(
    'Accept an SSH host key fingerprint (after connection/ssh-unknown-host) into known_hosts.',
    z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(22),
        fingerprint: z.string().regex(/^SHA256:/),
      })
      .strict(),
    z.object({ trusted: z.boolean() }),
  ),
  'schema/introspect': defineCall(
    'Read the three role databases of an open connection into the schema model (whole, or in pages).',
    z
      .object({
        connectionId: z.string(),
        databases: roleDatabases.optional(),
        /**
         * One page of the tables (counted across roles in role order). Offset 0 reads the
         * server; later offsets page through that same read, so the pages add up to one model.
         */
        page: modelPageRequestSchema.optional(),
      })
      .strict(),
    schemaModelSchema,
    { responseCheckedBy: 'client' },
  ),
} as const;

/** Events of the connection domain. */
export const connectionEvents = {
  'connection/state': defineEvent(
    'An open connection was lost or came back.',
    z.object({
      connectionId: z.string(),
      state: z.enum(['connected', 'lost']),
      message: z.string().optional(),
    }),
  ),
} as const;

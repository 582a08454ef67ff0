import type { z } from 'zod';
import type { connectionTargetRequest, ResolvedConnectionParams } from '../../../shared/contract/connection';
import type { CallResponse } from '../../../shared/contract/index';
import type { HandlersFor } from '../../../shared/contract/server';
import { serializeError } from '../../../shared/errors';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel } from '../../../shared/schema/model';
import { modelPage, tableCount } from '../../../shared/schema/model-page';
import { connect } from '../connection/connect';
import type { KnownHosts } from '../connection/known-hosts';
import type { ProfileStore } from '../connection/profile-store';
import { listServerDatabases, type ServerDatabase } from '../connection/server-databases';
import type { SessionRegistry } from '../connection/session-registry';
import { introspectShared } from '../introspect/shared-introspection';
import { startLiveRead } from './live-read';
import { roleTableCount, tableCacheAdvice } from '../connection/table-cache-advice';
import { detectTopology } from '../topology/detect-topology';

/** What the connection handlers need: stores and the registry, built once by the host. */
export interface ConnectionHandlerDeps {
  readonly profiles: ProfileStore;
  readonly sessions: SessionRegistry;
  readonly knownHosts: KnownHosts;
  /** Environment for SSH_AUTH_SOCK (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The calls these handlers answer. */
export type ConnectionCallName =
  | 'profile/list'
  | 'profile/save'
  | 'profile/delete'
  | 'connection/test'
  | 'connection/open'
  | 'connection/close'
  | 'connection/list-databases'
  | 'connection/trust-host-key'
  | 'schema/introspect';

type TargetRequest = z.output<typeof connectionTargetRequest>;

function roleInfo(names: Readonly<Record<DatabaseRole, string>>, databases: readonly ServerDatabase[]) {
  return DATABASE_ROLES.map((role) => {
    const found = databases.find((d) => d.name === names[role]);
    return { role, name: names[role], exists: found !== undefined, tableCount: found?.tableCount ?? 0 };
  });
}

/** The names a connection reads instead of the workspace's: only with its explicit switch on. */
function overrideNames(params: ResolvedConnectionParams): ResolvedConnectionParams['databases'] {
  return params.overrideDatabases ? params.databases : undefined;
}

/**
 * Handlers of profiles, connections and live introspection. Secrets enter through
 * `profile/save` and connect calls and never leave: responses carry `hasPassword` flags,
 * errors carry no secret (mysql2/ssh2 messages never include the password).
 */
export function createConnectionHandlers(deps: ConnectionHandlerDeps): HandlersFor<ConnectionCallName> {
  const pagedReads = new Map<string, SchemaModel>();
  const connectDeps = { knownHosts: deps.knownHosts, ...(deps.env === undefined ? {} : { env: deps.env }) };
  const resolve = async (request: TargetRequest): Promise<ResolvedConnectionParams & { id?: string }> => {
    if ('profileId' in request) {
      const { profileId, password, sshPassword, sshPassphrase } = request;
      return deps.profiles.resolve(profileId, {
        ...(password === undefined ? {} : { password }),
        ...(sshPassword === undefined ? {} : { sshPassword }),
        ...(sshPassphrase === undefined ? {} : { sshPassphrase }),
      });
    }
    return request;
  };
  return {
    'profile/list': async () => ({ profiles: await deps.profiles.list() }),
    'profile/save': async (request) => deps.profiles.save(request),
    'profile/delete': async ({ id }) => ({ deleted: await deps.profiles.delete(id) }),
    'connection/test': async (request) => {
      const started = Date.now();
      try {
        const params = await resolve(request);
        const session = await connect(params, connectDeps);
        try {
          const databases = await listServerDatabases(session.pool);
          return {
            ok: true,
            serverVersion: session.serverVersion,
            flavor: session.flavor,
            endpoint: session.endpoint,
            elapsedMs: Date.now() - started,
            roles: roleInfo(deps.sessions.resolveNames(overrideNames(params)).databases, databases),
          };
        } finally {
          await session.close();
        }
      } catch (error) {
        return { ok: false, elapsedMs: Date.now() - started, error: serializeError(error) };
      }
    },
    'connection/open': async (request) => {
      const params = await resolve(request);
      const session = await connect(params, connectDeps);
      try {
        const readOnly = params.readOnly ?? false;
        // Both reads at once. Topology is informative here: a server that hides it (privileges) still opens.
        const [databases, topology] = await Promise.all([
          listServerDatabases(session.pool),
          detectTopology(session.pool).catch(() => undefined),
        ]);
        const connectionId = deps.sessions.add(session, {
          readOnly,
          ...(params.overrideDatabases && params.databases ? { databases: params.databases } : {}),
          ...(params.id ? { profileId: params.id } : {}),
        });
        const { databases: names, databasesFrom } = deps.sessions.get(connectionId);
        // Read now what the app asks for next (explorer, analysis), instead of listing the databases again then.
        startLiveRead(session, names, databases);
        const roles = roleInfo(names, databases);
        const roleTables = roleTableCount(roles.map((r) => [r.name, r.tableCount]));
        const tableCache = await tableCacheAdvice(session.pool, session.flavor, roleTables);
        return {
          connectionId,
          serverVersion: session.serverVersion,
          flavor: session.flavor,
          user: session.user,
          endpoint: session.endpoint,
          databases,
          roles,
          readOnly,
          databasesFrom,
          ...(params.id ? { profileId: params.id } : {}),
          ...(topology ? { topology } : {}),
          ...(tableCache ? { tableCache } : {}),
        };
      } catch (error) {
        await session.close().catch(() => {});
        throw error;
      }
    },
    'connection/close': async ({ connectionId }) => ({ closed: await deps.sessions.close(connectionId) }),
    'connection/list-databases': async ({ connectionId }) => {
      const open = deps.sessions.get(connectionId);
      const databases = await listServerDatabases(open.session.pool);
      // The role databases as they resolve now (the open workspace may have changed since connect).
      return { databases, roles: roleInfo(open.databases, databases), databasesFrom: open.databasesFrom };
    },
    'connection/trust-host-key': async ({ host, port, fingerprint }) => {
      await deps.knownHosts.trust(host, port, fingerprint);
      return { trusted: true };
    },
    'schema/introspect': async ({ connectionId, databases, page }) => {
      const open = deps.sessions.get(connectionId);
      const names = databases ?? open.databases;
      const key = JSON.stringify([connectionId, names]);
      let model: SchemaModel;
      if (page && page.offset > 0 && pagedReads.has(key)) model = pagedReads.get(key)!;
      else {
        model = await introspectShared(open.session, names);
        // A paged read is kept until its last page is served (one per connection and databases).
        if (page) pagedReads.set(key, model);
      }
      if (!page) return model as unknown as CallResponse<'schema/introspect'>;
      if (page.offset + page.limit >= tableCount(model)) pagedReads.delete(key);
      // Same shape; the model's arrays are readonly, the zod output type's are not.
      return modelPage(model, page) as unknown as CallResponse<'schema/introspect'>;
    },
  };
}

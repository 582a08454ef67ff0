// FOUNDATION VERSION written by the lead so the first feature runs end to end; helper B
// owns this file and replaces it with the profile-aware version.
import { LupoError } from '../../../shared/errors';
import type { HandlersFor } from '../../../shared/contract/server';
import { openSession, type Session } from '../connection/session';
import { listServerDatabases } from '../connection/server-databases';

/** Handlers of the `connection/*` calls. */
export function createConnectionHandlers(): {
  handlers: HandlersFor<'connection/open' | 'connection/close' | 'connection/list-databases'>;
  dispose: () => Promise<void>;
} {
  const sessions = new Map<string, Session>();
  const session = (id: string): Session => {
    const found = sessions.get(id);
    if (!found) {
      throw new LupoError('connection/not-open', 'This connection is no longer open.', { hint: 'Connect again.' });
    }
    return found;
  };
  return {
    handlers: {
      'connection/open': async (params) => {
        const opened = await openSession({
          host: params.host,
          port: params.port,
          user: params.user,
          connectTimeoutMs: params.connectTimeoutMs,
          ...(params.password === undefined ? {} : { password: params.password }),
          ...(params.socketPath ? { socketPath: params.socketPath } : {}),
        });
        sessions.set(opened.id, opened);
        return {
          connectionId: opened.id,
          serverVersion: opened.serverVersion,
          flavor: opened.flavor,
          user: opened.user,
          endpoint: opened.endpoint,
          databases: await listServerDatabases(opened.pool),
        };
      },
      'connection/close': async ({ connectionId }) => {
        const found = sessions.get(connectionId);
        sessions.delete(connectionId);
        await found?.close();
        return { closed: Boolean(found) };
      },
      'connection/list-databases': async ({ connectionId }) => ({
        databases: await listServerDatabases(session(connectionId).pool),
      }),
    },
    dispose: async () => {
      await Promise.all([...sessions.values()].map((s) => s.close().catch(() => {})));
      sessions.clear();
    },
  };
}

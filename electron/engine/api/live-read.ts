import type { EngineSink } from '../../../shared/engine-events';
import type { DatabaseRole, SchemaModel } from '../../../shared/schema/model';
import { listServerDatabases, type ServerDatabase } from '../connection/server-databases';
import type { Session } from '../connection/session';
import { introspectShared } from '../introspect/shared-introspection';

/** What an analysis against live reads: the server's databases (with table counts) and the role databases' model. */
export interface LiveRead {
  readonly databases: Promise<readonly ServerDatabase[]>;
  readonly model: Promise<SchemaModel>;
}

type RoleNames = Readonly<Record<DatabaseRole, string>>;

/** Reads connect started, per session and role names, while their introspection is under way. */
const underWay = new WeakMap<Session, Map<string, LiveRead>>();

function keyOf(names: RoleNames): string {
  return JSON.stringify([names.core, names.orchestration, names.ephemeral]);
}

/**
 * Starts reading the live model as soon as a connection opens, with the database list
 * connect has just read: the app's first analysis (and its explorer) need both, and at
 * 10,000 tables the list is a scan of information_schema.TABLES (~1 s on the server)
 * and the model seconds more. Failures are left to whoever joins (`readLive`): no one
 * joining is not an error (the connection may close first).
 */
export function startLiveRead(session: Session, names: RoleNames, databases: readonly ServerDatabase[]): void {
  const read: LiveRead = { databases: Promise.resolve(databases), model: introspectShared(session, names) };
  let bySession = underWay.get(session);
  if (!bySession) underWay.set(session, (bySession = new Map()));
  const key = keyOf(names);
  bySession.set(key, read);
  const forget = (): void => {
    if (bySession.get(key) === read) bySession.delete(key);
  };
  read.model.then(forget, forget);
}

/**
 * The live databases and model: joins the read connect started while it is still under
 * way (its database list is as fresh as the model being read), else reads both now — the
 * live databases change under us, so a settled read is never reused.
 */
export function readLive(session: Session, names: RoleNames, sink?: EngineSink): LiveRead {
  const started = underWay.get(session)?.get(keyOf(names));
  return {
    databases: started?.databases ?? listServerDatabases(session.pool),
    model: introspectShared(session, names, sink),
  };
}

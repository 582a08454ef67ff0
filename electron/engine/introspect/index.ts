import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import {
  DATABASE_ROLES,
  type Column,
  type Database,
  type DatabaseRole,
  type SchemaModel,
} from '../../../shared/schema/model';
import type { ResolvedConnectionParams } from '../../../shared/contract/connection';
import { connect } from '../connection/connect';
import { mapConnectionError } from '../connection/connection-errors';
import type { KnownHosts } from '../connection/known-hosts';
import { openSession, type ConnectionTarget, type Session } from '../connection/session';
import { dialectFor, type Dialect } from '../dialect';
import { buildColumnsByTable, buildDatabase, type RawSchemaRows } from './build-model';
import {
  COLUMNS_SQL,
  FOREIGN_KEY_COLUMNS_SQL,
  FORBIDDEN_SQL,
  REFERENTIAL_SQL,
  STATISTICS_SQL,
  TABLES_SQL,
  VIEWS_SQL,
} from './queries';

type Rows = Record<string, unknown>[];

/**
 * Errors of an already-open session: a refused or reset connection means the server went
 * away under us, which the operator knows as "connection lost" (the pool reconnects by
 * itself on the next call once the server is back).
 */
function sessionError(error: unknown, session: Session, database?: string): LupoError {
  const mapped = mapConnectionError(error, {
    endpoint: session.endpoint,
    user: session.user,
    ...(database === undefined ? {} : { database }),
  });
  if (mapped.code !== 'connection/refused' && mapped.code !== 'connection/timeout' && mapped.code !== 'connection/lost')
    return mapped;
  return new LupoError('connection/lost', `The connection to ${session.endpoint} was lost while reading the schema.`, {
    hint: 'The server stopped or the network dropped. Check the server, then try again: the connection recovers by itself.',
    ...(mapped.details === undefined ? {} : { details: { ...mapped.details } }),
    cause: error,
  });
}

async function select(pool: Pool, sql: string, params: string[]): Promise<Rows> {
  const [rows] = await pool.query<RowDataPacket[]>(sql, params);
  return rows as Rows;
}

/** True when the schema may have foreign keys (cheap dialect check; errs on "yes"). */
async function mayHaveForeignKeys(pool: Pool, dialect: Dialect, schema: string): Promise<boolean> {
  const sql = dialect.foreignKeyPresenceSql(schema);
  if (sql === undefined) return true;
  try {
    const rows = await select(pool, sql, [schema]);
    return Number(rows[0]?.n ?? 1) > 0;
  } catch {
    return true; // no PROCESS privilege: take the slow, always-allowed path
  }
}

const JSON_CANDIDATE = (row: Record<string, unknown>): boolean =>
  row.dt === 'longtext' && typeof row.co === 'string' && row.co.endsWith('_bin');

/**
 * Reads one schema with one bulk query per kind of object, all started at once so a pool
 * of 4 runs them in parallel. Queries that make MariaDB open every table run only when
 * needed: foreign keys when the schema has any (a doctrine-compliant schema has none),
 * JSON CHECKs when some column could be a MariaDB JSON column (longtext, binary collation).
 */
export async function readSchemaRows(pool: Pool, dialect: Dialect, schema: string): Promise<RawSchemaRows> {
  const { rows } = await readSchema(pool, dialect, schema, false);
  return rows;
}

/**
 * The queries of readSchemaRows; with `buildColumns` the columns are turned into model
 * columns as soon as their rows arrive, while the slower statistics query still runs.
 */
async function readSchema(
  pool: Pool,
  dialect: Dialect,
  schema: string,
  buildColumns: boolean,
): Promise<{ rows: RawSchemaRows; columns?: Map<string, Column[]> }> {
  const p = [schema];
  const foreignKeys = mayHaveForeignKeys(pool, dialect, schema).then(async (may) => {
    const referential = may ? await select(pool, REFERENTIAL_SQL, p) : [];
    return { referential, foreignKeyColumns: referential.length ? await select(pool, FOREIGN_KEY_COLUMNS_SQL, p) : [] };
  });
  const statistics = select(pool, STATISTICS_SQL, p);
  const tables = select(pool, TABLES_SQL, p);
  // TABLES lists views too: VIEWS (which opens them) only runs when there are any.
  const views = tables.then((rows) => (rows.some((r) => r.ty === 'VIEW') ? select(pool, VIEWS_SQL, p) : []));
  const columnsAndJson = select(pool, COLUMNS_SQL, p).then(async (columns) => ({
    columns,
    jsonColumns:
      dialect.jsonColumnsSql !== undefined && columns.some(JSON_CANDIDATE)
        ? await select(pool, dialect.jsonColumnsSql, p)
        : [],
  }));
  const built = buildColumns
    ? Promise.all([tables, columnsAndJson]).then(([t, c]) => buildColumnsByTable(t, c.columns, c.jsonColumns, dialect))
    : Promise.resolve(undefined);
  const [s, t, fks, cols, viewRows, forbidden, columns] = await Promise.all([
    statistics,
    tables,
    foreignKeys,
    columnsAndJson,
    views,
    select(pool, FORBIDDEN_SQL, [schema, schema, schema]),
    built,
  ]);
  const rows = { tables: t, statistics: s, ...fks, ...cols, views: viewRows, forbidden };
  return columns === undefined ? { rows } : { rows, columns };
}

/** Introspects one schema of an open session into a model database. */
export async function introspectDatabase(session: Session, role: DatabaseRole, name: string): Promise<Database> {
  const dialect = dialectFor(session.flavor);
  try {
    const { rows, columns } = await readSchema(session.pool, dialect, name, true);
    return buildDatabase(role, name, rows, dialect, columns);
  } catch (error) {
    throw sessionError(error, session, name);
  }
}

/**
 * Introspects the three role databases of an open session into a SchemaModel. A role whose
 * database does not exist yet comes back empty (with a warning on the sink), so a fresh
 * server diffs as "everything to create". A lost connection fails as `connection/lost`.
 */
export async function introspectSession(
  session: Session,
  names: Readonly<Record<DatabaseRole, string>>,
  sink: EngineSink = silentSink,
): Promise<SchemaModel> {
  sink({ type: 'progress', value: 0, detail: 'Reading information_schema' });
  const endpoint = session.endpoint;
  let existing: Set<string>;
  try {
    const rows = await select(session.pool, 'SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA', []);
    existing = new Set(rows.map((r) => String(r.s)));
  } catch (error) {
    throw sessionError(error, session);
  }
  const unique = [...new Set(DATABASE_ROLES.map((role) => names[role]))];
  const read = new Map<string, Promise<Database>>();
  for (const name of unique) {
    if (!existing.has(name))
      sink({
        type: 'log',
        level: 'warn',
        message: `Database "${name}" does not exist on ${endpoint}; treated as empty.`,
      });
    else read.set(name, introspectDatabase(session, 'core', name));
  }
  const results = await Promise.allSettled([...read.values()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const byName = new Map<string, Database>();
  [...read.keys()].forEach((name, i) => {
    const r = results[i];
    if (r?.status === 'fulfilled') byName.set(name, r.value);
  });
  const databases = {} as Record<DatabaseRole, Database>;
  for (const role of DATABASE_ROLES) {
    const name = names[role];
    const found = byName.get(name);
    databases[role] = found ? { ...found, role } : { role, name, tables: [], views: [], forbiddenObjects: [] };
  }
  sink({ type: 'progress', value: 1, detail: 'Introspection done' });
  return { databases };
}

/** Full params (TLS/SSH) plus the known_hosts store, for targets beyond plain TCP/socket. */
export interface LiveModelParams {
  readonly params: ResolvedConnectionParams;
  readonly knownHosts: KnownHosts;
}

/**
 * Connects to `target` (a plain target, or full params with TLS/SSH from
 * connectionParamsFromFlags), introspects the role databases named in `names` and
 * disconnects: the one-shot entry point of `lupo inspect --db` and other CLI commands.
 */
export async function loadLiveModel(
  target: ConnectionTarget | LiveModelParams,
  names: Readonly<Record<DatabaseRole, string>>,
  sink: EngineSink = silentSink,
): Promise<SchemaModel> {
  const session =
    'params' in target ? await connect(target.params, { knownHosts: target.knownHosts }) : await openSession(target);
  try {
    return await introspectSession(session, names, sink);
  } finally {
    await session.close().catch(() => {});
  }
}

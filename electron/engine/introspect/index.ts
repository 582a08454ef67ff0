import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import { DATABASE_ROLES, type Database, type DatabaseRole, type SchemaModel } from '../../../shared/schema/model';
import type { ResolvedConnectionParams } from '../../../shared/contract/connection';
import { connect } from '../connection/connect';
import { mapConnectionError } from '../connection/connection-errors';
import type { KnownHosts } from '../connection/known-hosts';
import { openSession, type ConnectionTarget, type Session } from '../connection/session';
import { dialectFor, type Dialect } from '../dialect';
import { versionNumber } from '../dialect/common';
import {
  COLUMNS_SQL,
  FOREIGN_KEY_COLUMNS_SQL,
  FORBIDDEN_SQL,
  REFERENTIAL_SQL,
  statisticsSql,
  TABLE_FIGURES_SQL,
  TABLE_HEADS_SQL,
  VIEWS_SQL,
} from './queries';
import { SchemaBuilder } from './schema-builder';
import { partitionClause } from './partition-clause';
import { quoteQualified } from '../sql/identifier';

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

/**
 * Longest stretch (ms) of row handling before the event loop gets a turn. The driver parses
 * every chunk the socket has (libuv reads up to 32 of 64 KB in one go), so at 10,000 tables
 * the COLUMNS rows were handled in one ~300 ms stall unless reading pauses.
 */
const ROW_SLICE_MS = 20;

/**
 * Runs a bulk query with rows as arrays and hands each row to `onRow` as it is parsed, so
 * the caller builds model objects while the rest of the result (and other queries) still
 * arrive, and no array of raw rows is ever held. Every {@link ROW_SLICE_MS} the connection
 * pauses (mysql2 then stops reading the socket) until the event loop had a turn. Rejects
 * with mysql2's error, as `pool.query` would, or with what `onRow` threw.
 */
function streamRows(pool: Pool, sql: string, params: string[], onRow: (row: unknown[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (!failed) reject(error);
      failed = true;
    };
    // Its own pool connection, as pool.query would take, but one this function can pause.
    pool.pool.getConnection((error, connection) => {
      if (error) return fail(error);
      let sliceStart = performance.now();
      const resume = (): void => {
        sliceStart = performance.now();
        connection.resume();
      };
      connection
        .query({ sql, rowsAsArray: true }, params)
        .on('result', (row) => {
          // After a failure the rest is only drained, so the connection goes back to the pool clean.
          if (failed) return;
          try {
            onRow(row as unknown as unknown[]);
          } catch (thrown) {
            fail(thrown);
            return;
          }
          if (performance.now() - sliceStart >= ROW_SLICE_MS) {
            connection.pause();
            setImmediate(resume);
          }
        })
        .on('error', fail)
        .on('end', () => {
          connection.release();
          if (!failed) resolve();
        });
    });
  });
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

/**
 * Reads one schema into a model database with one bulk query per kind of object, all
 * started at once so the pool of 4 runs them in parallel, longest first. COLUMNS and
 * STATISTICS rows are built into the model as they arrive (SchemaBuilder): TABLES is read in
 * two parts, the cheap heads first (columns need the table's collation) while the figures,
 * for which MariaDB opens every table, are still being read. Queries that
 * make MariaDB open every table run only when needed: foreign keys when the schema has any
 * (a doctrine-compliant schema has none), views when TABLES lists one, JSON CHECKs when
 * some column could be a MariaDB JSON column (longtext, binary collation).
 */
async function readDatabase(
  pool: Pool,
  dialect: Dialect,
  version: number,
  role: DatabaseRole,
  schema: string,
): Promise<Database> {
  const p = [schema];
  const builder = new SchemaBuilder(schema, dialect);
  const columns = streamRows(pool, COLUMNS_SQL, p, (row) => builder.addColumn(row));
  const statisticsQuery = statisticsSql(dialect.indexIgnoredSql(version));
  const statistics = streamRows(pool, statisticsQuery, p, (row) => builder.addStatistic(row));
  const tables = select(pool, TABLE_HEADS_SQL, p).then((rows) => {
    builder.addTables(rows);
    return rows;
  });
  // Started now (the slowest query: the server opens every table), applied after the heads.
  const figures = Promise.all([tables, select(pool, TABLE_FIGURES_SQL, p)]).then(([, rows]) => {
    builder.addTableFigures(rows);
    return rows;
  });
  // Queued before the small queries: on MariaDB it opens every table too, and started beside
  // FIGURES and STATISTICS it finds most tables still open from them.
  const checks = select(pool, dialect.checksSql, p);
  const foreignKeys = mayHaveForeignKeys(pool, dialect, schema).then(async (may) => {
    const referential = may ? await select(pool, REFERENTIAL_SQL, p) : [];
    return { referential, foreignKeyColumns: referential.length ? await select(pool, FOREIGN_KEY_COLUMNS_SQL, p) : [] };
  });
  const forbidden = select(pool, FORBIDDEN_SQL, [schema, schema, schema]);
  // TABLES lists views too: VIEWS (which opens them) only runs when there are any.
  const views = tables.then((rows) => (rows.some((r) => r.ty === 'VIEW') ? select(pool, VIEWS_SQL, p) : []));
  const json = Promise.all([tables, columns, checks]).then(([, , rows]) => {
    if (dialect.jsonColumnsSql !== undefined && builder.hasJsonCandidates) builder.applyJsonColumns(rows);
  });
  // SRIDs (GEOMETRY_COLUMNS opens tables on MariaDB): only when there are geometry columns.
  const srids = json.then(async () => {
    if (builder.hasGeometryColumns) builder.applySrids(await select(pool, dialect.sridSql, p));
  });
  // Partitioning is only in SHOW CREATE TABLE: read for the (few) partitioned tables only.
  const partitions = figures.then((rows) =>
    Promise.all(
      rows
        .filter((row) => /\bpartitioned\b/i.test(String(row.op ?? '')))
        .map(async (row) => {
          const name = String(row.t);
          const [result] = await pool.query<RowDataPacket[]>(`SHOW CREATE TABLE ${quoteQualified(schema, name)}`);
          const text = String(Object.values(result[0] ?? {})[1] ?? '');
          const clause = partitionClause(text);
          if (clause !== undefined) builder.setPartitioning(name, clause);
        }),
    ),
  );
  const [fks, viewRows, forbiddenRows, checkRows] = await Promise.all([
    foreignKeys,
    views,
    forbidden,
    checks,
    statistics,
    srids,
    partitions,
  ]);
  return builder.finish(role, { ...fks, views: viewRows, forbidden: forbiddenRows, checks: checkRows });
}

/** Introspects one schema of an open session into a model database. */
export async function introspectDatabase(session: Session, role: DatabaseRole, name: string): Promise<Database> {
  const dialect = dialectFor(session.flavor);
  try {
    return await readDatabase(session.pool, dialect, versionNumber(session.serverVersion), role, name);
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
  sink({ type: 'progress', value: 0, detail: `Reading information_schema on ${session.endpoint}` });
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
  const reading = unique.filter((name) => existing.has(name));
  let done = 0;
  for (const name of unique) {
    if (!existing.has(name)) {
      sink({
        type: 'log',
        level: 'warn',
        message: `Database "${name}" does not exist on ${endpoint}; treated as empty.`,
      });
      continue;
    }
    const roles = DATABASE_ROLES.filter((role) => names[role] === name).join('/');
    sink({
      type: 'progress',
      value: done / reading.length,
      detail: `Reading information_schema of ${roles} database ${name}`,
    });
    read.set(
      name,
      introspectDatabase(session, 'core', name).then((database) => {
        done += 1;
        sink({
          type: 'progress',
          value: done / reading.length,
          detail: `Built the model of ${roles} database ${name} (${database.tables.length} tables)`,
        });
        return database;
      }),
    );
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

import type { HandlersFor } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import type { SessionRegistry } from '../connection/session-registry';
import type { JobRunner } from '../jobs/job-runner';
import { readExplainJson } from '../query/explain-plan';
import { exportResult } from '../query/export-result';
import { QueryHistory } from '../query/query-history';
import { QuerySession } from '../query/query-session';
import { saveAsMigration } from '../query/save-as-migration';
import { assessStatement } from '../query/statement-safety';
import { splitScript } from '../query/split-script';
import { applyChangeSet, editRefusal, reviewChangeSet } from '../query/change-set';
import { browseTable, countTableRows, showCreateTable } from '../query/table-browser';
import { rowKeyOf } from '../query/table-shape';

/** What the console handlers need. */
export interface QueryHandlerDeps {
  readonly sessions: Pick<SessionRegistry, 'get' | 'ids'>;
  readonly jobs: JobRunner;
  readonly userDataDir: string;
  /** The open workspace's migrations folder (undefined when no workspace is open). */
  readonly migrationsDir: () => string | undefined;
}

/** The calls these handlers answer. */
export type QueryCallName =
  | 'query/open'
  | 'query/check'
  | 'query/run'
  | 'query/fetch'
  | 'query/close-result'
  | 'query/cancel'
  | 'query/close'
  | 'query/history'
  | 'query/export'
  | 'query/explain'
  | 'query/save-migration'
  | 'query/browse'
  | 'query/count'
  | 'query/show-create'
  | 'query/edit-review'
  | 'query/edit-apply';

interface Console {
  readonly query: QuerySession;
  readonly connectionId: string;
}

/**
 * Handlers of the SQL console. Each `query/open` makes a console with a server connection
 * of its own; rows cross the contract only in pages (`query/run` returns the first,
 * `query/fetch` the next) so neither side holds a whole result. A console whose
 * connection was closed is closed with it on next use. Every statement is appended to
 * the history file in the user-data folder.
 */
export function createQueryHandlers(deps: QueryHandlerDeps): HandlersFor<QueryCallName> {
  const consoles = new Map<string, Console>();
  const history = new QueryHistory(deps.userDataDir);

  const requireConsole = (consoleId: string): Console => {
    const found = consoles.get(consoleId);
    if (!found || !deps.sessions.ids().includes(found.connectionId)) {
      if (found) void found.query.close();
      consoles.delete(consoleId);
      throw new LupoError(
        'query/no-console',
        'This console is not open (its connection was closed or the app restarted).',
        {
          hint: 'Open the console again from the connected profile.',
        },
      );
    }
    return found;
  };

  /** The pool and database a data-browser call reads (the role's database unless one is named). */
  const browseTarget = (target: {
    connectionId: string;
    role: 'core' | 'orchestration' | 'ephemeral';
    database?: string | undefined;
  }) => {
    const open = deps.sessions.get(target.connectionId);
    return {
      pool: open.session.pool,
      database: target.database ?? open.databases[target.role],
      readOnly: open.readOnly,
    };
  };

  return {
    'query/browse': async (input) => {
      const { pool, database, readOnly } = browseTarget(input);
      const page = await browseTable(pool, {
        database,
        table: input.table,
        filters: input.filters,
        showDeleted: input.showDeleted,
        limit: input.limit,
        offset: input.offset,
        ...(input.where === undefined ? {} : { where: input.where }),
        ...(input.orderBy ? { orderBy: input.orderBy } : {}),
        ...(input.after ? { after: input.after } : {}),
        ...(input.before ? { before: input.before } : {}),
      });
      const notEditable = editRefusal(page.shape, readOnly);
      const generated = [...page.shape.columns.values()].filter((c) => c.generated).map((c) => c.name);
      return {
        database,
        columns: [...page.columns],
        rows: page.rows.map((r) => [...r]),
        hasMore: page.hasMore,
        softDelete: page.softDelete,
        sql: page.sql,
        ...(page.estimatedRows === undefined ? {} : { estimatedRows: page.estimatedRows }),
        ...(page.seek ? { seek: { first: [...page.seek.first], last: [...page.seek.last] } } : {}),
        ...(notEditable === undefined
          ? { edit: { key: [...(rowKeyOf(page.shape) ?? [])], generated } }
          : { notEditable }),
      };
    },
    'query/edit-review': async (input) => {
      const { pool, database, readOnly } = browseTarget(input);
      const plan = await reviewChangeSet(pool, { database, table: input.table, changes: input.changes, readOnly });
      return {
        database,
        statements: plan.statements.map((s) => ({
          change: s.change,
          action: s.action,
          sql: s.sql,
          params: s.params.map((p) => (Buffer.isBuffer(p) ? `0x${p.toString('hex')}` : p)),
          literal: s.literal,
          destructive: s.destructive,
          ...(s.check ? { check: s.check.sql } : {}),
        })),
        ...(plan.confirmWith === undefined ? {} : { confirmWith: plan.confirmWith }),
      };
    },
    'query/edit-apply': async (input) => {
      const { pool, database, readOnly } = browseTarget(input);
      const outcome = await applyChangeSet(pool, {
        database,
        table: input.table,
        changes: input.changes,
        readOnly,
        ...(input.typed === undefined ? {} : { typed: input.typed }),
      });
      return { committed: outcome.committed, applied: outcome.applied, conflicts: [...outcome.conflicts] };
    },
    'query/count': async (input) => {
      const { pool, database } = browseTarget(input);
      const count = await countTableRows(pool, {
        database,
        table: input.table,
        filters: input.filters,
        showDeleted: input.showDeleted,
        ...(input.where === undefined ? {} : { where: input.where }),
      });
      return { count };
    },
    'query/show-create': async (input) => {
      const { pool, database } = browseTarget(input);
      return { sql: await showCreateTable(pool, database, input.table) };
    },
    'query/open': async ({ connectionId, database, profile }) => {
      const open = deps.sessions.get(connectionId);
      const chosen = database ?? open.databases.core;
      let currentDb = chosen;
      const query = await QuerySession.open(open.session, { readOnly: open.readOnly, database: chosen }, (record) => {
        if (record.database) currentDb = record.database;
        void history
          .append({
            at: new Date().toISOString(),
            sql: record.sql,
            durationMs: Math.round(record.durationMs),
            ...(record.rows === undefined ? {} : { rows: record.rows }),
            ...((profile ?? open.profileId) ? { profile: profile ?? open.profileId } : {}),
            database: currentDb,
            ...(record.error ? { error: record.error } : {}),
          })
          .catch(() => undefined);
      });
      consoles.set(query.id, { query, connectionId });
      return { consoleId: query.id, threadId: query.threadId, readOnly: query.readOnly, database: chosen };
    },
    'query/check': async ({ consoleId, sql }) => ({ statements: await requireConsole(consoleId).query.check(sql) }),
    'query/run': async ({ consoleId, sql, pageSize, confirm }) =>
      requireConsole(consoleId).query.run(sql, pageSize, {
        ...(confirm.typed === undefined ? {} : { typed: confirm.typed }),
        allowMissingWhere: confirm.allowMissingWhere,
      }),
    'query/fetch': async ({ consoleId, resultId, count }) => requireConsole(consoleId).query.fetch(resultId, count),
    'query/close-result': async ({ consoleId, resultId }) => ({
      closed: await requireConsole(consoleId).query.closeResult(resultId),
    }),
    'query/cancel': async ({ consoleId }) => ({ cancelled: await requireConsole(consoleId).query.cancel() }),
    'query/close': async ({ consoleId }) => {
      const found = consoles.get(consoleId);
      consoles.delete(consoleId);
      if (found) await found.query.close();
      return { closed: found !== undefined };
    },
    'query/history': async ({ search, limit }) => ({ entries: await history.search(search, limit) }),
    'query/export': async ({ consoleId, sql, format, path }) => {
      const { query, connectionId } = requireConsole(consoleId);
      const database = await query.database();
      const pool = deps.sessions.get(connectionId).session.pool;
      const jobId = deps.jobs.start('query-export', `Export to ${path}`, ({ sink, signal }) =>
        exportResult(pool, { sql, format, path, sink, signal, ...(database ? { database } : {}) }),
      );
      return { jobId };
    },
    'query/explain': async ({ consoleId, sql, analyze }) => {
      const { query } = requireConsole(consoleId);
      const statements = splitScript(sql);
      if (statements.length !== 1) {
        throw new LupoError('query/one-statement', 'EXPLAIN takes one statement.', {
          hint: 'Put the cursor in one statement.',
        });
      }
      const statement = statements[0]!.sql;
      const assessment = assessStatement(statement);
      if (analyze && assessment.access !== 'read') {
        throw new LupoError('query/analyze-write', 'ANALYZE runs the statement; it is only offered for reads.', {
          hint: 'Use EXPLAIN (without ANALYZE) for changes.',
        });
      }
      if (query.readOnly && assessment.access !== 'read') {
        throw new LupoError('query/read-only', 'This profile is read-only: EXPLAIN is offered for reads only.', {});
      }
      const rows = await query.query(`${analyze ? 'ANALYZE' : 'EXPLAIN'} FORMAT=JSON ${statement}`);
      const json = String(Object.values(rows[0] ?? {})[0] ?? '{}');
      return { nodes: readExplainJson(json), json };
    },
    'query/save-migration': async ({ sql, role, name }) => {
      const migrationsDir = deps.migrationsDir();
      if (!migrationsDir) {
        throw new LupoError(
          'query/no-workspace',
          'No workspace is open, so there is no migrations folder to save into.',
          {
            hint: 'Open a workspace first.',
          },
        );
      }
      const saved = await saveAsMigration({ sql, role, name, migrationsDir });
      return { path: saved.path, fileName: saved.fileName, content: saved.content };
    },
  };
}

import { z } from 'zod';
import { defineCall } from './define';

/**
 * The SQL console: a query session per open connection (its own server connection, apart
 * from migrations), results fetched in pages keyed by a result id so neither side ever
 * holds a whole result, cancel by `KILL QUERY`, a guard that classifies every statement
 * before it is sent, history, export and "save as migration".
 */

/** One cell as it crosses the wire: text (dates, big numbers, decimals), a number, or NULL. Binary is `0x…`. */
export const queryCell = z.union([z.string(), z.number(), z.null()]);
/** One cell value. */
export type QueryCell = z.output<typeof queryCell>;

/** A result column: its label, server type and where it comes from. */
export const queryColumn = z.object({
  name: z.string(),
  /** mysql2 type name: LONGLONG, VAR_STRING, DATETIME, NEWDECIMAL, BLOB, JSON… */
  type: z.string(),
  table: z.string().optional(),
  database: z.string().optional(),
  nullable: z.boolean(),
  /** Part of the primary key of `table`. */
  primaryKey: z.boolean(),
  /** Binary bytes (BLOB, VARBINARY, BIT…; cells are `0x…`), told apart from TEXT, which shares the BLOB type. */
  binary: z.boolean().optional(),
});
/** A result column. */
export type QueryColumn = z.output<typeof queryColumn>;

/** A server warning (`SHOW WARNINGS`). */
export const queryWarning = z.object({ level: z.string(), code: z.number(), message: z.string() });
/** A server warning. */
export type QueryWarning = z.output<typeof queryWarning>;

/** One page of a statement's result (the first page also carries columns and counts). */
export const queryPage = z.object({
  resultId: z.string(),
  /** The statement as sent. */
  sql: z.string(),
  columns: z.array(queryColumn),
  rows: z.array(z.array(queryCell)),
  /** Rows handed out so far, this page included. */
  rowsFetched: z.number().int().nonnegative(),
  /** No more rows (the result is finished and released on the server). */
  done: z.boolean(),
  /** For statements without a result set. */
  affectedRows: z.number().int().nonnegative().optional(),
  insertId: z.string().optional(),
  info: z.string().optional(),
  /** Known once `done`. */
  warnings: z.array(queryWarning),
  /** Milliseconds from sending to the first page (or to completion). */
  elapsedMs: z.number().nonnegative(),
  /** DDL typed in the console: not recorded in the migration ledger. */
  bypassesLedger: z.boolean(),
});
/** One page of a result. */
export type QueryPage = z.output<typeof queryPage>;

/** The guard's view of one statement, for the confirmation the screen shows before sending. */
export const statementCheck = z.object({
  sql: z.string(),
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  access: z.enum(['read', 'data', 'ddl', 'session', 'other-write']),
  summary: z.string(),
  destructive: z.boolean(),
  missingWhere: z.boolean(),
  bypassesLedger: z.boolean(),
  /** Refused on this profile (read-only); the reason says why. */
  refused: z.string().optional(),
  /** "N rows will change" (a SELECT COUNT(*) with the same WHERE), when derivable. */
  rowsToChange: z.number().int().nonnegative().optional(),
  /** What the operator must type to confirm (the database name), when confirmation is needed. */
  confirmWith: z.string().optional(),
});
/** The guard's view of one statement. */
export type StatementCheck = z.output<typeof statementCheck>;

/** A statement from the history file. */
export const historyEntry = z.object({
  at: z.string(),
  sql: z.string(),
  durationMs: z.number().nonnegative(),
  rows: z.number().int().nonnegative().optional(),
  profile: z.string().optional(),
  database: z.string().optional(),
  error: z.string().optional(),
});
/** A statement from the history file. */
export type HistoryEntry = z.output<typeof historyEntry>;

/** One node of a drawn EXPLAIN plan. */
export const planNode = z.object({
  table: z.string(),
  accessType: z.string(),
  key: z.string().optional(),
  possibleKeys: z.array(z.string()),
  rows: z.number().nonnegative().optional(),
  /** ANALYZE only: rows actually read. */
  actualRows: z.number().nonnegative().optional(),
  filtered: z.number().nonnegative().optional(),
  condition: z.string().optional(),
  extra: z.array(z.string()),
  /** "Full scan of `t` (~12,000 rows)" etc. */
  warnings: z.array(z.string()),
  depth: z.number().int().nonnegative(),
});
/** One node of a drawn EXPLAIN plan. */
export type PlanNode = z.output<typeof planNode>;

const consoleRef = z.object({ consoleId: z.string().min(1) });
const confirmation = z.object({
  /** The text the operator typed (must equal `confirmWith`). */
  typed: z.string().optional(),
  /** The operator accepted an UPDATE/DELETE without WHERE. */
  allowMissingWhere: z.boolean().default(false),
});

/** One filter of the data browser's filter bar (values are bound parameters; `*_ymdhis` takes ISO dates). */
export const columnFilter = z.discriminatedUnion('op', [
  z.object({ column: z.string().min(1), op: z.literal('equals'), value: z.string().nullable() }),
  z.object({ column: z.string().min(1), op: z.literal('contains'), value: z.string() }),
  z.object({
    column: z.string().min(1),
    op: z.literal('range'),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
]);
/** One filter of the data browser. */
export type ColumnFilterInput = z.output<typeof columnFilter>;

/** Which table the data browser reads: a role database of an open connection (or a named database). */
const browseTarget = z.object({
  connectionId: z.string().min(1),
  role: z.enum(['core', 'orchestration', 'ephemeral']),
  /** Overrides the role's database name. */
  database: z.string().min(1).optional(),
  table: z.string().min(1),
});
const browseFilters = z.object({
  filters: z.array(columnFilter).max(200).default([]),
  /** Raw WHERE text: run only as a read. */
  where: z.string().max(20_000).optional(),
  showDeleted: z.boolean().default(false),
});

/** Cells by column name (a row's key, the values read, the values to write). */
const cellsByColumn = z.record(z.string().min(1), queryCell);

/** One row change the data browser collected: the intent; the engine builds the SQL. */
export const rowChange = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('update'),
    key: cellsByColumn,
    /** The edited columns' values as read: a row that no longer holds them is a conflict. */
    old: cellsByColumn,
    set: cellsByColumn,
  }),
  z.object({ kind: z.literal('insert'), values: cellsByColumn }),
  z.object({
    kind: z.literal('delete'),
    key: cellsByColumn,
    old: cellsByColumn,
    /** Really DELETE a soft-delete table's row (typed confirmation) instead of setting `is_deleted`. */
    hard: z.boolean().default(false),
  }),
]);
/** One row change of a change set. */
export type RowChangeInput = z.input<typeof rowChange>;

/** One statement of a reviewed change set. */
export const plannedStatement = z.object({
  change: z.number().int().nonnegative(),
  action: z.enum(['update', 'insert', 'soft-delete', 'delete']),
  /** As sent: values are `?` bound parameters. */
  sql: z.string(),
  /** The bound values in order (binary as `0x…`). */
  params: z.array(queryCell),
  /** The same statement with the values written as SQL literals by the engine's quoting. */
  literal: z.string(),
  destructive: z.boolean(),
  /** The re-read that locks the row and checks it still holds the values read. */
  check: z.string().optional(),
});
/** One statement of a reviewed change set. */
export type PlannedStatementView = z.output<typeof plannedStatement>;

/** Calls of the SQL console. */
export const queryCalls = {
  'query/open': defineCall(
    'Opens a console session on an open connection (its own server connection; read-only profiles run read-only).',
    z.object({
      connectionId: z.string().min(1),
      database: z.string().min(1).optional(),
      profile: z.string().optional(),
    }),
    z.object({
      consoleId: z.string(),
      threadId: z.number().int(),
      readOnly: z.boolean(),
      database: z.string().optional(),
    }),
  ),
  'query/check': defineCall(
    'Splits a script and classifies each statement: refused, needs confirmation, rows that will change.',
    consoleRef.extend({ sql: z.string() }),
    z.object({ statements: z.array(statementCheck) }),
  ),
  'query/run': defineCall(
    'Runs one statement and returns its first page (the guard refuses unconfirmed or read-only writes before sending).',
    consoleRef.extend({
      sql: z.string().min(1),
      pageSize: z.number().int().min(1).max(100_000).default(1000),
      confirm: confirmation.default({ allowMissingWhere: false }),
    }),
    queryPage,
  ),
  'query/fetch': defineCall(
    'The next page of a result (count rows at most).',
    consoleRef.extend({ resultId: z.string(), count: z.number().int().min(1).max(1_000_000) }),
    queryPage,
  ),
  'query/close-result': defineCall(
    'Discards the rest of a result (kills the query when it is still streaming).',
    consoleRef.extend({ resultId: z.string() }),
    z.object({ closed: z.boolean() }),
  ),
  'query/cancel': defineCall(
    'Cancels the running statement with KILL QUERY on a second connection; the console connection survives.',
    consoleRef,
    z.object({ cancelled: z.boolean() }),
  ),
  'query/close': defineCall('Closes a console session.', consoleRef, z.object({ closed: z.boolean() })),
  'query/history': defineCall(
    'Statements run from the console (newest first), filtered by a search text.',
    z.object({ search: z.string().default(''), limit: z.number().int().min(1).max(5000).default(200) }),
    z.object({ entries: z.array(historyEntry) }),
  ),
  'query/export': defineCall(
    'Exports the whole result of a read statement to a file (CSV, JSON or SQL INSERTs) as a job with progress.',
    consoleRef.extend({
      sql: z.string().min(1),
      format: z.enum(['csv', 'json', 'sql']),
      path: z.string().min(1),
    }),
    z.object({ jobId: z.string() }),
  ),
  'query/explain': defineCall(
    'EXPLAIN FORMAT=JSON (or ANALYZE FORMAT=JSON on MariaDB) of a statement, as plan nodes.',
    consoleRef.extend({ sql: z.string().min(1), analyze: z.boolean().default(false) }),
    z.object({ nodes: z.array(planNode), json: z.string() }),
  ),
  'query/save-migration': defineCall(
    'Writes DDL typed in the console as an idempotent migration file in the workspace migrations folder.',
    z.object({
      sql: z.string().min(1),
      role: z.enum(['core', 'orchestration', 'ephemeral']),
      name: z
        .string()
        .regex(/^[a-z0-9_]{1,60}$/)
        .default('console'),
    }),
    z.object({ path: z.string(), fileName: z.string(), content: z.string() }),
  ),
  'query/browse': defineCall(
    'One page of a table for the data browser: sorted, filtered with bound values, soft-deleted rows hidden unless asked.',
    browseTarget.merge(browseFilters).extend({
      orderBy: z.object({ column: z.string().min(1), direction: z.enum(['asc', 'desc']) }).optional(),
      limit: z.number().int().min(1).max(10_000).default(200),
      offset: z.number().int().nonnegative().default(0),
      /** Keyset paging: the sort-key values of the row this page starts after (the previous page's `seek.last`). */
      after: z.array(queryCell).max(64).optional(),
      /** Keyset paging backwards: the sort-key values of the row this page ends before (`seek.first`). */
      before: z.array(queryCell).max(64).optional(),
    }),
    z.object({
      database: z.string(),
      columns: z.array(queryColumn),
      rows: z.array(z.array(queryCell)),
      hasMore: z.boolean(),
      softDelete: z.boolean(),
      sql: z.string(),
      estimatedRows: z.number().nonnegative().optional(),
      /** Sort-key values of the first and last row when the order allows keyset paging. */
      seek: z.object({ first: z.array(queryCell), last: z.array(queryCell) }).optional(),
      /** Rows can be edited: the columns that key them, and the generated ones (never written). */
      edit: z.object({ key: z.array(z.string()), generated: z.array(z.string()) }).optional(),
      /** Why rows cannot be edited (read-only profile, no key, no transactions). */
      notEditable: z.string().optional(),
    }),
  ),
  'query/count': defineCall(
    'Exact COUNT(*) of the rows the data browser shows with the same filters.',
    browseTarget.merge(browseFilters),
    z.object({ count: z.number().int().nonnegative() }),
  ),
  'query/edit-review': defineCall(
    'The SQL of a data-browser change set (keyed by the row key, values bound), without running it.',
    browseTarget.extend({ changes: z.array(rowChange).min(1).max(1000) }),
    z.object({
      database: z.string(),
      statements: z.array(plannedStatement),
      /** Destructive statements (DELETE): what the operator must type (the database name). */
      confirmWith: z.string().optional(),
    }),
  ),
  'query/edit-apply': defineCall(
    'Applies a change set in one transaction; a row changed on the server since it was read is a conflict and nothing is committed.',
    browseTarget.extend({ changes: z.array(rowChange).min(1).max(1000), typed: z.string().optional() }),
    z.object({
      committed: z.boolean(),
      applied: z.number().int().nonnegative(),
      conflicts: z.array(z.object({ change: z.number().int().nonnegative(), message: z.string() })),
    }),
  ),
  'query/show-create': defineCall(
    "The server's SHOW CREATE TABLE text of a table.",
    browseTarget,
    z.object({ sql: z.string() }),
  ),
} as const;

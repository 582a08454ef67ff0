import type { FieldPacket, Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { QueryCell, QueryColumn } from '../../../shared/contract/query';
import { LupoError } from '../../../shared/errors';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import { isKeyword, tokenizeAll } from '../sql/tokenizer';
import { splitScript } from './split-script';
import { assessStatement } from './statement-safety';
import { toQueryCell, toQueryColumn } from './result-stream';
import { isBinaryColumn, readTableShape, type TableShape } from './table-shape';

/** One filter of the data browser's filter bar: a column and how its value must match. */
export type ColumnFilter =
  | { readonly column: string; readonly op: 'equals'; readonly value: string | null }
  | { readonly column: string; readonly op: 'contains'; readonly value: string }
  | { readonly column: string; readonly op: 'range'; readonly from?: string; readonly to?: string };

/** What the data browser asks for: one page of one table, sorted and filtered. */
export interface BrowseRequest {
  readonly database: string;
  readonly table: string;
  readonly orderBy?: { readonly column: string; readonly direction: 'asc' | 'desc' };
  readonly filters?: readonly ColumnFilter[];
  /** Raw WHERE text typed by the operator: run only as a read (refused when it writes or holds a second statement). */
  readonly where?: string;
  /** Show rows whose `is_deleted` is set (hidden by default when the table has the column). */
  readonly showDeleted?: boolean;
  readonly limit: number;
  /** Rows to skip (ignored when the page seeks with `after`/`before`). */
  readonly offset: number;
  /** Key values of the row the page starts after (keyset paging; see `BrowsePage.seek`). */
  readonly after?: readonly QueryCell[];
  /** Key values of the row the page ends before (keyset paging backwards). */
  readonly before?: readonly QueryCell[];
  /** Seconds the read may run (default BROWSE_TIMEOUT_SECONDS). */
  readonly timeoutSeconds?: number;
}

/** One page of table rows. */
export interface BrowsePage {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly QueryCell[])[];
  /** More rows follow this page. */
  readonly hasMore: boolean;
  /** The table has an `is_deleted` column (the soft-delete toggle applies). */
  readonly softDelete: boolean;
  /** The statement as sent (values stay `?`). */
  readonly sql: string;
  /** information_schema.TABLES.TABLE_ROWS: the server's estimate for the whole table. */
  readonly estimatedRows?: number;
  /** Sort-key values of the first and last row, when the order allows keyset paging. */
  readonly seek?: { readonly first: readonly QueryCell[]; readonly last: readonly QueryCell[] };
  /** The table's columns and keys (what the editor needs to key its changes). */
  readonly shape: TableShape;
}

/** A built WHERE and the values bound to its `?` (sent apart from the text: a server-side prepared statement). */
interface WherePart {
  readonly text: string;
  readonly params: readonly BoundValue[];
}

/** A value bound to a `?`: text, a number, or bytes (binary columns). */
export type BoundValue = string | number | Buffer | null;

const YMDHIS_SUFFIX = '_ymdhis';
const RAW_REFUSED = ['INTO', 'OUTFILE', 'DUMPFILE', 'FOR', 'LOCK', 'PROCEDURE'];

/**
 * Converts an ISO date or date-time (`2026-03-01`, `2026-03-01T12:30`, `2026-03-01 12:30:05Z`)
 * or a raw `YYYYMMDDHHMMSS` to the doctrine's BIGINT timestamp. A date alone is the start of
 * the day, or its last second with `endOfDay` (so a range "to 2026-03-01" includes that day).
 */
export function toYmdhis(value: string, endOfDay = false): string {
  const text = value.trim();
  if (/^\d{14}$/.test(text)) return text;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?)?$/i.exec(text);
  if (!match) {
    throw new LupoError(
      'browse/bad-date',
      `"${value}" is not a date: use 2026-03-01, 2026-03-01 12:30 or 20260301123000.`,
      {
        hint: '*_ymdhis columns hold UTC times as YYYYMMDDHHMMSS.',
      },
    );
  }
  const [, y, mo, d, h, mi, s] = match;
  const time = h === undefined ? (endOfDay ? '235959' : '000000') : `${h}${mi}${s ?? (endOfDay ? '59' : '00')}`;
  return `${y}${mo}${d}${time}`;
}

function isYmdhis(column: string): boolean {
  return column.toLowerCase().endsWith(YMDHIS_SUFFIX);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function requireColumn(shape: TableShape, column: string): string {
  if (!shape.columns.has(column)) {
    throw new LupoError('browse/unknown-column', `The table has no column "${column}".`, {
      hint: 'Reload the table: its columns may have changed.',
    });
  }
  return quoteIdentifier(column);
}

/** The WHERE of a browse request: bound filters, the soft-delete rule, the raw text in parentheses. */
function buildWhere(shape: TableShape, request: BrowseRequest): WherePart {
  const parts: string[] = [];
  const params: BoundValue[] = [];
  for (const filter of request.filters ?? []) {
    const column = requireColumn(shape, filter.column);
    const ymdhis = isYmdhis(filter.column);
    if (filter.op === 'equals') {
      if (filter.value === null) parts.push(`${column} IS NULL`);
      else if (ymdhis && /^\d{4}-\d{2}-\d{2}$/.test(filter.value.trim())) {
        // A day on a timestamp column means the whole day.
        parts.push(`${column} BETWEEN ? AND ?`);
        params.push(toYmdhis(filter.value), toYmdhis(filter.value, true));
      } else {
        parts.push(`${column} = ?`);
        params.push(ymdhis ? toYmdhis(filter.value) : filter.value);
      }
    } else if (filter.op === 'contains') {
      parts.push(`${column} LIKE ?`);
      params.push(`%${escapeLike(filter.value)}%`);
    } else {
      if (filter.from !== undefined && filter.from !== '') {
        parts.push(`${column} >= ?`);
        params.push(ymdhis ? toYmdhis(filter.from) : filter.from);
      }
      if (filter.to !== undefined && filter.to !== '') {
        parts.push(`${column} <= ?`);
        params.push(ymdhis ? toYmdhis(filter.to, true) : filter.to);
      }
    }
  }
  if (shape.columns.has('is_deleted') && !request.showDeleted) parts.push('`is_deleted` = 0');
  const raw = request.where?.trim();
  if (raw) parts.push(`(\n${raw}\n)`);
  return { text: parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`, params };
}

/**
 * Refuses a raw WHERE that is not a plain read: the whole statement it ends up in must be
 * one statement (no `1; DROP …`) that the console's guard classifies as a read.
 */
function guardRead(sql: string, raw: string | undefined): void {
  const statements = splitScript(sql);
  const access = statements.length === 1 ? assessStatement(statements[0]!.sql).access : 'other-write';
  // INTO OUTFILE/DUMPFILE/@var inside the parentheses, or a locking read, is not a plain read either.
  const rawWrites = tokenizeAll(raw ?? '', { tolerant: true }).some((t) => isKeyword(t, ...RAW_REFUSED));
  if (statements.length !== 1 || access !== 'read' || rawWrites) {
    throw new LupoError('browse/where-not-read', 'The WHERE text must be a condition that only reads.', {
      hint: 'Remove the ";" and any second statement; use the console for changes.',
    });
  }
}

/**
 * Runs a statement as a server-side prepared statement (values bound by the server, a `?`
 * inside the operator's string literals stays text) and drops it afterwards, so varying
 * filters never pile up prepared statements on the server.
 */
export async function bound<T extends RowDataPacket[] | RowDataPacket[][] | ResultSetHeader>(
  connection: PoolConnection,
  options: { readonly sql: string; readonly rowsAsArray?: boolean },
  params: readonly BoundValue[],
): Promise<[T, FieldPacket[]]> {
  try {
    return await connection.execute<T>({ ...options }, [...params]);
  } finally {
    connection.unprepare(options.sql);
  }
}

/** How long one data-browser read may run before the server stops it (a raw WHERE on a large table). */
export const BROWSE_TIMEOUT_SECONDS = 30;

/**
 * Runs `work` on a pool connection inside `START TRANSACTION READ ONLY`, always rolled back,
 * with a statement time limit (MariaDB `max_statement_time`, MySQL `max_execution_time`)
 * reset before the connection goes back to the pool.
 */
async function readOnly<T>(
  pool: Pool,
  timeoutSeconds: number,
  work: (connection: PoolConnection) => Promise<T>,
): Promise<T> {
  const connection = await pool.getConnection();
  let limit: string | undefined;
  try {
    for (const [variable, value] of [
      ['max_statement_time', timeoutSeconds],
      ['max_execution_time', timeoutSeconds * 1000],
    ] as const) {
      const set = await connection.query(`SET SESSION ${variable} = ?`, [value]).then(
        () => true,
        () => false,
      );
      if (set) {
        limit = variable;
        break;
      }
    }
    await connection.query('START TRANSACTION READ ONLY');
    try {
      return await work(connection);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (errno === 1969 || errno === 3024) {
        throw new LupoError('browse/timeout', `The read took longer than ${timeoutSeconds} s and was stopped.`, {
          hint: 'Narrow the filters or the WHERE to indexed columns, or use the console for long reads.',
        });
      }
      throw error;
    } finally {
      await connection.query('ROLLBACK');
    }
  } finally {
    // A connection whose limit cannot be reset is not handed back to the pool.
    const reset = limit
      ? await connection.query(`SET SESSION ${limit} = DEFAULT`).then(
          () => true,
          () => false,
        )
      : true;
    if (reset) connection.release();
    else connection.destroy();
  }
}

/** The key a page can seek on: columns that identify a row, compared left to right in one direction. */
interface SeekKey {
  readonly columns: readonly string[];
  readonly descending: boolean;
}

/**
 * The key a sorted page can seek on instead of skipping rows with OFFSET: the primary key when
 * no column is chosen; the chosen column alone when it is a one-column primary or NOT NULL
 * unique key; a NOT NULL column followed by the primary key (ties broken in the same
 * direction). Undefined for a nullable column (NULLs do not compare) or a table without a
 * primary key: those pages use OFFSET.
 */
function seekKeyOf(shape: TableShape, orderBy: BrowseRequest['orderBy']): SeekKey | undefined {
  if (!orderBy) return shape.primaryKey.length > 0 ? { columns: shape.primaryKey, descending: false } : undefined;
  const descending = orderBy.direction === 'desc';
  const single = [shape.primaryKey, ...shape.uniqueKeys].some((k) => k.length === 1 && k[0] === orderBy.column);
  if (single) return { columns: [orderBy.column], descending };
  if (shape.columns.get(orderBy.column)?.nullable !== false || shape.primaryKey.length === 0) return undefined;
  return { columns: [orderBy.column, ...shape.primaryKey.filter((k) => k !== orderBy.column)], descending };
}

/** A wire cell as a bound value of a column: `0x…` hex becomes bytes on binary columns. */
export function boundCell(shape: TableShape, column: string, cell: QueryCell): BoundValue {
  const info = shape.columns.get(column);
  if (cell !== null && info && isBinaryColumn(info)) {
    const text = String(cell);
    if (!/^0x([0-9a-f]{2})*$/i.test(text)) {
      throw new LupoError('edit/bad-binary', `\`${column}\` is binary: give its value as 0x… hex (or NULL).`, {
        hint: 'Type the bytes as hexadecimal, e.g. 0x01ff.',
      });
    }
    return Buffer.from(text.slice(2), 'hex');
  }
  return cell;
}

/**
 * `(k1 > ?) OR (k1 = ? AND k2 > ?) …`: rows after (or before) `values` in key order. Spelt out
 * rather than as a row comparison `(k1, k2) > (?, ?)`, which older MariaDB cannot range-scan.
 */
function seekCondition(shape: TableShape, key: SeekKey, values: readonly QueryCell[], forward: boolean): WherePart {
  if (values.length !== key.columns.length) {
    throw new LupoError('browse/bad-seek', 'The page position does not match the sort key.', {
      hint: 'Go back to the first page.',
    });
  }
  const op = forward !== key.descending ? '>' : '<';
  const alternatives: string[] = [];
  const params: BoundValue[] = [];
  key.columns.forEach((column, i) => {
    const parts = key.columns.slice(0, i + 1).map((c, j) => `${quoteIdentifier(c)} ${j === i ? op : '='} ?`);
    alternatives.push(`(${parts.join(' AND ')})`);
    key.columns.slice(0, i + 1).forEach((c, j) => params.push(boundCell(shape, c, values[j] ?? null)));
  });
  return { text: alternatives.join(' OR '), params };
}

/**
 * Reads one page of a table for the data browser. Identifiers go through the quoting helper
 * and must be columns of the table; filter values are bound parameters; a raw WHERE runs only
 * when the console's guard sees the whole statement as one read, and inside a read-only
 * transaction besides. Rows are sorted by the chosen column, then by the primary key so
 * pages are stable; `is_deleted` rows are hidden unless asked. Sorted by a key (the primary
 * key, or a unique column), a page after/before a known row seeks to it through the index
 * (keyset paging) instead of reading and skipping every earlier row with OFFSET.
 */
export async function browseTable(pool: Pool, request: BrowseRequest): Promise<BrowsePage> {
  const shape = await readTableShape(pool, request.database, request.table);
  const where = buildWhere(shape, request);
  if (request.orderBy) requireColumn(shape, request.orderBy.column);
  const key = seekKeyOf(shape, request.orderBy);
  // With a seek key the order is that key, one direction throughout (mixed directions such as
  // `code DESC, id ASC` keep the server from reading an index backwards). Otherwise the
  // chosen column, then the primary key so pages are stable.
  const order: { column: string; descending: boolean }[] = key
    ? key.columns.map((column) => ({ column, descending: key.descending }))
    : [
        ...(request.orderBy
          ? [{ column: request.orderBy.column, descending: request.orderBy.direction === 'desc' }]
          : []),
        ...shape.primaryKey
          .filter((column) => column !== request.orderBy?.column)
          .map((column) => ({ column, descending: false })),
      ];
  const limit = Math.max(1, Math.floor(request.limit));
  const offset = Math.max(0, Math.floor(request.offset));
  const position = request.after ?? request.before;
  const seek = key && position ? seekCondition(shape, key, position, request.after !== undefined) : undefined;
  // Seeking backwards reads the rows before in reverse, then turns them round.
  const reverse = seek !== undefined && request.after === undefined;
  const orderText = order
    .map((o) => `${quoteIdentifier(o.column)} ${o.descending !== reverse ? 'DESC' : 'ASC'}`)
    .join(', ');
  const whereText = seek ? `${where.text ? `${where.text} AND` : ' WHERE'} (${seek.text})` : where.text;
  const from = `SELECT * FROM ${quoteQualified(request.database, request.table)}`;
  const tail = `${orderText ? ` ORDER BY ${orderText}` : ''} LIMIT ${limit + 1}${seek ? '' : ` OFFSET ${offset}`}`;
  const sql = `${from}${whereText}${tail}`;
  guardRead(sql, request.where);
  const params = [...where.params, ...(seek?.params ?? [])];
  const [rows, fields] = await readOnly(pool, request.timeoutSeconds ?? BROWSE_TIMEOUT_SECONDS, (c) =>
    bound<RowDataPacket[][]>(c, { sql, rowsAsArray: true }, params),
  );
  const columns = (fields as FieldPacket[]).map(toQueryColumn);
  const kept = rows.slice(0, limit).map((row) => (row as unknown[]).map(toQueryCell));
  if (reverse) kept.reverse();
  const keyIndexes = key?.columns.map((c) => columns.findIndex((col) => col.name === c));
  const keyOf = (row: readonly QueryCell[] | undefined): QueryCell[] | undefined =>
    row && keyIndexes && keyIndexes.every((i) => i >= 0) ? keyIndexes.map((i) => row[i] ?? null) : undefined;
  const first = keyOf(kept[0]);
  const last = keyOf(kept[kept.length - 1]);
  return {
    columns,
    rows: kept,
    // Backwards, the rows after this page are the ones the operator came from.
    hasMore: reverse ? true : rows.length > limit,
    softDelete: shape.columns.has('is_deleted'),
    sql,
    shape,
    ...(first && last ? { seek: { first, last } } : {}),
    ...(shape.estimatedRows === undefined ? {} : { estimatedRows: shape.estimatedRows }),
  };
}

/** Exact `COUNT(*)` of the rows the same request shows (filters, raw WHERE and soft delete applied). */
export async function countTableRows(
  pool: Pool,
  request: Omit<BrowseRequest, 'limit' | 'offset' | 'orderBy'>,
): Promise<number> {
  const shape = await readTableShape(pool, request.database, request.table);
  const where = buildWhere(shape, { ...request, limit: 1, offset: 0 });
  const sql = `SELECT COUNT(*) AS n FROM ${quoteQualified(request.database, request.table)}${where.text}`;
  guardRead(sql, request.where);
  const [rows] = await readOnly(pool, request.timeoutSeconds ?? BROWSE_TIMEOUT_SECONDS, (c) =>
    bound<RowDataPacket[]>(c, { sql }, where.params),
  );
  return Number(rows[0]?.n ?? 0);
}

/** The server's own `SHOW CREATE TABLE` text of a table. */
export async function showCreateTable(pool: Pool, database: string, table: string): Promise<string> {
  const [rows] = await pool.query<RowDataPacket[]>(`SHOW CREATE TABLE ${quoteQualified(database, table)}`);
  const row = rows[0];
  if (!row) throw new LupoError('browse/no-table', `${database}.${table} does not exist on this server.`, {});
  return String(row['Create Table'] ?? row['Create View'] ?? Object.values(row)[1] ?? '');
}

import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { QueryCell, QueryColumn } from '../../../shared/contract/query';
import { LupoError } from '../../../shared/errors';
import { quoteIdentifier } from '../sql/identifier';
import { coreConnection, ResultStream } from './result-stream';
import { assessStatement, isReadOnlySafe } from './statement-safety';

/** Where `streamRows` reads. */
export interface StreamRowsOptions {
  readonly sql: string;
  readonly database?: string;
  /** Rows per page handed to `onPage` (and held at most while the consumer works). */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Runs one read statement on a connection of its own (taken from the pool, destroyed after,
 * read-only) and hands its rows to `onPage` page by page; the socket is paused while the
 * consumer awaits, so memory stays at about one page for any result size. Used by export
 * and `lupo query`. An abort sends `KILL QUERY` on another pool connection.
 */
export async function streamRows(
  pool: Pool,
  options: StreamRowsOptions,
  onColumns: (columns: readonly QueryColumn[]) => Promise<void> | void,
  onPage: (rows: QueryCell[][]) => Promise<void> | void,
): Promise<{ rows: number }> {
  if (!isReadOnlySafe(assessStatement(options.sql))) {
    throw new LupoError('query/not-a-read', 'Only a reading statement (SELECT, SHOW, …) can be exported.', {
      hint: 'Run changes in the console; export the SELECT that reads their result.',
    });
  }
  const connection = await pool.getConnection();
  const [idRows] = await connection.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  const threadId = Number(idRows[0]?.id);
  const onAbort = (): void => void pool.query(`KILL QUERY ${threadId}`).catch(() => undefined);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await connection.query('SET SESSION TRANSACTION READ ONLY');
    if (options.database) await connection.query(`USE ${quoteIdentifier(options.database)}`);
    const pageSize = options.pageSize ?? 2000;
    const stream = new ResultStream(coreConnection(connection), options.sql, pageSize);
    await stream.ready();
    let rows = 0;
    if (stream.columns) await onColumns(stream.columns);
    while (!stream.done) {
      const page = await stream.take(pageSize);
      rows += page.length;
      if (page.length > 0) await onPage(page);
    }
    const error = stream.result.error;
    if (error) {
      if (options.signal?.aborted) throw new LupoError('query/cancelled', 'The statement was cancelled.');
      throw new LupoError('query/server-error', error.message, { hint: 'Fix the statement and run again.' });
    }
    return { rows };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    connection.destroy();
  }
}

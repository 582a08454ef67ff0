import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Pool } from 'mysql2/promise';
import type { EngineSink } from '../../../shared/engine-events';
import { rowWriter } from '../../../shared/format-rows';
import { streamRows } from './stream-rows';

/** What to export and where. */
export interface ExportOptions {
  readonly sql: string;
  readonly database?: string;
  readonly format: 'csv' | 'json' | 'sql';
  readonly path: string;
  /** Table name for SQL INSERTs (default: the first column's table, else `result`). */
  readonly table?: string;
  readonly signal?: AbortSignal;
  readonly sink?: EngineSink;
}

/**
 * Exports the whole result of a read statement to a file, streamed: rows go from the
 * server socket to the file page by page with backpressure on both ends, with progress
 * (rows written) reported to the sink. The file is written whole or the job fails.
 */
export async function exportResult(
  pool: Pool,
  options: ExportOptions,
): Promise<{ rows: number; bytes: number; path: string }> {
  const out = createWriteStream(options.path, { encoding: 'utf8' });
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    if (text === '') return;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  let writer = rowWriter(options.format, options.table ?? 'result');
  let written = 0;
  try {
    const { rows } = await streamRows(
      pool,
      {
        sql: options.sql,
        ...(options.database ? { database: options.database } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      async (columns) => {
        if (!options.table && options.format === 'sql') writer = rowWriter('sql', columns[0]?.table || 'result');
        await write(writer.header(columns));
      },
      async (page) => {
        await write(writer.rows(page));
        written += page.length;
        options.sink?.({ type: 'progress', detail: `${written.toLocaleString('en-US')} rows written` });
      },
    );
    await write(writer.footer());
    out.end();
    await once(out, 'finish');
    return { rows, bytes, path: options.path };
  } catch (error) {
    out.destroy();
    throw error;
  }
}

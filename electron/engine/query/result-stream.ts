import mysql, { type Connection as CoreConnection, type FieldPacket, type ResultSetHeader } from 'mysql2';
import type { QueryCell, QueryColumn } from '../../../shared/contract/query';

const PRIMARY_KEY_FLAG = 2;
const NOT_NULL_FLAG = 1;

/**
 * The callback-style connection under a promise one (mysql2 keeps it in `.connection` at
 * runtime; its typings call it a promise Connection), needed for row events and pause/resume.
 */
export function coreConnection(connection: { readonly connection: unknown }): CoreConnection {
  return connection.connection as CoreConnection;
}

/** mysql2's type name of a column (LONGLONG, VAR_STRING, …). */
function typeName(field: FieldPacket): string {
  const code = field.columnType ?? field.type;
  const name = code === undefined ? undefined : (mysql.Types as unknown as Record<number, string>)[code];
  return field.typeName ?? name ?? 'UNKNOWN';
}

function flagSet(field: FieldPacket, bit: number): boolean {
  return typeof field.flags === 'number' ? (field.flags & bit) !== 0 : false;
}

/** The `binary` character set: on a string-like column it means bytes, not text. */
const BINARY_CHARSET = 63;
const BYTE_TYPES = /BLOB|STRING|BIT|GEOMETRY/;

/** The wire form of a result column. */
export function toQueryColumn(field: FieldPacket): QueryColumn {
  const type = typeName(field);
  return {
    name: field.name,
    type,
    ...(field.orgTable ? { table: field.orgTable } : {}),
    ...(field.schema ? { database: field.schema } : {}),
    nullable: !flagSet(field, NOT_NULL_FLAG),
    primaryKey: flagSet(field, PRIMARY_KEY_FLAG),
    ...(field.characterSet === BINARY_CHARSET && BYTE_TYPES.test(type) ? { binary: true } : {}),
  };
}

/** The wire form of a cell: Buffers become `0x…` hex, everything else stays text/number/null. */
export function toQueryCell(value: unknown): QueryCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** How a streamed statement ended. */
export interface StreamOutcome {
  readonly header?: ResultSetHeader;
  readonly error?: Error;
}

/**
 * One statement's rows as they arrive from a core mysql2 connection, with backpressure:
 * the socket is paused once `highWater` rows wait unread and resumed when the reader takes
 * them, so the engine holds at most about one page whatever the result's size. Only the
 * first result set is kept (a CALL's later sets are drained and dropped).
 */
export class ResultStream {
  columns: QueryColumn[] | undefined;
  private buffer: QueryCell[][] = [];
  private finished = false;
  private outcome: StreamOutcome = {};
  private paused = false;
  private draining = false;
  private wake: (() => void) | undefined;
  private readonly started = performance.now();
  /** Milliseconds until the first row, the header or the end arrived. */
  firstAt: number | undefined;

  constructor(
    private readonly connection: CoreConnection,
    sql: string,
    private readonly highWater: number,
  ) {
    const query = connection.query({ sql, rowsAsArray: true });
    query.on('fields', (fields: FieldPacket[] | undefined, index: number) => {
      // mysql2 emits `fields` with undefined for statements without a result set.
      if (fields && (index === 0 || this.columns === undefined)) this.columns = fields.map(toQueryColumn);
      this.notify();
    });
    query.on('result', (row: unknown, index: number) => {
      if (Array.isArray(row)) {
        if (index > 0) return;
        // In place: most cells already are strings, numbers or null (no copy per row).
        const cells = row as unknown[];
        for (let i = 0; i < cells.length; i++) {
          const v = cells[i];
          if (v !== null && typeof v !== 'string' && typeof v !== 'number') cells[i] = toQueryCell(v);
          else if (v === undefined) cells[i] = null;
        }
        this.buffer.push(cells as QueryCell[]);
        if (this.buffer.length >= this.highWater && !this.paused && !this.draining) {
          this.paused = true;
          this.connection.pause();
        }
      } else if (this.outcome.header === undefined) {
        this.outcome = { header: row as ResultSetHeader };
      }
      this.notify();
    });
    query.on('error', (error: Error) => {
      this.outcome = { ...this.outcome, error };
    });
    query.on('end', () => {
      this.finished = true;
      if (this.paused) {
        // never leave the connection paused: the next statement's packets would queue forever
        this.paused = false;
        this.connection.resume();
      }
      this.notify();
    });
  }

  private notify(): void {
    if (this.firstAt === undefined) this.firstAt = performance.now() - this.started;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Milliseconds since the statement was sent. */
  elapsed(): number {
    return performance.now() - this.started;
  }

  /** True when every row was handed out and the statement ended. */
  get done(): boolean {
    return this.finished && this.buffer.length === 0;
  }

  /** How the statement ended (once `done`). */
  get result(): StreamOutcome {
    return this.outcome;
  }

  /** Waits until columns are known or the statement ended (errors surface via `result`). */
  async ready(): Promise<void> {
    while (this.columns === undefined && !this.finished) await this.waitForChange();
  }

  /** Takes up to `count` rows, waiting for them unless the statement ends first. */
  async take(count: number): Promise<QueryCell[][]> {
    const out: QueryCell[][] = [];
    while (out.length < count) {
      if (this.buffer.length > 0) {
        const n = Math.min(count - out.length, this.buffer.length);
        const chunk = this.buffer.splice(0, n);
        for (const row of chunk) out.push(row);
        continue;
      }
      if (this.finished) break;
      if (this.paused) {
        // resume() may deliver queued rows synchronously: look again before waiting.
        this.paused = false;
        this.connection.resume();
        continue;
      }
      await this.waitForChange();
    }
    if (this.paused && this.buffer.length < this.highWater) {
      this.paused = false;
      this.connection.resume();
    }
    return out;
  }

  /**
   * Reads and drops the rest of the rows (the server finishes sending them), giving up
   * after `maxRows` rows or `maxMs` milliseconds; true when the statement ended. A `KILL
   * QUERY` is not used here: killing a statement blocked on writing to a paused client
   * makes the server drop the connection.
   */
  async drain(maxRows = 200_000, maxMs = 3000): Promise<boolean> {
    this.draining = true;
    const deadline = performance.now() + maxMs;
    let dropped = 0;
    while (!this.finished) {
      dropped += this.buffer.length;
      this.buffer = [];
      if (dropped > maxRows || performance.now() > deadline) return false;
      if (this.paused) {
        this.paused = false;
        this.connection.resume();
        continue;
      }
      const timer = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now())));
      await Promise.race([this.waitForChange(), timer]);
    }
    this.buffer = [];
    return true;
  }
}

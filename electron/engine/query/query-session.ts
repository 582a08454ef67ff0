import { randomUUID } from 'node:crypto';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { QueryPage, QueryWarning, StatementCheck } from '../../../shared/contract/query';
import { LupoError } from '../../../shared/errors';
import type { Session } from '../connection/session';
import { quoteIdentifier } from '../sql/identifier';
import { coreConnection, ResultStream } from './result-stream';
import { splitScript } from './split-script';
import { assessStatement, isReadOnlySafe, type StatementAssessment } from './statement-safety';

/** How a console session is opened. */
export interface QuerySessionOptions {
  readonly readOnly: boolean;
  /** Default database (`USE`) of the console. */
  readonly database?: string;
}

/** The operator's answer to the guard's questions for one statement. */
export interface QueryConfirmation {
  readonly typed?: string;
  readonly allowMissingWhere?: boolean;
}

/** What the session reports for the history file after each statement. */
export interface RunRecord {
  readonly sql: string;
  readonly durationMs: number;
  readonly rows?: number;
  readonly database?: string;
  readonly error?: string;
}

interface OpenResult {
  readonly id: string;
  readonly sql: string;
  readonly stream: ResultStream;
  readonly bypassesLedger: boolean;
  fetched: number;
}

/** Maps a server error to the console's typed error, with the position the server named. */
function serverError(error: unknown, sql: string): LupoError {
  const e = error as { message?: string; errno?: number; sqlState?: string; code?: string };
  const message = e.message ?? String(error);
  const details: Record<string, string | number> = {};
  if (e.errno !== undefined) details.errno = e.errno;
  if (e.sqlState) details.sqlState = e.sqlState;
  const near = /near '([\s\S]*)' at line (\d+)\s*$/.exec(message);
  if (near) {
    const line = Number(near[2]);
    let lineStart = 0;
    for (let l = 1; l < line; l++) lineStart = sql.indexOf('\n', lineStart) + 1;
    const at = near[1] === '' ? sql.length : sql.indexOf(near[1]!.slice(0, 40), lineStart);
    if (at >= 0) details.offset = at;
    details.line = line;
  }
  if (e.errno === 1317 || e.code === 'ER_QUERY_INTERRUPTED') {
    return new LupoError('query/cancelled', 'The statement was cancelled.', { details });
  }
  return new LupoError('query/server-error', message, {
    hint: 'The server refused the statement; fix it and run again.',
    details,
  });
}

/**
 * One SQL console on one server: a connection of its own (taken from the session's pool and
 * never given back, since console state — read-only mode, the default database, user
 * variables, an open transaction — must not leak into migrations), statements streamed in
 * pages, the guard before every send, and cancel by `KILL QUERY` from another connection.
 */
export class QuerySession {
  readonly id = randomUUID();
  private current: OpenResult | undefined;
  private busy = false;
  private closed = false;

  private currentDatabase: string | undefined;

  private constructor(
    private readonly session: Session,
    private connection: PoolConnection,
    /** The server thread of the console connection (changes if the connection is replaced). */
    public threadId: number,
    readonly readOnly: boolean,
    private readonly onRun: (record: RunRecord) => void,
    database: string | undefined,
  ) {
    this.currentDatabase = database;
  }

  /** Opens a console: its own connection, session read-only when asked, `USE database`. */
  static async open(
    session: Session,
    options: QuerySessionOptions,
    onRun: (record: RunRecord) => void = () => {},
  ): Promise<QuerySession> {
    const connection = await prepareConnection(session, options);
    try {
      return new QuerySession(
        session,
        connection,
        await threadIdOf(connection),
        options.readOnly,
        onRun,
        options.database,
      );
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  /** The console's current default database (it changes with `USE`). */
  async database(): Promise<string | undefined> {
    await this.finishCurrent();
    const [rows] = await this.connection.query<RowDataPacket[]>('SELECT DATABASE() AS db');
    const db = rows[0]?.db;
    this.currentDatabase = typeof db === 'string' ? db : undefined;
    return this.currentDatabase;
  }

  /**
   * The guard's view of every statement of a script: refused on read-only profiles, needs
   * a typed confirmation (destructive, or UPDATE/DELETE without WHERE), and how many rows
   * a data change will touch (its `SELECT COUNT(*)`, run here, never the change itself).
   */
  async check(script: string): Promise<StatementCheck[]> {
    const database = await this.database();
    const out: StatementCheck[] = [];
    for (const s of splitScript(script)) {
      const assessment = assessStatement(s.sql);
      const refused = this.refusal(assessment);
      let rowsToChange: number | undefined;
      if (!refused && assessment.countSql) {
        try {
          const [rows] = await this.connection.query<RowDataPacket[]>({ sql: assessment.countSql, rowsAsArray: true });
          rowsToChange = Number((rows[0] as unknown as unknown[])[0]);
        } catch {
          rowsToChange = undefined;
        }
      }
      out.push({
        sql: s.sql,
        from: s.from,
        to: s.to,
        access: assessment.access,
        summary: assessment.classification.summary,
        destructive: assessment.destructive,
        missingWhere: assessment.missingWhere,
        bypassesLedger: assessment.bypassesLedger,
        ...(refused ? { refused } : {}),
        ...(rowsToChange === undefined ? {} : { rowsToChange }),
        ...(this.needsConfirmation(assessment) ? { confirmWith: confirmationWord(database) } : {}),
      });
    }
    return out;
  }

  private refusal(assessment: StatementAssessment): string | undefined {
    if (!this.readOnly || isReadOnlySafe(assessment)) return undefined;
    return `This profile is read-only: the console does not send ${assessment.classification.summary === 'other' ? 'writes' : `"${assessment.classification.summary}"`} to the server.`;
  }

  private needsConfirmation(assessment: StatementAssessment): boolean {
    return assessment.destructive || assessment.missingWhere;
  }

  /**
   * Runs one statement and returns its first page. Refused before sending when the profile
   * is read-only and the statement writes, or when a destructive statement / an
   * UPDATE-DELETE without WHERE lacks its confirmation. A result left open by the previous
   * statement is discarded first.
   */
  async run(sql: string, pageSize: number, confirm: QueryConfirmation = {}): Promise<QueryPage> {
    if (this.closed)
      throw new LupoError('query/closed', 'This console session is closed.', { hint: 'Open the console again.' });
    const statements = splitScript(sql);
    if (statements.length !== 1) {
      throw new LupoError(
        'query/one-statement',
        `Send one statement at a time (this text holds ${statements.length}).`,
        {
          hint: 'The console runs a script statement by statement.',
        },
      );
    }
    const statement = statements[0]!.sql;
    const assessment = assessStatement(statement);
    const refused = this.refusal(assessment);
    if (refused) {
      throw new LupoError('query/read-only', refused, {
        hint: 'Use a writable profile for changes, or a migration for schema changes.',
      });
    }
    if (this.needsConfirmation(assessment)) {
      const word = confirmationWord(await this.database());
      if (assessment.missingWhere && !confirm.allowMissingWhere) {
        throw new LupoError(
          'query/missing-where',
          'This UPDATE/DELETE has no WHERE clause: it changes every row of the table.',
          {
            hint: 'Add a WHERE clause, or confirm that every row is meant.',
            details: { confirmWith: word },
          },
        );
      }
      if (confirm.typed !== word) {
        throw new LupoError(
          'query/confirmation-needed',
          `"${assessment.classification.summary}" is destructive: type ${word} to confirm.`,
          {
            hint: 'Destructive statements need the typed confirmation.',
            details: { confirmWith: word },
          },
        );
      }
    }
    await this.finishCurrent();
    this.busy = true;
    const stream = new ResultStream(coreConnection(this.connection), statement, pageSize);
    await stream.ready();
    const result: OpenResult = {
      id: randomUUID(),
      sql: statement,
      stream,
      bypassesLedger: assessment.bypassesLedger,
      fetched: 0,
    };
    if (stream.columns === undefined) {
      this.busy = false;
      const outcome = stream.result;
      if (outcome.error) {
        this.onRun({ sql: statement, durationMs: stream.elapsed(), error: outcome.error.message });
        throw serverError(outcome.error, statement);
      }
      const warnings = await this.warnings();
      if (assessment.access === 'session') await this.database();
      const header = outcome.header;
      this.onRun({ sql: statement, durationMs: stream.elapsed(), rows: header?.affectedRows ?? 0 });
      return {
        resultId: result.id,
        sql: statement,
        columns: [],
        rows: [],
        rowsFetched: 0,
        done: true,
        affectedRows: header?.affectedRows ?? 0,
        ...(header?.insertId ? { insertId: String(header.insertId) } : {}),
        ...(header?.info ? { info: header.info } : {}),
        warnings,
        elapsedMs: stream.elapsed(),
        bypassesLedger: assessment.bypassesLedger,
      };
    }
    this.current = result;
    const page = await this.page(result, pageSize);
    this.onRun({ sql: statement, durationMs: page.elapsedMs, rows: page.rowsFetched });
    return page;
  }

  /** The next page of the open result. */
  async fetch(resultId: string, count: number): Promise<QueryPage> {
    const result = this.current;
    if (!result || result.id !== resultId) {
      throw new LupoError('query/result-gone', 'This result is no longer open (another statement ran since).', {
        hint: 'Run the statement again.',
      });
    }
    return this.page(result, count);
  }

  private async page(result: OpenResult, count: number): Promise<QueryPage> {
    const rows = await result.stream.take(count);
    result.fetched += rows.length;
    const done = result.stream.done;
    let warnings: QueryWarning[] = [];
    if (done) {
      this.current = undefined;
      this.busy = false;
      const error = result.stream.result.error;
      if (error) throw serverError(error, result.sql);
      warnings = await this.warnings();
    }
    return {
      resultId: result.id,
      sql: result.sql,
      columns: result.stream.columns ?? [],
      rows,
      rowsFetched: result.fetched,
      done,
      warnings,
      elapsedMs: result.stream.elapsed(),
      bypassesLedger: result.bypassesLedger,
    };
  }

  private async warnings(): Promise<QueryWarning[]> {
    const [rows] = await this.connection.query<RowDataPacket[]>('SHOW WARNINGS');
    return rows.map((r) => ({ level: String(r.Level), code: Number(r.Code), message: String(r.Message) }));
  }

  /** Discards the open result: `KILL QUERY` when rows are still streaming, then drains the socket. */
  async closeResult(resultId: string): Promise<boolean> {
    if (!this.current || this.current.id !== resultId) return false;
    await this.finishCurrent();
    return true;
  }

  private async finishCurrent(): Promise<void> {
    const open = this.current;
    if (!open) return;
    this.current = undefined;
    if (!open.stream.done && !(await open.stream.drain())) await this.replaceConnection();
    this.busy = false;
  }

  /**
   * Swaps the console's connection for a fresh one with the same settings (read-only, the
   * current database): used when a huge half-read result cannot be drained quickly.
   */
  private async replaceConnection(): Promise<void> {
    const old = this.connection;
    old.destroy();
    this.connection = await prepareConnection(this.session, {
      readOnly: this.readOnly,
      ...(this.currentDatabase ? { database: this.currentDatabase } : {}),
    });
    this.threadId = await threadIdOf(this.connection);
  }

  private async kill(): Promise<void> {
    await this.session.pool.query(`KILL QUERY ${this.threadId}`);
  }

  /**
   * Cancels the running statement with `KILL QUERY` sent on another pool connection; the
   * console's own connection survives (only the statement is interrupted). False when
   * nothing was running.
   */
  async cancel(): Promise<boolean> {
    if (!this.busy) return false;
    if (this.current) {
      // Rows are streaming to a paused reader: drop them (or the connection), no KILL needed.
      await this.finishCurrent();
      return true;
    }
    await this.kill();
    return true;
  }

  /** The console's connection, for EXPLAIN and for reads the console runs itself. */
  async query<T extends RowDataPacket[]>(sql: string): Promise<T> {
    await this.finishCurrent();
    const [rows] = await this.connection.query<T>(sql);
    return rows;
  }

  /** Closes the console: its connection is destroyed, never returned to the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.finishCurrent();
    } catch {
      // the connection is destroyed below anyway
    }
    this.connection.destroy();
  }
}

/** Takes a connection from the pool and sets it up as a console: read-only when asked, `USE database`. */
async function prepareConnection(session: Session, options: QuerySessionOptions): Promise<PoolConnection> {
  const connection = await session.pool.getConnection();
  try {
    if (options.readOnly) await connection.query('SET SESSION TRANSACTION READ ONLY');
    if (options.database) {
      // A role database not created yet must not keep the console closed: start without one.
      await connection.query(`USE ${quoteIdentifier(options.database)}`).catch((error: { errno?: number }) => {
        if (error.errno !== 1049) throw error;
      });
    }
    return connection;
  } catch (error) {
    connection.destroy();
    throw error;
  }
}

async function threadIdOf(connection: PoolConnection): Promise<number> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  return Number(rows[0]?.id);
}

/** What the operator types to confirm a destructive statement: the database's name, as the migration wizard asks. */
export function confirmationWord(database: string | undefined): string {
  return database ?? 'CONFIRM';
}

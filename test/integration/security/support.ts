import type mysql from 'mysql2/promise';
import { startLocalServer, type LocalServer } from '../../../electron/engine/sandbox/local-server';
import { splitStatements } from '../../../electron/engine/sqlfile/index';
import { tokenizeAll } from '../../../electron/engine/sql/tokenizer';

/** A throwaway server with the general log on (into mysql.general_log), for "what did the server run" tests. */
export async function startLoggedServer(): Promise<LocalServer> {
  return startLocalServer({ extraArgs: ['--general-log=1', '--log-output=TABLE'] });
}

/** One statement the server logged. */
export interface LoggedStatement {
  readonly thread: number;
  readonly command: string;
  readonly sql: string;
}

/** Empties the general log (so the next read shows only what happens after). */
export async function clearGeneralLog(admin: mysql.Connection): Promise<void> {
  await admin.query('SET GLOBAL general_log = 0');
  await admin.query('TRUNCATE TABLE mysql.general_log');
  await admin.query('SET GLOBAL general_log = 1');
}

/** The statements other connections than `admin` ran since the last clear. */
export async function loggedStatements(admin: mysql.Connection): Promise<LoggedStatement[]> {
  const [[me]] = await admin.query<mysql.RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  const [rows] = await admin.query<mysql.RowDataPacket[]>(
    "SELECT thread_id AS thread, command_type AS command, CONVERT(argument USING utf8mb4) AS argument FROM mysql.general_log WHERE command_type IN ('Query', 'Execute') AND thread_id <> ? ORDER BY event_time",
    [me!.id],
  );
  return rows.map((r) => ({ thread: Number(r.thread), command: String(r.command), sql: String(r.argument) }));
}

/**
 * Whitespace-collapsed text, with characters outside the BMP as the `\xF0\x9F…` escapes
 * the general log table writes for them (its column cannot hold 4-byte UTF-8).
 */
const normal = (sql: string): string =>
  sql
    .replace(/[\u{10000}-\u{10FFFF}]/gu, (c) =>
      [...Buffer.from(c, 'utf8')].map((b) => `\\x${b.toString(16).toUpperCase()}`).join(''),
    )
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '');

/**
 * What a migration file declares the server may run: its statements, and the DDL literals
 * of its guards (which MariaDB logs again when the prepared statement executes).
 */
export function declaredStatements(fileText: string): Set<string> {
  const declared = new Set<string>();
  for (const statement of splitStatements(fileText)) {
    declared.add(normal(statement.sql));
    if (/^\s*SET\s+@/i.test(statement.sql)) {
      for (const token of tokenizeAll(statement.sql, { tolerant: true })) {
        if (token.kind === 'string') declared.add(normal(token.value));
      }
    }
  }
  return declared;
}

/**
 * The orchestrator's own statements: reads, session settings, locks, and writes to the
 * ledger database. Everything else a run logs must be declared by the file it runs.
 */
export function isOrchestratorStatement(sql: string, ledgerDatabase: string): boolean {
  const s = normal(sql);
  if (
    /^\(?(SELECT|SHOW|DO|USE|COMMIT|ROLLBACK|BEGIN|START TRANSACTION|XA RECOVER)\b/i.test(s) &&
    !/\bINTO\s+(OUTFILE|DUMPFILE)\b/i.test(s)
  ) {
    return true;
  }
  if (
    /^SET (SESSION |@@SESSION\.|NAMES |autocommit|sql_mode|time_zone|lock_wait_timeout|innodb_lock_wait_timeout|TRANSACTION |max_statement_time|max_execution_time|foreign_key_checks)/i.test(
      s,
    )
  ) {
    return true;
  }
  const ledger = `\`${ledgerDatabase}\``;
  // The apply creates its target database when missing (a no-op here).
  if (/^CREATE DATABASE IF NOT EXISTS `[^`]+`$/i.test(s)) return true;
  return (
    /^(INSERT|UPDATE|DELETE|REPLACE|CREATE TABLE IF NOT EXISTS|CREATE DATABASE IF NOT EXISTS|ALTER TABLE)\b/i.test(s) &&
    s.includes(ledger)
  );
}

/** Logged statements that are neither declared by `fileText` nor the orchestrator's own. */
export function undeclared(logged: readonly LoggedStatement[], fileText: string, ledgerDatabase: string): string[] {
  const declared = declaredStatements(fileText);
  return logged
    .map((l) => l.sql)
    .filter((sql) => !declared.has(normal(sql)) && !isOrchestratorStatement(sql, ledgerDatabase));
}

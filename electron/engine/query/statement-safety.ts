import { classifyStatement, type StatementClass } from '../orchestrator/classify';
import { isKeyword, isPunct, tokenizeAll, type Token } from '../sql/tokenizer';

/** What a console statement does to the server, as the console's guard sees it. */
export type StatementAccess = 'read' | 'data' | 'ddl' | 'session' | 'other-write';

/** The console's verdict on one statement before it is sent. */
export interface StatementAssessment {
  readonly access: StatementAccess;
  /** The migration classifier's view (kind, destructive, summary). */
  readonly classification: StatementClass;
  /** Drops, deletes or truncates: needs the typed confirmation. */
  readonly destructive: boolean;
  /** An UPDATE/DELETE without a WHERE clause (every row of the table changes). */
  readonly missingWhere: boolean;
  /** DDL run from the console does not go through the migration ledger. */
  readonly bypassesLedger: boolean;
  /** `SELECT COUNT(*) …` with the statement's table and WHERE, when derivable. */
  readonly countSql?: string;
}

/** Statement heads that only read (or only touch the session) and may run on read-only profiles. */
const READ_HEADS = new Set([
  'SELECT',
  'SHOW',
  'DESCRIBE',
  'DESC',
  'EXPLAIN',
  'ANALYZE',
  'HELP',
  'VALUES',
  'TABLE',
  'DO',
]);
const SESSION_HEADS = new Set(['USE', 'SET']);
const DATA_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE']);

/** True when a top-level word of the statement (outside parentheses) is one of `words`. */
function hasTopLevel(tokens: readonly Token[], words: ReadonlySet<string>): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && t.kind === 'word' && words.has(t.upper)) return true;
  }
  return false;
}

/** Index of the first top-level keyword among `words` at or after `from`, or -1. */
function findTopLevel(tokens: readonly Token[], from: number, ...words: string[]): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && isKeyword(t, ...words)) return i;
  }
  return -1;
}

/** `ANALYZE TABLE` writes statistics; `ANALYZE SELECT` (MariaDB) / `ANALYZE FORMAT=JSON SELECT` reads. */
function isReadOnlyAnalyze(tokens: readonly Token[]): boolean {
  return !isKeyword(tokens[1], 'TABLE', 'LOCAL', 'NO_WRITE_TO_BINLOG');
}

/**
 * The read statement behind a read head, or a write hidden in it: `SELECT … INTO OUTFILE`,
 * `EXPLAIN`/`ANALYZE` of an UPDATE (ANALYZE runs it), `WITH … DELETE` (MySQL 8).
 */
function readHeadAccess(tokens: readonly Token[], head: string): StatementAccess {
  if (head === 'ANALYZE' && !isReadOnlyAnalyze(tokens)) return 'other-write';
  if (head === 'ANALYZE' && hasTopLevel(tokens, DATA_WORDS)) return 'data';
  if (head === 'SELECT' && findTopLevel(tokens, 0, 'INTO') >= 0) {
    const into = findTopLevel(tokens, 0, 'INTO');
    if (isKeyword(tokens[into + 1], 'OUTFILE', 'DUMPFILE')) return 'other-write';
  }
  return 'read';
}

/** The single table a `UPDATE t …` / `DELETE FROM t …` touches, with where its clauses start. */
interface SingleTableChange {
  readonly tableText: string;
  readonly whereText?: string;
  readonly limitText?: string;
}

function sliceTokens(sql: string, tokens: readonly Token[], from: number, to: number): string {
  if (from >= to) return '';
  return sql.slice(tokens[from]!.start, tokens[to - 1]!.end);
}

/** Reads `UPDATE [LOW_PRIORITY] [IGNORE] t SET … [WHERE …] [ORDER BY …] [LIMIT n]` and the DELETE form. */
function singleTableChange(sql: string, tokens: readonly Token[]): SingleTableChange | undefined {
  const head = tokens[0]?.upper;
  let i = 1;
  while (isKeyword(tokens[i], 'LOW_PRIORITY', 'QUICK', 'IGNORE')) i++;
  let tableEnd: number;
  if (head === 'UPDATE') {
    tableEnd = findTopLevel(tokens, i, 'SET');
  } else {
    if (!isKeyword(tokens[i], 'FROM')) return undefined;
    i++;
    tableEnd = findTopLevel(tokens, i, 'WHERE', 'ORDER', 'LIMIT', 'RETURNING', 'USING');
    if (tableEnd < 0) tableEnd = tokens.length;
    if (isKeyword(tokens[tableEnd], 'USING')) return undefined;
  }
  if (tableEnd < 0) return undefined;
  const tableTokens = tokens.slice(i, tableEnd);
  // One table, optionally qualified and aliased: no commas, no joins, no parentheses.
  if (tableTokens.length === 0 || tableTokens.some((t) => t.kind === 'punct' && t.value !== '.')) return undefined;
  if (tableTokens.some((t) => isKeyword(t, 'JOIN', 'STRAIGHT_JOIN', 'PARTITION'))) return undefined;
  const tableText = sliceTokens(sql, tokens, i, tableEnd);
  const where = findTopLevel(tokens, tableEnd, 'WHERE');
  const tail = findTopLevel(tokens, where >= 0 ? where : tableEnd, 'ORDER', 'LIMIT', 'RETURNING');
  const limit = findTopLevel(tokens, tableEnd, 'LIMIT');
  const whereText = where >= 0 ? sliceTokens(sql, tokens, where + 1, tail >= 0 ? tail : tokens.length) : undefined;
  let limitText: string | undefined;
  if (limit >= 0) {
    const stop = findTopLevel(tokens, limit + 1, 'RETURNING');
    limitText = sliceTokens(sql, tokens, limit + 1, stop >= 0 ? stop : tokens.length);
  }
  return { tableText, ...(whereText === undefined ? {} : { whereText }), ...(limitText ? { limitText } : {}) };
}

/** `SELECT COUNT(*)` over the same table and WHERE (LIMIT kept through a derived table). */
function countSqlOf(change: SingleTableChange): string {
  const where = change.whereText === undefined ? '' : ` WHERE ${change.whereText}`;
  if (change.limitText === undefined) return `SELECT COUNT(*) FROM ${change.tableText}${where}`;
  return `SELECT COUNT(*) FROM (SELECT 1 FROM ${change.tableText}${where} LIMIT ${change.limitText}) AS lupo_rows`;
}

/**
 * Classifies a console statement before it is sent: reads, session settings, data changes,
 * DDL (which bypasses the migration ledger) and other writes. Built on the migration
 * classifier (`classifyStatement`) so the console and the apply pipeline agree on what is
 * destructive; adds what only the console needs: read detection for read-only profiles,
 * a missing WHERE, and the row-count query that says how many rows will change.
 */
export function assessStatement(sql: string): StatementAssessment {
  const classification = classifyStatement(sql);
  const tokens = tokenizeAll(sql, { tolerant: true });
  const head = tokens[0]?.upper ?? '';
  let access: StatementAccess;
  if (READ_HEADS.has(head)) access = readHeadAccess(tokens, head);
  else if (head === 'WITH' || head === '(') access = hasTopLevel(tokens, DATA_WORDS) ? 'data' : 'read';
  else if (SESSION_HEADS.has(head)) access = isSessionSet(tokens) ? 'session' : 'other-write';
  else if (classification.kind === 'data') access = 'data';
  else if (classification.kind !== 'other' || ['CREATE', 'DROP', 'ALTER', 'RENAME'].includes(head)) access = 'ddl';
  else access = 'other-write';
  let missingWhere = false;
  let countSql: string | undefined;
  if (head === 'UPDATE' || head === 'DELETE') {
    const change = singleTableChange(sql, tokens);
    if (change) {
      missingWhere = change.whereText === undefined;
      countSql = countSqlOf(change);
    } else {
      missingWhere = findTopLevel(tokens, 1, 'WHERE') < 0;
    }
  }
  return {
    access,
    classification,
    destructive: classification.destructive,
    missingWhere,
    bypassesLedger: access === 'ddl',
    ...(countSql === undefined ? {} : { countSql }),
  };
}

/**
 * `SET @v = …`, `SET NAMES`, `SET SESSION x = …`, `SET x = …`: session-only. `SET GLOBAL`,
 * `SET PASSWORD`, `SET ROLE DEFAULT`/`SET DEFAULT ROLE` change the server and are writes.
 */
function isSessionSet(tokens: readonly Token[]): boolean {
  if (isKeyword(tokens[0], 'USE')) return true;
  const second = tokens[1];
  if (isKeyword(second, 'GLOBAL', 'PERSIST', 'PERSIST_ONLY', 'PASSWORD', 'DEFAULT')) return false;
  if (second?.kind === 'variable' && /^@@(global|persist)/i.test(second.value)) return false;
  return true;
}

/** True when the statement may run on a read-only profile. */
export function isReadOnlySafe(assessment: StatementAssessment): boolean {
  return assessment.access === 'read' || assessment.access === 'session';
}

import { splitTextTopLevel } from '../sql/split-top-level';
import { tokenizeAll } from '../sql/tokenizer';
import type { SqlStatement } from './types';

/**
 * A statement prepared for text rules: `masked` is the SQL with comments blanked and
 * string-literal contents blanked (same length and line breaks, so offsets map back to
 * lines), `upper` is `masked` upper-cased, `strings` are the literal contents (dynamic SQL
 * built for PREPARE lives there), and `columns` are the column definitions the statement
 * declares (CREATE TABLE body, ALTER TABLE ADD/MODIFY/CHANGE).
 */
export interface StatementView {
  readonly statement: SqlStatement;
  readonly masked: string;
  readonly upper: string;
  readonly strings: readonly string[];
  readonly columns: readonly StatementColumn[];
  /** Lines between the statement's `line` and its first token (leading comments). */
  readonly firstTokenOffset: number;
}

/** A column definition found in a statement, with its line offset in the statement. */
export interface StatementColumn {
  readonly name: string;
  /** Lower-case base type. */
  readonly type: string;
  /** The parenthesised numbers after the type (`bigint(20)` → [20]). */
  readonly typeArgs: readonly number[];
  readonly unsigned: boolean;
  readonly lineOffset: number;
}

/** Both masks of one statement, read in one tokenizer pass. */
interface Masks {
  readonly sql: string;
  /** Comments and string contents blanked. */
  readonly masked: string;
  /** Comments blanked, strings kept. */
  readonly commentsBlanked: string;
  readonly strings: readonly string[];
}

const NOT_NEWLINE = /[^\n]/g;
const blank = (text: string): string => text.replace(NOT_NEWLINE, ' ');

/**
 * The linter asks for both masks of each statement in turn (its view, then the table
 * parser's text with strings kept): the last statement's masks are kept so the second
 * request does not tokenize it again.
 */
let lastMasks: Masks | undefined;

function masksOf(sql: string): Masks {
  if (lastMasks?.sql === sql) return lastMasks;
  const masked: string[] = [];
  const commentsBlanked: string[] = [];
  const strings: string[] = [];
  // Only comments and strings change: the text between them is copied in one slice.
  let at = 0;
  for (const token of tokenizeAll(sql, { tolerant: true, comments: true })) {
    if (token.kind !== 'comment' && token.kind !== 'string') continue;
    const between = sql.slice(at, token.start);
    const raw = sql.slice(token.start, token.end);
    if (token.kind === 'comment') {
      const blanked = blank(raw);
      masked.push(between, blanked);
      commentsBlanked.push(between, blanked);
    } else {
      strings.push(token.value);
      const close = token.unterminated ? '' : raw[0]!;
      masked.push(between, raw[0]! + blank(raw.slice(1, raw.length - close.length)) + close);
      commentsBlanked.push(between, raw);
    }
    at = token.end;
  }
  const rest = sql.slice(at);
  masked.push(rest);
  commentsBlanked.push(rest);
  lastMasks = { sql, masked: masked.join(''), commentsBlanked: commentsBlanked.join(''), strings };
  return lastMasks;
}

/**
 * Blanks comments and (unless `keepStrings`) string contents, keeping length and newlines.
 * Versioned comments (`/*!…*\/`) are blanked too. `strings` are the (unescaped) contents of
 * the string literals. Reads with the shared tokenizer in tolerant mode: never throws.
 */
export function maskSql(sql: string, keepStrings = false): { masked: string; strings: string[] } {
  const masks = masksOf(sql);
  return { masked: keepStrings ? masks.commentsBlanked : masks.masked, strings: [...masks.strings] };
}

/**
 * Splits `text` at commas outside parentheses, returning each part (untrimmed, empty ones
 * too) with its start offset. Kept as doctrine's name for the shared `splitTextTopLevel`.
 */
export const splitTopLevel = splitTextTopLevel;

const NOT_COLUMN = /^(PRIMARY|KEY|INDEX|UNIQUE|CONSTRAINT|FOREIGN|FULLTEXT|SPATIAL|CHECK|PERIOD|LIKE)\b/i;
const IDENT = '(`[^`]+`|[A-Za-z0-9_$]+)';
const COLUMN_TEXT = new RegExp(`^\\s*${IDENT}\\s+([A-Za-z]+(?:\\s+PRECISION)?)\\s*(\\(([^)]*)\\))?([\\s\\S]*)$`, 'i');
const UNSIGNED = /\bUNSIGNED\b/i;
const CREATE_BODY = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMPORARY\s+)?TABLE\b[^(]*\(/i;
const ALTER_HEAD = new RegExp(`^\\s*ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+${IDENT}(?:\\s*\\.\\s*${IDENT})?`, 'i');
const ALTER_CLAUSE = /^\s*(ADD|MODIFY|CHANGE)(\s+COLUMN)?(\s+IF\s+(?:NOT\s+)?EXISTS)?\s+/i;
const LEADING_IDENT = new RegExp(`^\\s*${IDENT}`);

function lineOf(text: string, offset: number): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/**
 * Line numbers of many offsets in one text: the newlines are found once and each offset is
 * looked up by bisection (counting from the start for every column made a 2,000-table file
 * quadratic in statement length).
 */
function lineCounter(text: string): (offset: number) => number {
  const newlines: number[] = [];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) newlines.push(at);
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (newlines[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

function parseColumnText(text: string): Omit<StatementColumn, 'lineOffset'> | undefined {
  const match = COLUMN_TEXT.exec(text);
  if (!match) return undefined;
  const name = match[1]!.replace(/`/g, '');
  const typeArgs = (match[4] ?? '')
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((value) => Number.isFinite(value) && (match[4] ?? '').trim() !== '');
  return { name, type: match[2]!.toLowerCase(), typeArgs, unsigned: UNSIGNED.test(match[5] ?? '') };
}

function leadingOffset(masked: string): number {
  const first = masked.search(/\S/);
  return first === -1 ? 0 : lineOf(masked, first);
}

/** Extracts the column definitions of a CREATE TABLE / ALTER TABLE statement (masked text). */
export function statementColumns(masked: string): StatementColumn[] {
  const columns: StatementColumn[] = [];
  const lineAt = lineCounter(masked);
  const create = CREATE_BODY.exec(masked);
  if (create) {
    const bodyStart = create[0].length;
    let depth = 1;
    let end = bodyStart;
    for (; end < masked.length && depth > 0; end += 1) {
      if (masked[end] === '(') depth += 1;
      if (masked[end] === ')') depth -= 1;
    }
    for (const part of splitTopLevel(masked.slice(bodyStart, end - 1), bodyStart)) {
      const trimmed = part.text.trim();
      if (trimmed === '' || NOT_COLUMN.test(trimmed)) continue;
      const column = parseColumnText(part.text);
      const lead = part.text.search(/\S/);
      if (column) columns.push({ ...column, lineOffset: lineAt(part.offset + Math.max(lead, 0)) });
    }
    return columns;
  }
  const alter = ALTER_HEAD.exec(masked);
  if (!alter) return columns;
  for (const part of splitTopLevel(masked.slice(alter[0].length), alter[0].length)) {
    const clause = ALTER_CLAUSE.exec(part.text);
    if (!clause) continue;
    let rest = part.text.slice(clause[0].length);
    if (NOT_COLUMN.test(rest.trim())) continue;
    if (/^\(/.test(rest.trim())) continue;
    if (clause[1]!.toUpperCase() === 'CHANGE') rest = rest.replace(LEADING_IDENT, '');
    const column = parseColumnText(rest);
    if (column) columns.push({ ...column, lineOffset: lineAt(part.offset + clause.index) + leadingOffset(part.text) });
  }
  return columns;
}

/** Builds the view rules look at. */
export function viewStatement(statement: SqlStatement): StatementView {
  const { masked, strings } = maskSql(statement.sql);
  const firstTokenOffset = leadingOffset(masked);
  const trimmedStart = masked.search(/\S/);
  const body = trimmedStart === -1 ? '' : masked.slice(trimmedStart);
  const columns = statementColumns(body).map((column) => ({
    ...column,
    lineOffset: column.lineOffset + firstTokenOffset,
  }));
  return { statement, masked, upper: masked.toUpperCase(), strings, columns, firstTokenOffset };
}

/** Lines between the statement's start and character `index` of its (masked) text. */
export function lineOffsetAt(view: StatementView, index: number): number {
  return lineOf(view.masked, index);
}

/** The line offset of the first match of `pattern` in the upper-cased masked text, or undefined. */
export function matchLineOffset(view: StatementView, pattern: RegExp): number | undefined {
  const match = pattern.exec(view.upper);
  return match ? lineOf(view.masked, match.index) : undefined;
}

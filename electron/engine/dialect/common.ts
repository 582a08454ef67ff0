/**
 * Dialect-neutral helpers for reading information_schema text into the model: type
 * parsing, quoted-literal unescaping and expression canonicalisation. Both dialects use them.
 */

/**
 * `SELECT VERSION()` as the number executable comments use: `10.11.6-MariaDB` → 101106,
 * `8.0.36` → 80036 (0 when unreadable).
 */
export function versionNumber(version: string): number {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return 0;
  return Number(match[1]) * 10_000 + Number(match[2]) * 100 + Number(match[3]);
}

/** Integer types (whose `(n)` is a display width, not a length). */
export const INTEGER_TYPES: ReadonlySet<string> = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);

const CURRENT_TIMESTAMP = /^(current_timestamp|now|localtimestamp|localtime)\s*(?:\(\s*(\d*)\s*\))?$/i;

/**
 * Canonical form of a default/on-update expression: the CURRENT_TIMESTAMP family becomes
 * `CURRENT_TIMESTAMP` / `CURRENT_TIMESTAMP(n)`; any other expression is wrapped in one pair
 * of parentheses (the form `DEFAULT (expr)` needs on both servers).
 */
export function canonicalExpression(expression: string): string {
  const text = expression.trim();
  const match = CURRENT_TIMESTAMP.exec(text);
  if (match) return match[2] ? `CURRENT_TIMESTAMP(${match[2]})` : 'CURRENT_TIMESTAMP';
  return isWrapped(text) ? text : `(${text})`;
}

/** True when the whole text is enclosed in one balanced pair of parentheses. */
export function isWrapped(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

/** Reads the quoted strings of an `enum(...)`/`set(...)` argument list. */
export function parseQuotedList(text: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("'", i);
    if (open < 0) break;
    let value = '';
    let j = open + 1;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (ch === '\\' && j + 1 < text.length) {
        value += unescapeChar(text[++j] ?? '');
      } else if (ch === "'") {
        if (text[j + 1] === "'") {
          value += "'";
          j++;
        } else break;
      } else value += ch;
    }
    values.push(value);
    i = j + 1;
  }
  return values;
}

/** Unquotes one `'…'` SQL string literal (doubled quotes and backslash escapes). */
export function unquoteLiteral(text: string): string {
  return parseQuotedList(text)[0] ?? '';
}

function unescapeChar(ch: string): string {
  switch (ch) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case '0':
      return '\u0000';
    case 'Z':
      return '\u001a';
    default:
      return ch;
  }
}

/** The parts of information_schema.COLUMNS.COLUMN_TYPE the model keeps. */
export interface ParsedColumnType {
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly fsp?: number;
  readonly displayWidth?: number;
  readonly values?: readonly string[];
  readonly unsigned: boolean;
  readonly zerofill: boolean;
}

const LENGTH_TYPES = new Set(['char', 'varchar', 'binary', 'varbinary', 'bit']);
const TIME_TYPES = new Set(['time', 'datetime', 'timestamp']);

/**
 * Parses COLUMN_TYPE (`int(10) unsigned zerofill`, `decimal(10,2)`, `enum('a','b')`) given
 * DATA_TYPE. Integer display widths are kept only where they carry meaning on both
 * servers: `tinyint(1)` (boolean) and zerofill columns; `year(4)` loses its width.
 */
export function parseColumnType(dataType: string, columnType: string): ParsedColumnType {
  const open = columnType.indexOf('(');
  const close = columnType.lastIndexOf(')');
  const args = open >= 0 && close > open ? columnType.slice(open + 1, close) : undefined;
  const suffix = (close > open ? columnType.slice(close + 1) : columnType.slice(dataType.length)).toLowerCase();
  const unsigned = suffix.includes('unsigned');
  const zerofill = suffix.includes('zerofill');
  const base = { unsigned, zerofill };
  if (args === undefined) return base;
  if (dataType === 'enum' || dataType === 'set') return { ...base, values: parseQuotedList(args) };
  const numbers = args.split(',').map((part) => Number(part.trim()));
  const first = numbers[0] ?? 0;
  if (INTEGER_TYPES.has(dataType)) {
    return (dataType === 'tinyint' && first === 1) || zerofill ? { ...base, displayWidth: first } : base;
  }
  if (LENGTH_TYPES.has(dataType)) return { ...base, length: first };
  if (TIME_TYPES.has(dataType)) return first > 0 ? { ...base, fsp: first } : base;
  if (dataType === 'year') return base;
  if (numbers.length >= 2) return { ...base, precision: first, scale: numbers[1] ?? 0 };
  return { ...base, precision: first };
}

/** The character set a collation belongs to (`utf8mb4_general_ci` → `utf8mb4`). */
export function charsetOfCollation(collation: string): string {
  const cut = collation.indexOf('_');
  return cut < 0 ? collation : collation.slice(0, cut);
}

const ON_UPDATE = /on update ([a-z_]+(?:\(\d*\))?)/i;

/** Reads the `on update …` part of EXTRA in canonical form. */
export function onUpdateFromExtra(extra: string): string | undefined {
  const match = ON_UPDATE.exec(extra);
  return match?.[1] === undefined ? undefined : canonicalExpression(match[1]);
}

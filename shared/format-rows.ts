import type { QueryCell, QueryColumn } from './contract/query';
import { quoteIdentifier, quoteQualified, quoteString } from './sql/identifier';

/** Output formats of export and `lupo query`. */
export type RowFormat = 'csv' | 'tsv' | 'json' | 'sql' | 'markdown' | 'table';

/** A CSV text field, quoted only when it holds `"`, `,`, CR or LF (a char loop: faster than a regex per cell). */
function csvText(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 || code === 44 || code === 10 || code === 13) return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

function csvField(cell: QueryCell): string {
  if (cell === null) return '';
  return typeof cell === 'number' ? String(cell) : csvText(cell);
}

/** CSV lines of a page, appended to one string (the hot loop of `lupo query --format csv`). */
function csvRows(rows: readonly (readonly QueryCell[])[]): string {
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i];
      if (i > 0) text += ',';
      if (cell === null || cell === undefined) continue;
      text += typeof cell === 'number' ? String(cell) : csvText(cell);
    }
    text += '\r\n';
  }
  return text;
}

function tsvField(cell: QueryCell): string {
  if (cell === null) return '\\N';
  return String(cell).replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

/** mysql2 type names whose values are numbers in SQL (written unquoted). */
const NUMERIC_TYPES = new Set([
  'TINY',
  'SHORT',
  'LONG',
  'INT24',
  'LONGLONG',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'NEWDECIMAL',
  'YEAR',
]);
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const HEX_TEXT = /^0x[0-9a-f]*$/;

/**
 * A cell as an SQL literal: NULL; binary (`0x…` on the wire) as a hex literal; numbers
 * unquoted only in numeric columns (a `'007'` in a VARCHAR stays quoted); all else a
 * quoted string. Without column types, a JS number is taken as numeric.
 */
export function sqlLiteral(cell: QueryCell, column: QueryColumn | undefined): string {
  if (cell === null) return 'NULL';
  const text = String(cell);
  if (column?.binary && HEX_TEXT.test(text)) return text === '0x' ? "X''" : text;
  const numeric = column ? NUMERIC_TYPES.has(column.type) : typeof cell === 'number';
  if (numeric && NUMBER_TEXT.test(text)) return text;
  return quoteString(text);
}

/**
 * Streams rows in one format: `header` once, `rows` per page, `footer` at the end. CSV is
 * RFC 4180 (NULL as empty), TSV is `mariadb --batch` style (NULL as `\N`, escapes), JSON
 * an array of objects, SQL one INSERT per row into `table`.
 */
export interface RowWriter {
  header(columns: readonly QueryColumn[]): string;
  rows(rows: readonly (readonly QueryCell[])[]): string;
  footer(): string;
}

/**
 * A writer for `format` (`table` is drawn by `textTable`). SQL inserts into `table`,
 * qualified by `database` when given.
 */
export function rowWriter(format: Exclude<RowFormat, 'table'>, table = 'result', database?: string): RowWriter {
  let columns: readonly QueryColumn[] = [];
  let first = true;
  switch (format) {
    case 'csv':
      return {
        header: (c) => ((columns = c), c.map((col) => csvField(col.name)).join(',') + '\r\n'),
        rows: csvRows,
        footer: () => '',
      };
    case 'tsv':
      return {
        header: (c) => ((columns = c), c.map((col) => tsvField(col.name)).join('\t') + '\n'),
        rows: (rows) => rows.map((r) => r.map(tsvField).join('\t') + '\n').join(''),
        footer: () => '',
      };
    case 'json':
      return {
        header: (c) => ((columns = c), '['),
        rows: (rows) =>
          rows
            .map((r) => {
              const object: Record<string, QueryCell> = {};
              columns.forEach((col, i) => (object[col.name] = r[i] ?? null));
              const text = (first ? '\n' : ',\n') + JSON.stringify(object);
              first = false;
              return text;
            })
            .join(''),
        footer: () => (first ? ']\n' : '\n]\n'),
      };
    case 'sql': {
      let prefix = '';
      return {
        header: (c) => {
          columns = c;
          prefix = `INSERT INTO ${database ? quoteQualified(database, table) : quoteIdentifier(table)} (${c.map((col) => quoteIdentifier(col.name)).join(', ')}) VALUES (`;
          return '';
        },
        rows: (rows) =>
          rows.map((r) => prefix + r.map((cell, i) => sqlLiteral(cell, columns[i])).join(', ') + ');\n').join(''),
        footer: () => '',
      };
    }
    case 'markdown':
      return {
        header: (c) => (
          (columns = c),
          `| ${c.map((col) => mdField(col.name)).join(' | ')} |\n|${c.map(() => ' --- ').join('|')}|\n`
        ),
        rows: (rows) =>
          rows
            .map((r) => `| ${r.map((cell) => mdField(cell === null ? 'NULL' : String(cell))).join(' | ')} |\n`)
            .join(''),
        footer: () => '',
      };
  }
}

function mdField(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

/** Rows drawn as an aligned text table (widths from the rows given, long cells cut). */
export function textTable(
  columns: readonly QueryColumn[],
  rows: readonly (readonly QueryCell[])[],
  maxWidth = 60,
): string {
  const show = (cell: QueryCell): string => {
    const s = cell === null ? 'NULL' : String(cell).replace(/\s+/g, ' ');
    return s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s;
  };
  const widths = columns.map((c, i) => Math.max(c.name.length, ...rows.map((r) => show(r[i] ?? null).length)));
  const line = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  const row = (cells: readonly string[]): string =>
    '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |\n';
  return line + row(columns.map((c) => c.name)) + line + rows.map((r) => row(r.map(show))).join('') + line;
}

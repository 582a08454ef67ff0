import type { QueryCell, QueryColumn } from '../../../shared/contract/query';
import { quoteIdentifier, quoteString } from '../sql/identifier';

/** Output formats of export and `lupo query`. */
export type RowFormat = 'csv' | 'tsv' | 'json' | 'sql' | 'markdown' | 'table';

const CSV_SPECIAL = /[",\r\n]/;

function csvField(cell: QueryCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  return CSV_SPECIAL.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function csvRow(row: readonly QueryCell[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : ',') + csvField(row[i] ?? null);
  return line + '\r\n';
}

function tsvField(cell: QueryCell): string {
  if (cell === null) return '\\N';
  return String(cell).replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

function sqlLiteral(cell: QueryCell, column: QueryColumn | undefined): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'number') return String(cell);
  if (/^0x[0-9a-f]*$/.test(cell) && column && /BLOB|BINARY|BIT|GEOMETRY/.test(column.type))
    return cell === '0x' ? "''" : cell;
  return quoteString(cell);
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

/** A writer for `format` (`table` and `markdown` are drawn by their callers from these pieces). */
export function rowWriter(format: Exclude<RowFormat, 'table'>, table = 'result'): RowWriter {
  let columns: readonly QueryColumn[] = [];
  let first = true;
  switch (format) {
    case 'csv':
      return {
        header: (c) => ((columns = c), c.map((col) => csvField(col.name)).join(',') + '\r\n'),
        rows: (rows) => {
          let text = '';
          for (const r of rows) text += csvRow(r);
          return text;
        },
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
          prefix = `INSERT INTO ${quoteIdentifier(table)} (${c.map((col) => quoteIdentifier(col.name)).join(', ')}) VALUES (`;
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

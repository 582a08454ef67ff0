import type { ColumnFilterInput, QueryColumn } from '../../../../shared/contract/query';

const NUMERIC_TYPES = new Set([
  'TINY',
  'SHORT',
  'LONG',
  'INT24',
  'LONGLONG',
  'NEWDECIMAL',
  'DECIMAL',
  'FLOAT',
  'DOUBLE',
  'YEAR',
]);

/**
 * Reads what the operator typed in a column's filter box: `a..b` is a range (either side may
 * be empty), `=x` is equals, `NULL` is IS NULL; plain text is equals on numeric, `*_id` and
 * `*_ymdhis` columns (a day on a `*_ymdhis` column means that whole day) and contains
 * elsewhere. Empty text is no filter. The values travel as bound parameters.
 */
export function parseFilterText(column: QueryColumn, text: string): ColumnFilterInput | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (/_ymdhis$/i.test(column.name) && !isDateFilter(value)) return undefined;
  if (value.toUpperCase() === 'NULL') return { column: column.name, op: 'equals', value: null };
  if (value.startsWith('=')) return { column: column.name, op: 'equals', value: value.slice(1) };
  const range = /^(.*?)\.\.(.*)$/.exec(value);
  if (range) {
    const [, from = '', to = ''] = range;
    return {
      column: column.name,
      op: 'range',
      ...(from.trim() ? { from: from.trim() } : {}),
      ...(to.trim() ? { to: to.trim() } : {}),
    };
  }
  const exact = NUMERIC_TYPES.has(column.type) || /_(id|ymdhis)$/i.test(column.name);
  return exact ? { column: column.name, op: 'equals', value } : { column: column.name, op: 'contains', value };
}

const DATE = String.raw`(\d{14}|\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?Z?)?)`;
const DATE_FILTER = new RegExp(`^(=?${DATE}|NULL|${DATE}?\\.\\.${DATE}?)$`, 'i');

/** A `*_ymdhis` filter the engine accepts: a date, date-time or YYYYMMDDHHMMSS, a range of them, or NULL (a half-typed date is not one yet). */
export function isDateFilter(text: string): boolean {
  return DATE_FILTER.test(text.trim().replace(/\s*\.\.\s*/, '..'));
}

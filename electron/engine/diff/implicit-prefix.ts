import type { Column, Index, IndexColumn, Table } from '../../../shared/schema/model';
import { canonicalType, charsetOfCollation, nameKey } from './normalize';

/**
 * What InnoDB does to a full-column key part that is longer than its key limit (measured on
 * MariaDB 10.11, ROW_FORMAT=DYNAMIC, 16 KiB pages; MySQL 8 documents the same limits):
 *
 * - a non-unique single-column BTREE index on a `char`/`varchar` column of more than
 *   3072 bytes is stored as a prefix of ⌊3072 / bytes per character⌋ characters (Note
 *   1071): `varchar(2000)` in utf8mb4 becomes `(768)`;
 * - a unique index on such a column becomes a MariaDB "long unique" (`USING HASH`, no
 *   prefix); MySQL 8 refuses it;
 * - a multi-column index whose parts exceed 3072 bytes, and any such index under
 *   ROW_FORMAT=COMPACT/REDUNDANT (767 bytes), is refused.
 *
 * Diff uses this to see `idx (url)` declared and `idx (url(768))` live as the same index
 * (no false drift that no plan could clear); the `implicit-index-prefix` doctrine rule tells
 * the operator what the server does and how to declare it.
 */

/** The InnoDB key-part limit in bytes for DYNAMIC/COMPRESSED row formats. */
export const INNODB_KEY_PART_LIMIT = 3072;

const MAX_BYTES: Readonly<Record<string, number>> = {
  utf8mb4: 4,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  utf8mb3: 3,
  utf8: 3,
  ucs2: 2,
  ujis: 3,
  eucjpms: 3,
  sjis: 2,
  cp932: 2,
  gbk: 2,
  gb2312: 2,
  gb18030: 4,
  big5: 2,
  euckr: 2,
};

/** Maximum bytes per character of a charset (1 for single-byte charsets such as latin1). */
export function charsetMaxBytes(charset: string | undefined): number {
  if (charset === undefined) return 4;
  return MAX_BYTES[charset.toLowerCase()] ?? 1;
}

/** The effective charset of a string column in its table (column, else table, else `fallback`). */
export function effectiveCharset(column: Column, table: Table, fallback?: string): string | undefined {
  return (
    column.charset?.toLowerCase() ??
    charsetOfCollation(column.collation) ??
    table.options.charset?.toLowerCase() ??
    charsetOfCollation(table.options.collation) ??
    fallback
  );
}

/** Bytes a full-column key part on `column` takes, or undefined for non-character columns. */
export function keyPartBytes(column: Column, charset: string | undefined): number | undefined {
  const type = canonicalType(column.type);
  if ((type !== 'varchar' && type !== 'char') || column.length === undefined) return undefined;
  return column.length * charsetMaxBytes(charset);
}

/**
 * The prefix length (characters) the server stores for a full-column key part on
 * `column`, or undefined when the column fits (or is not a character column).
 */
export function implicitPrefixLength(column: Column, charset: string | undefined): number | undefined {
  const bytes = keyPartBytes(column, charset);
  if (bytes === undefined || bytes <= INNODB_KEY_PART_LIMIT) return undefined;
  return Math.floor(INNODB_KEY_PART_LIMIT / charsetMaxBytes(charset));
}

/**
 * False when no column of `table` is long enough to pass the key limit even at 4 bytes a
 * character (the most any charset takes): then no index of it can, and nothing needs checking.
 */
export function mayExceedKeyLimit(table: Table): boolean {
  return table.columns.some((column) => column.length !== undefined && column.length * 4 > INNODB_KEY_PART_LIMIT);
}

/** What the server does with a declared index whose full-column part is too long. */
export type ImplicitIndexOutcome =
  | { readonly kind: 'prefix'; readonly column: string; readonly length: number; readonly bytes: number }
  | { readonly kind: 'long-unique'; readonly column: string; readonly bytes: number }
  | { readonly kind: 'refused'; readonly column: string; readonly bytes: number };

/**
 * How the server stores `index` of `table` when a full-column part is longer than the key
 * limit (undefined when every part fits or has an explicit prefix). `fallbackCharset` is
 * the charset a table without one gets (the workspace default).
 */
export function implicitIndexOutcome(
  index: Index,
  table: Table,
  fallbackCharset?: string,
): ImplicitIndexOutcome | undefined {
  if (index.kind === 'fulltext' || index.kind === 'spatial') return undefined;
  for (const part of index.columns) {
    if (part.length !== undefined) continue;
    // Column names are unique case-insensitively: the exact spelling, when present, is the one.
    const key = nameKey(part.name);
    const column =
      table.columns.find((c) => c.name === part.name) ?? table.columns.find((c) => nameKey(c.name) === key);
    if (!column) continue;
    // Cheap exit for most parts: not a character column, or short enough at 4 bytes a character (the most any charset takes).
    if (column.length === undefined || column.length * 4 <= INNODB_KEY_PART_LIMIT) continue;
    const charset = effectiveCharset(column, table, fallbackCharset);
    const bytes = keyPartBytes(column, charset);
    if (bytes === undefined || bytes <= INNODB_KEY_PART_LIMIT) continue;
    if (index.columns.length > 1) return { kind: 'refused', column: column.name, bytes };
    if (index.unique) return { kind: 'long-unique', column: column.name, bytes };
    return { kind: 'prefix', column: column.name, length: implicitPrefixLength(column, charset)!, bytes };
  }
  return undefined;
}

/**
 * `desired` as the server would store it, judged against the live `actual` index and
 * table: a full-column part becomes the prefix the server applied (when the live index
 * has exactly that prefix), and a unique BTREE index becomes the HASH long unique MariaDB
 * made of it. Anything else is returned unchanged, so real differences stay visible.
 */
export function asServerStores(desired: Index, actual: Index, actualTable: Table): Index {
  if (desired.kind !== 'btree' || desired.columns.length !== actual.columns.length) return desired;
  let changed = false;
  let longUnique = false;
  const columns = desired.columns.map((part, i): IndexColumn => {
    const live = actual.columns[i]!;
    // Only a live prefix or a live HASH index can be the server's doing (cheap exit: the
    // column lookup below runs for those few indexes only).
    if (live.length === undefined && actual.kind !== 'hash') return part;
    if (part.length !== undefined || nameKey(part.name) !== nameKey(live.name)) return part;
    const column = actualTable.columns.find((c) => nameKey(c.name) === nameKey(part.name));
    if (!column) return part;
    const charset = effectiveCharset(column, actualTable);
    const bytes = keyPartBytes(column, charset);
    if (bytes === undefined || bytes <= INNODB_KEY_PART_LIMIT) return part;
    if (desired.unique && actual.kind === 'hash' && live.length === undefined) {
      longUnique = true;
      return part;
    }
    if (live.length !== undefined && live.length === implicitPrefixLength(column, charset)) {
      changed = true;
      return { ...part, length: live.length };
    }
    return part;
  });
  if (!changed && !longUnique) return desired;
  return { ...desired, columns, ...(longUnique ? { kind: 'hash' as const } : {}) };
}

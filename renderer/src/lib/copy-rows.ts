import type { QueryCell, QueryColumn } from '../../../shared/contract/query';
import { rowWriter } from '../../../shared/format-rows';

/** What a result grid can copy as. */
export type CopyFormat = 'tsv' | 'markdown' | 'json' | 'sql';

/** The formats in the order a menu offers them. */
export const COPY_FORMATS: readonly { readonly format: CopyFormat; readonly label: string }[] = [
  { format: 'tsv', label: 'TSV' },
  { format: 'markdown', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
  { format: 'sql', label: 'SQL INSERT' },
];

/** Rows and columns to copy, by index into the result (in the order given). */
export interface CopySelection {
  readonly rows: readonly number[];
  readonly columns: readonly number[];
}

/** The table an INSERT goes into: the one every copied column comes from, else `result`. */
function insertTarget(columns: readonly QueryColumn[]): { table: string; database?: string } {
  const tables = new Set(columns.map((c) => c.table ?? ''));
  const databases = new Set(columns.map((c) => c.database ?? ''));
  const [table] = tables;
  if (tables.size !== 1 || !table) return { table: 'result' };
  const [database] = databases;
  return databases.size === 1 && database ? { table, database } : { table };
}

/**
 * A selection of a result as text, with the formatters `lupo query` and export use
 * (shared/format-rows): TSV in `mariadb --batch` style without a header (NULL as `\N`) —
 * one cell copies as its bare value —, a Markdown table, a JSON array of objects, or one
 * SQL INSERT per row (identifiers and strings quoted, binary as hex, numbers unquoted only
 * in numeric columns). Used by the console's grid and reusable by any grid of rows.
 */
export function copyRows(
  format: CopyFormat,
  columns: readonly QueryColumn[],
  rows: readonly (readonly QueryCell[])[],
  selection: CopySelection,
): string {
  const picked = selection.columns.map((i) => columns[i]!);
  const cells = selection.rows.map((r) => selection.columns.map((c) => rows[r]?.[c] ?? null));
  if (format === 'tsv' && cells.length === 1 && picked.length === 1) {
    const only = cells[0]![0]!;
    return only === null ? 'NULL' : String(only);
  }
  const target = insertTarget(picked);
  const writer = rowWriter(format, target.table, target.database);
  const header = writer.header(picked);
  return (format === 'tsv' ? '' : header) + writer.rows(cells) + writer.footer();
}

/** Puts text on the system clipboard (the renderer's own API; no engine round trip). */
export async function writeClipboard(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

import type { Table } from '../../../shared/schema/model';

/**
 * Naming helpers of the doctrine: the expected primary-key name of a table
 * (`lupo_actor_collections` → `actor_collection_id`), the English singular it uses, and
 * column lookup by name.
 */

/** Singular of the last word: `-ies` → `-y`, `-sses`/`-ses` → `-ss`/`-s`, `-xes`/`-ches`/`-shes` → drop `es`, `-s` → drop. */
export function singularize(word: string): string {
  const lower = word.toLowerCase();
  if (lower.endsWith('ies') && lower.length > 3) return word.slice(0, -3) + 'y';
  if (lower.endsWith('sses')) return word.slice(0, -2);
  if (/(x|ch|sh|zz)es$/.test(lower)) return word.slice(0, -2);
  if (lower.endsWith('ses') && lower.length > 3) return word.slice(0, -1);
  if (lower.endsWith('ss') || lower.endsWith('us') || lower.endsWith('is')) return word;
  if (lower.endsWith('s') && lower.length > 1) return word.slice(0, -1);
  return word;
}

/**
 * The primary-key column a table should have: strip the first matching prefix, singularise
 * the last `_`-separated word, append `_id`.
 */
export function expectedPrimaryKeyName(tableName: string, prefixes: readonly string[]): string {
  const lower = tableName.toLowerCase();
  const prefix = prefixes.find(
    (candidate) => lower.startsWith(candidate.toLowerCase()) && lower.length > candidate.length,
  );
  const base = prefix ? tableName.slice(prefix.length) : tableName;
  const words = base.split('_');
  words[words.length - 1] = singularize(words[words.length - 1]!);
  return `${words.join('_')}_id`.toLowerCase();
}

/** True when `table` has a column of that name (names compare case-insensitively). */
export function hasColumn(table: Table, name: string): boolean {
  const wanted = name.toLowerCase();
  return table.columns.some((column) => column.name.toLowerCase() === wanted);
}

/** True when a column name is an id by name (`*_id` or `id`). */
export function isIdColumnName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'id' || lower.endsWith('_id');
}

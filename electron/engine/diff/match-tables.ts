import type { Table } from '../../../shared/schema/model';
import { nameKey } from './normalize';

/** Tables of two sides paired up: common pairs, and what only one side has. */
export interface TableMatch {
  readonly pairs: readonly (readonly [actual: Table, desired: Table])[];
  readonly onlyActual: readonly Table[];
  readonly onlyDesired: readonly Table[];
}

/**
 * Pairs tables the way the server resolves names: an exact (case-sensitive) match first —
 * on `lower_case_table_names=0` `Users` and `users` are two tables — then, for what is
 * left, a case-insensitive match when it is unambiguous (one table of that spelling on each
 * side), which is how `lower_case_table_names=1/2` servers report a `Users` definition.
 * Linear in the number of tables.
 */
export function matchTables(actual: readonly Table[], desired: readonly Table[]): TableMatch {
  const actualByName = new Map(actual.map((table) => [table.name, table]));
  const exact = new Set<string>();
  for (const table of desired) if (actualByName.has(table.name)) exact.add(table.name);
  const looseActual = new Map<string, Table[]>();
  for (const table of actual) {
    if (exact.has(table.name)) continue;
    const list = looseActual.get(nameKey(table.name));
    if (list) list.push(table);
    else looseActual.set(nameKey(table.name), [table]);
  }
  const looseDesiredCount = new Map<string, number>();
  for (const table of desired) {
    if (exact.has(table.name)) continue;
    looseDesiredCount.set(nameKey(table.name), (looseDesiredCount.get(nameKey(table.name)) ?? 0) + 1);
  }
  const pairs: (readonly [Table, Table])[] = [];
  const paired = new Set<Table>();
  const onlyDesired: Table[] = [];
  for (const table of desired) {
    if (exact.has(table.name)) {
      const live = actualByName.get(table.name)!;
      pairs.push([live, table]);
      paired.add(live);
      continue;
    }
    const key = nameKey(table.name);
    const candidates = looseActual.get(key);
    if (candidates?.length === 1 && looseDesiredCount.get(key) === 1) {
      pairs.push([candidates[0]!, table]);
      paired.add(candidates[0]!);
    } else onlyDesired.push(table);
  }
  return { pairs, onlyActual: actual.filter((table) => !paired.has(table)), onlyDesired };
}

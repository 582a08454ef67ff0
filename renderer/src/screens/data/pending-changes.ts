import type { QueryCell, QueryColumn, RowChangeInput } from '../../../../shared/contract/query';

/** Cells by column name. */
export type Cells = Readonly<Record<string, QueryCell>>;

/**
 * The change set the data browser collects before review: cell edits and deletes per row
 * (rows named by their key values), and new rows. Only intent: the engine builds the SQL.
 */
export interface PendingChanges {
  readonly updates: Readonly<Record<string, { readonly key: Cells; readonly old: Cells; readonly set: Cells }>>;
  readonly deletes: Readonly<Record<string, { readonly key: Cells; readonly old: Cells }>>;
  readonly inserts: readonly Cells[];
}

/** No change yet. */
export const NO_CHANGES: PendingChanges = { updates: {}, deletes: {}, inserts: [] };

/** A row's values by column name. */
export function cellsOf(columns: readonly QueryColumn[], row: readonly QueryCell[]): Cells {
  return Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null]));
}

/** The key values of a row, in key order. */
export function keyOf(columns: readonly QueryColumn[], row: readonly QueryCell[], key: readonly string[]): Cells {
  const cells = cellsOf(columns, row);
  return Object.fromEntries(key.map((k) => [k, cells[k] ?? null]));
}

/** A stable name for a row: its key values as text. */
export function rowIdOf(key: Cells): string {
  return JSON.stringify(Object.values(key).map((v) => (v === null ? null : String(v))));
}

/** Records `column = value` on a row; setting a cell back to what was read drops the edit. */
export function editCell(
  changes: PendingChanges,
  columns: readonly QueryColumn[],
  row: readonly QueryCell[],
  key: readonly string[],
  column: string,
  value: QueryCell,
): PendingChanges {
  const rowKey = keyOf(columns, row, key);
  const id = rowIdOf(rowKey);
  const read = cellsOf(columns, row)[column] ?? null;
  const current = changes.updates[id] ?? { key: rowKey, old: {}, set: {} };
  const set = { ...current.set };
  const old = { ...current.old };
  if (value === read || (value !== null && read !== null && String(value) === String(read))) {
    delete set[column];
    delete old[column];
  } else {
    set[column] = value;
    old[column] = read;
  }
  const updates = { ...changes.updates };
  if (Object.keys(set).length === 0) delete updates[id];
  else updates[id] = { key: rowKey, old, set };
  return { ...changes, updates };
}

/** Marks a row for deletion, or unmarks it. */
export function toggleDelete(
  changes: PendingChanges,
  columns: readonly QueryColumn[],
  row: readonly QueryCell[],
  key: readonly string[],
): PendingChanges {
  const rowKey = keyOf(columns, row, key);
  const id = rowIdOf(rowKey);
  const deletes = { ...changes.deletes };
  if (deletes[id]) delete deletes[id];
  else deletes[id] = { key: rowKey, old: cellsOf(columns, row) };
  return { ...changes, deletes };
}

/** Adds a new row (columns left out take the server's default). */
export function addInsert(changes: PendingChanges, values: Cells): PendingChanges {
  return { ...changes, inserts: [...changes.inserts, values] };
}

/** Drops a new row from the change set. */
export function removeInsert(changes: PendingChanges, index: number): PendingChanges {
  return { ...changes, inserts: changes.inserts.filter((_, i) => i !== index) };
}

/** How many row changes the set holds (a deleted row's edits do not count: the delete wins). */
export function changeCount(changes: PendingChanges): number {
  return toRowChanges(changes, false).length;
}

/** The change set as the contract's row changes: inserts, then updates, then deletes (hard when asked). */
export function toRowChanges(changes: PendingChanges, hardDelete: boolean): RowChangeInput[] {
  return [
    ...changes.inserts.map((values): RowChangeInput => ({ kind: 'insert', values: { ...values } })),
    ...Object.entries(changes.updates)
      .filter(([id]) => !changes.deletes[id])
      .map(([, u]): RowChangeInput => ({ kind: 'update', key: { ...u.key }, old: { ...u.old }, set: { ...u.set } })),
    ...Object.values(changes.deletes).map((d): RowChangeInput => ({
      kind: 'delete',
      key: { ...d.key },
      old: { ...d.old },
      hard: hardDelete,
    })),
  ];
}

/** The rows selected on a data browser page (indexes, ascending) and where a Shift-click range starts. */
export interface RowSelection {
  readonly rows: readonly number[];
  readonly anchor?: number;
}

/** Nothing selected. */
export const NO_ROWS: RowSelection = { rows: [] };

/**
 * A click on row `row`: alone selects just that row; Shift extends from the anchor (the last
 * plain or Ctrl click); Ctrl/Cmd adds or removes the row.
 */
export function clickRow(
  selection: RowSelection,
  row: number,
  modifiers: { readonly shift: boolean; readonly toggle: boolean },
): RowSelection {
  if (modifiers.shift && selection.anchor !== undefined) {
    const from = Math.min(selection.anchor, row);
    const to = Math.max(selection.anchor, row);
    return { rows: Array.from({ length: to - from + 1 }, (_, i) => from + i), anchor: selection.anchor };
  }
  if (modifiers.toggle) {
    const rows = selection.rows.includes(row)
      ? selection.rows.filter((r) => r !== row)
      : [...selection.rows, row].sort((a, b) => a - b);
    return { rows, anchor: row };
  }
  return { rows: [row], anchor: row };
}

/** Every row of a page of `count` rows (Ctrl-A). */
export function allRows(count: number): RowSelection {
  return { rows: Array.from({ length: count }, (_, i) => i), anchor: 0 };
}

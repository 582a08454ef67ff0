import { describe, expect, it } from 'vitest';
import { allRows, clickRow, NO_ROWS } from '../../../renderer/src/screens/data/row-selection';

const plain = { shift: false, toggle: false };

describe('the data browser row selection', () => {
  it('selects one row, extends with Shift from the anchor, toggles with Ctrl', () => {
    let s = clickRow(NO_ROWS, 3, plain);
    expect(s).toEqual({ rows: [3], anchor: 3 });
    s = clickRow(s, 1, { shift: true, toggle: false });
    expect(s).toEqual({ rows: [1, 2, 3], anchor: 3 });
    s = clickRow(s, 5, { shift: false, toggle: true });
    expect(s.rows).toEqual([1, 2, 3, 5]);
    s = clickRow(s, 2, { shift: false, toggle: true });
    expect(s).toEqual({ rows: [1, 3, 5], anchor: 2 });
    expect(clickRow(s, 4, plain)).toEqual({ rows: [4], anchor: 4 });
  });

  it('Shift without an anchor selects the row; Ctrl-A selects the page', () => {
    expect(clickRow(NO_ROWS, 2, { shift: true, toggle: false })).toEqual({ rows: [2], anchor: 2 });
    expect(allRows(3).rows).toEqual([0, 1, 2]);
    expect(allRows(0).rows).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  filterPaletteItems,
  moveHighlight,
  type PaletteItem,
} from '../../../renderer/src/app/command-palette/palette-filter';

const items: PaletteItem[] = [
  { id: 'a', title: 'Connection', group: 'Screens', description: 'Connect to a server' },
  { id: 'b', title: 'Overview', group: 'Screens', description: 'Budget, drift and doctrine' },
  { id: 'c', title: 'Analyze workspace', group: 'Actions', keywords: ['drift'], enabled: false },
  { id: 'd', title: 'Drift', group: 'Screens' },
];

describe('filterPaletteItems', () => {
  it('keeps everything in order for an empty query, disabled items last', () => {
    expect(filterPaletteItems(items, '  ').map((i) => i.id)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('ranks title prefix, then title match, then description/keyword matches', () => {
    expect(filterPaletteItems(items, 'drift').map((i) => i.id)).toEqual(['d', 'b', 'c']);
  });

  it('requires every word and ignores case', () => {
    expect(filterPaletteItems(items, 'CONNECT server').map((i) => i.id)).toEqual(['a']);
    expect(filterPaletteItems(items, 'nothing here')).toEqual([]);
  });
});

describe('moveHighlight', () => {
  it('wraps around both ends and survives empty lists', () => {
    expect(moveHighlight(0, -1, 3)).toBe(2);
    expect(moveHighlight(2, 1, 3)).toBe(0);
    expect(moveHighlight(1, 1, 3)).toBe(2);
    expect(moveHighlight(4, 1, 0)).toBe(0);
  });
});

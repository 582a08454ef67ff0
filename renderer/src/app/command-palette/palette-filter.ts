/** One entry of the command palette: a screen to go to or an action to run. */
export interface PaletteItem {
  readonly id: string;
  readonly title: string;
  readonly group: 'Screens' | 'Actions' | 'Tables';
  readonly description?: string;
  /** Extra words that should find this item. */
  readonly keywords?: readonly string[];
  /** A key hint shown on the right, e.g. `Alt 2`. */
  readonly shortcut?: string;
  /** False when the action cannot run now (shown dimmed, skipped by the keyboard). */
  readonly enabled?: boolean;
}

/**
 * Filters and ranks palette items for a query: every word of the query must occur in the
 * title, description or keywords (case-insensitive); items whose title starts with the
 * query rank first, then title matches, then the rest, each in their given order. An
 * empty query keeps every item in order. Disabled items stay listed but sort last.
 */
export function filterPaletteItems<T extends PaletteItem>(items: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const q = words.join(' ');
  const scored: Array<{ item: T; score: number; order: number }> = [];
  items.forEach((item, order) => {
    const title = item.title.toLowerCase();
    const haystack = [title, item.description ?? '', ...(item.keywords ?? [])].join(' ').toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return;
    let score = q === '' ? 0 : title.startsWith(q) ? 0 : words.every((word) => title.includes(word)) ? 1 : 2;
    if (item.enabled === false) score += 10;
    scored.push({ item, score, order });
  });
  return scored.sort((a, b) => a.score - b.score || a.order - b.order).map((entry) => entry.item);
}

/** Moves a highlighted index by `delta` over a list of `length`, wrapping around. */
export function moveHighlight(index: number, delta: number, length: number): number {
  if (length <= 0) return 0;
  return (((index + delta) % length) + length) % length;
}

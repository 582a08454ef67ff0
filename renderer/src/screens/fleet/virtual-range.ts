/** A half-open range of item indexes [start, end). */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The items of a fixed-size list that intersect the viewport, plus `overscan` on each side:
 * what the fleet matrix renders (rows and columns alike), so 200 targets × 200 tables draw a
 * few hundred cells, not 40,000.
 */
export function visibleRange(
  scroll: number,
  viewport: number,
  itemSize: number,
  count: number,
  overscan = 4,
): IndexRange {
  if (count <= 0 || itemSize <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scroll) / itemSize);
  const last = Math.ceil((Math.max(0, scroll) + Math.max(0, viewport)) / itemSize);
  const end = Math.min(count, last + overscan);
  return { start: Math.min(end, Math.max(0, first - overscan)), end };
}

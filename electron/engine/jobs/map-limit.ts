/**
 * Runs `work` on every item with at most `limit` at once, results in input order. Bounds
 * the engine's parallel I/O: definition files read a few dozen at a time, and a fleet of
 * 200 servers never opens 200 connections from one laptop at once.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

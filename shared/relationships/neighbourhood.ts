import type { Relationship } from './infer-relationships';

/** A table's key in the relationship graph: `role.table`. */
export function tableKey(end: { readonly role: string; readonly table: string }): string {
  return `${end.role}.${end.table}`;
}

/**
 * The tables within `hops` relationship steps of `start` (edges followed in both
 * directions), `start` included. Lets the map show one table's neighbourhood instead of
 * a 5,000-node hairball.
 */
export function neighbourhood(relationships: readonly Relationship[], start: string, hops: number): Set<string> {
  const adjacent = new Map<string, string[]>();
  for (const relationship of relationships) {
    const a = tableKey(relationship.from);
    const b = tableKey(relationship.to);
    adjacent.set(a, [...(adjacent.get(a) ?? []), b]);
    adjacent.set(b, [...(adjacent.get(b) ?? []), a]);
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const other of adjacent.get(key) ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

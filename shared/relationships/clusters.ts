import type { Relationship } from './infer-relationships';
import { tableKey } from './neighbourhood';

/** How the map groups tables: by table-name prefix (`lupo_actor_*`) or by connected component. */
export type ClusterMode = 'prefix' | 'component';

/** A group of tables drawn as one labelled box (collapsible). */
export interface TableCluster {
  /** Stable id: `cluster:<mode>:<label>`. */
  readonly id: string;
  /** What the operator reads: `lupo_actor_*`, `around lupo_actors`, `unconnected tables`. */
  readonly label: string;
  /** `role.table` keys, sorted by name. */
  readonly members: readonly string[];
}

/** A group larger than this is split further by the next name word. */
const SPLIT_ABOVE = 24;
/** More clusters than this are merged into consecutive ranges, so the collapsed map stays an overview. */
export const MAX_CLUSTERS = 60;
/** No cluster holds more tables than this (larger ones are cut into name ranges), so expanding one stays drawable. */
export const MAX_CLUSTER_SIZE = 200;

function nameOf(key: string): string {
  return key.slice(key.indexOf('.') + 1);
}

function byName(a: string, b: string): number {
  const x = nameOf(a);
  const y = nameOf(b);
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** A name word compared without a plural `s`, so `lupo_actors` joins `lupo_actor_edges`. */
function word(name: string, depth: number): string | undefined {
  const words = name.toLowerCase().split('_');
  // The last word is no prefix: `lupo_actors` has the prefix `lupo_actor`, not `lupo_actors_`.
  if (depth >= words.length - 1 && !(depth === words.length - 1 && depth > 0)) return undefined;
  const w = words[depth];
  if (!w) return undefined;
  return w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w;
}

/** Cuts a sorted group larger than MAX_CLUSTER_SIZE into consecutive name ranges. */
function chunked(label: string, idPrefix: string, members: string[]): TableCluster[] {
  if (members.length <= MAX_CLUSTER_SIZE) return [{ id: `${idPrefix}${label}`, label, members }];
  const parts = Math.ceil(members.length / MAX_CLUSTER_SIZE);
  const size = Math.ceil(members.length / parts);
  const result: TableCluster[] = [];
  for (let start = 0; start < members.length; start += size) {
    const slice = members.slice(start, start + size);
    const range = `${label} (${nameOf(slice[0] ?? '')} … ${nameOf(slice[slice.length - 1] ?? '')})`;
    result.push({ id: `${idPrefix}${range}`, label: range, members: slice });
  }
  return result;
}

/**
 * Groups by name prefix: a group of more than SPLIT_ABOVE tables is split by its next name
 * word; tables whose next word no other table shares stay together as `prefix_*`.
 */
function byPrefix(keys: readonly string[]): TableCluster[] {
  const result: TableCluster[] = [];
  const split = (members: string[], depth: number, prefix: string): void => {
    const label = prefix === '' ? 'other tables' : `${prefix}_*`;
    if (members.length <= SPLIT_ABOVE || depth > 3) {
      result.push(...chunked(prefix === '' ? 'all tables' : label, 'cluster:prefix:', members));
      return;
    }
    const groups = new Map<string, string[]>();
    const rest: string[] = [];
    for (const key of members) {
      const w = word(nameOf(key), depth);
      if (w === undefined) rest.push(key);
      else {
        const group = groups.get(w);
        if (group) group.push(key);
        else groups.set(w, [key]);
      }
    }
    for (const [w, group] of groups) {
      if (group.length < 2) {
        rest.push(...group);
        groups.delete(w);
      }
    }
    if (groups.size === 1 && rest.length === 0) {
      // Every table shares this word: look one word further, under the longer prefix.
      const [w, group] = [...groups][0]!;
      split(group, depth + 1, prefix === '' ? w : `${prefix}_${w}`);
      return;
    }
    for (const [w, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      split(group, depth + 1, prefix === '' ? w : `${prefix}_${w}`);
    }
    if (rest.length > 0) result.push(...chunked(label, 'cluster:prefix:', rest.sort(byName)));
  };
  split([...keys].sort(byName), 0, '');
  return result;
}

/** Groups by connected component of the inferred relationships; tables with none share one group. */
function byComponent(keys: readonly string[], relationships: readonly Relationship[]): TableCluster[] {
  const parent = new Map<string, string>(keys.map((key) => [key, key]));
  const root = (key: string): string => {
    let r = key;
    while (parent.get(r) !== r) r = parent.get(r)!;
    // Path compression keeps 10,000 tables linear.
    let k = key;
    while (k !== r) {
      const next = parent.get(k)!;
      parent.set(k, r);
      k = next;
    }
    return r;
  };
  const degree = new Map<string, number>();
  const referrers = new Map<string, number>();
  for (const relationship of relationships) {
    const a = tableKey(relationship.from);
    const b = tableKey(relationship.to);
    if (!parent.has(a) || !parent.has(b)) continue;
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
    referrers.set(b, (referrers.get(b) ?? 0) + 1);
  }
  // A hub (`lupo_actors`, referred to by a good part of the system) would join everything
  // into one component: its incoming edges do not join groups.
  const hubAbove = Math.max(8, keys.length * 0.05);
  for (const relationship of relationships) {
    const a = tableKey(relationship.from);
    const b = tableKey(relationship.to);
    if (!parent.has(a) || !parent.has(b) || (referrers.get(b) ?? 0) > hubAbove) continue;
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const components = new Map<string, string[]>();
  for (const key of keys) {
    const r = root(key);
    const component = components.get(r);
    if (component) component.push(key);
    else components.set(r, [key]);
  }
  const connected: TableCluster[] = [];
  const lonely: string[] = [];
  const hubs: string[] = [];
  for (const members of components.values()) {
    if (members.length === 1) {
      if ((referrers.get(members[0]!) ?? 0) > hubAbove) hubs.push(...members);
      else lonely.push(...members);
      continue;
    }
    members.sort(byName);
    // Named after its most referenced table: the one the group is "about".
    const hub = members.reduce((best, key) => ((degree.get(key) ?? 0) > (degree.get(best) ?? 0) ? key : best));
    connected.push(...chunked(`around ${nameOf(hub)}`, 'cluster:component:', members));
  }
  connected.sort((a, b) => b.members.length - a.members.length || (a.label < b.label ? -1 : 1));
  return [
    ...(hubs.length > 0 ? chunked('shared by many', 'cluster:component:', hubs.sort(byName)) : []),
    ...connected,
    ...(lonely.length > 0 ? chunked('unconnected tables', 'cluster:component:', lonely.sort(byName)) : []),
  ];
}

/**
 * Groups the map's tables (`role.table` keys) into clusters; every key lands in exactly
 * one cluster, no cluster exceeds MAX_CLUSTER_SIZE. Pure and deterministic.
 */
export function clusterTables(
  keys: readonly string[],
  relationships: readonly Relationship[],
  mode: ClusterMode,
): TableCluster[] {
  if (keys.length === 0) return [];
  return capped(mode === 'prefix' ? byPrefix(keys) : byComponent(keys, relationships));
}

/** Merges consecutive clusters into ranges of up to MAX_CLUSTER_SIZE tables when there are too many. */
function capped(clusters: TableCluster[]): TableCluster[] {
  if (clusters.length <= MAX_CLUSTERS) return clusters;
  const result: TableCluster[] = [];
  let run: TableCluster[] = [];
  let size = 0;
  const flush = (): void => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    if (run.length === 1) result.push(first);
    else {
      const label = `${first.label} … ${last.label}`;
      result.push({ id: `cluster:range:${label}`, label, members: run.flatMap((cluster) => cluster.members) });
    }
    run = [];
    size = 0;
  };
  for (const cluster of clusters) {
    if (size + cluster.members.length > MAX_CLUSTER_SIZE) flush();
    run.push(cluster);
    size += cluster.members.length;
  }
  flush();
  return result;
}

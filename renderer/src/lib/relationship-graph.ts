import { DATABASE_ROLES, type DatabaseRole, type SchemaModel, type Table } from '../../../shared/schema/model';
import { neighbourhood, tableKey } from '../../../shared/relationships/neighbourhood';
import type { Relationship } from '../../../shared/relationships/infer-relationships';
import type { TableCluster } from '../../../shared/relationships/clusters';

/**
 * The model the relationship map draws: each table from its definition when there is one,
 * else from the live database, so the map shows the system as declared plus what exists
 * only on the server.
 */
export function mergedModel(definitions?: SchemaModel, live?: SchemaModel): SchemaModel | undefined {
  const base = definitions ?? live;
  if (!base) return undefined;
  const databases = Object.fromEntries(
    DATABASE_ROLES.map((role) => {
      const defined = definitions?.databases[role].tables ?? [];
      const names = new Set(defined.map((table) => table.name));
      const extra = (live?.databases[role].tables ?? []).filter((table) => !names.has(table.name));
      return [role, { ...base.databases[role], tables: [...defined, ...extra] }];
    }),
  ) as unknown as SchemaModel['databases'];
  return { databases };
}

/** One node of the map. */
export interface GraphNode {
  readonly id: string;
  readonly role: DatabaseRole;
  readonly table: string;
  /** Columns that take part in a drawn relationship (shown in the node). */
  readonly keyColumns: readonly string[];
  readonly isFocus: boolean;
}

/** One edge of the map. */
export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  readonly relationship: Relationship;
}

/** What the map's filter bar holds. */
export interface GraphFilter {
  readonly roles: readonly DatabaseRole[];
  /** `role.table` of the table to centre on; absent = all tables of the chosen roles. */
  readonly focus?: string;
  readonly hops: number;
  /** Cap on drawn nodes without a focus, so a huge schema stays responsive. */
  readonly maxNodes: number;
}

/** The nodes and edges to draw, and whether the cap cut some tables off. */
export interface GraphData {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly truncated: boolean;
  readonly totalTables: number;
}

/**
 * Selects what the map draws: tables of the chosen databases, restricted to the focus
 * table's N-hop neighbourhood when one is chosen (nearest first), else tables with
 * relationships first; either way capped at `maxNodes`. Edges are kept only when both ends are drawn.
 */
export function buildGraph(model: SchemaModel, relationships: readonly Relationship[], filter: GraphFilter): GraphData {
  const roles = new Set(filter.roles);
  const tables: Array<{ role: DatabaseRole; table: Table }> = DATABASE_ROLES.filter((role) => roles.has(role)).flatMap(
    (role) => model.databases[role].tables.map((table) => ({ role, table })),
  );
  const inRoles = relationships.filter((r) => roles.has(r.from.role) && roles.has(r.to.role));
  let keys: string[];
  let truncated = false;
  if (filter.focus) {
    // Breadth-first order: the nearest tables survive the cap.
    const known = new Set(tables.map(({ role, table }) => `${role}.${table.name}`));
    const near = [...neighbourhood(inRoles, filter.focus, filter.hops)].filter((key) => known.has(key));
    truncated = near.length > filter.maxNodes;
    keys = near.slice(0, filter.maxNodes);
  } else {
    const linked = new Set(inRoles.flatMap((r) => [tableKey(r.from), tableKey(r.to)]));
    const all = tables.map(({ role, table }) => `${role}.${table.name}`);
    const ordered = [...all.filter((key) => linked.has(key)), ...all.filter((key) => !linked.has(key))];
    truncated = ordered.length > filter.maxNodes;
    keys = ordered.slice(0, filter.maxNodes);
  }
  const drawn = new Set(keys);
  const edges: GraphEdge[] = inRoles
    .filter((r) => drawn.has(tableKey(r.from)) && drawn.has(tableKey(r.to)))
    .map((r) => ({
      id: r.id,
      source: tableKey(r.from),
      target: tableKey(r.to),
      label: r.from.column,
      relationship: r,
    }));
  const keyColumns = new Map<string, Set<string>>();
  for (const edge of edges) {
    keyColumns.set(edge.source, (keyColumns.get(edge.source) ?? new Set()).add(edge.relationship.from.column));
    keyColumns.set(edge.target, (keyColumns.get(edge.target) ?? new Set()).add(edge.relationship.to.column));
  }
  const nodes: GraphNode[] = keys.map((key) => {
    const dot = key.indexOf('.');
    return {
      id: key,
      role: key.slice(0, dot) as DatabaseRole,
      table: key.slice(dot + 1),
      keyColumns: [...(keyColumns.get(key) ?? [])].sort(),
      isFocus: key === filter.focus,
    };
  });
  return { nodes, edges, truncated, totalTables: tables.length };
}

/** A cluster as the map draws it: a labelled box holding its tables, or one collapsed node. */
export interface GraphCluster {
  readonly id: string;
  readonly label: string;
  readonly size: number;
  readonly expanded: boolean;
}

/** Several relationships between two drawn ends, at least one of them a collapsed cluster. */
export interface GraphClusterEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly count: number;
}

/** What the clustered map draws: clusters (expanded ones hold their table nodes) and both kinds of edge. */
export interface ClusteredGraphData {
  readonly clusters: readonly GraphCluster[];
  /** Tables of expanded clusters; `parent` is their cluster's id. */
  readonly nodes: readonly (GraphNode & { readonly parent: string })[];
  readonly edges: readonly GraphEdge[];
  readonly clusterEdges: readonly GraphClusterEdge[];
  readonly totalTables: number;
}

/**
 * The clustered map: every table of the chosen roles in one of `clusters`; tables of
 * expanded clusters are drawn with their relationships, a collapsed cluster is one node
 * and its relationships are bundled into one edge per other end (with a count).
 */
export function buildClusteredGraph(
  relationships: readonly Relationship[],
  clusters: readonly TableCluster[],
  expanded: ReadonlySet<string>,
  totalTables: number,
): ClusteredGraphData {
  const drawnAs = new Map<string, string>();
  for (const cluster of clusters) {
    const open = expanded.has(cluster.id);
    for (const key of cluster.members) {
      drawnAs.set(key, open ? key : cluster.id);
    }
  }
  const edges: GraphEdge[] = [];
  const bundled = new Map<string, { source: string; target: string; count: number }>();
  for (const r of relationships) {
    const from = tableKey(r.from);
    const to = tableKey(r.to);
    const source = drawnAs.get(from);
    const target = drawnAs.get(to);
    if (!source || !target) continue;
    if (source === from && target === to) {
      edges.push({ id: r.id, source, target, label: r.from.column, relationship: r });
    } else if (source !== target) {
      const id = `${source}->${target}`;
      const edge = bundled.get(id);
      if (edge) edge.count++;
      else bundled.set(id, { source, target, count: 1 });
    }
  }
  const keyColumns = new Map<string, Set<string>>();
  for (const edge of edges) {
    keyColumns.set(edge.source, (keyColumns.get(edge.source) ?? new Set()).add(edge.relationship.from.column));
    keyColumns.set(edge.target, (keyColumns.get(edge.target) ?? new Set()).add(edge.relationship.to.column));
  }
  const nodes = clusters
    .filter((cluster) => expanded.has(cluster.id))
    .flatMap((cluster) =>
      cluster.members.map((key) => {
        const dot = key.indexOf('.');
        return {
          id: key,
          role: key.slice(0, dot) as DatabaseRole,
          table: key.slice(dot + 1),
          keyColumns: [...(keyColumns.get(key) ?? [])].sort(),
          isFocus: false,
          parent: cluster.id,
        };
      }),
    );
  return {
    clusters: clusters.map((cluster) => ({
      id: cluster.id,
      label: cluster.label,
      size: cluster.members.length,
      expanded: expanded.has(cluster.id),
    })),
    nodes,
    edges,
    clusterEdges: [...bundled].map(([id, edge]) => ({ id, ...edge })),
    totalTables,
  };
}

/** `role.table` keys of the chosen roles' tables, in role order. */
export function tableKeys(model: SchemaModel, roles: readonly DatabaseRole[]): string[] {
  const wanted = new Set(roles);
  return DATABASE_ROLES.filter((role) => wanted.has(role)).flatMap((role) =>
    model.databases[role].tables.map((table) => `${role}.${table.name}`),
  );
}

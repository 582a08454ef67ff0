import { DATABASE_ROLES, type DatabaseRole, type SchemaModel, type Table } from '../../../shared/schema/model';
import { neighbourhood, tableKey } from '../../../shared/relationships/neighbourhood';
import type { Relationship } from '../../../shared/relationships/infer-relationships';

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

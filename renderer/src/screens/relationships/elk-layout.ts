import type { ElkNode } from 'elkjs/lib/elk-api';

/** Size of a table box for a given number of key columns. */
export function nodeSize(keyColumnCount: number): { width: number; height: number } {
  return { width: 230, height: 38 + Math.min(keyColumnCount, 6) * 18 };
}

/** Size of a collapsed cluster's box. */
export const CLUSTER_NODE_SIZE = { width: 240, height: 62 } as const;
/** Room above an expanded cluster's tables for its header. */
export const CLUSTER_HEADER = 40;

/** A box to place: a table, a collapsed cluster, or an expanded cluster holding boxes. */
export interface LayoutBox {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly children?: readonly LayoutBox[];
}

/** Where a box landed: top-left relative to its parent (the canvas for top-level boxes), and its size. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const LAYERED_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '24',
  'elk.spacing.componentComponent': '40',
  // Unconnected groups are packed into a wide block (not one tall column).
  'elk.aspectRatio': '1.6',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

/** Clusters are packed like text in a wide block; each lays out its own tables. */
const PACKED_OPTIONS = {
  'elk.algorithm': 'rectpacking',
  'elk.aspectRatio': '1.6',
  'elk.spacing.nodeNode': '30',
};

const GROUP_PADDING = { 'elk.padding': `[top=${CLUSTER_HEADER},left=14,bottom=14,right=14]` };

type EdgeInput = { readonly id: string; readonly source: string; readonly target: string };

function toElkEdge(edge: EdgeInput): { id: string; sources: string[]; targets: string[] } {
  return { id: edge.id, sources: [edge.source], targets: [edge.target] };
}

interface Pending {
  resolve(graph: ElkNode): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

/**
 * Runs ELK in a web worker (ELK's own worker protocol), so a 10,000-table map never blocks
 * the page; falls back to ELK in the page where workers cannot start.
 */
async function runElk(graph: ElkNode): Promise<ElkNode> {
  if (!workerBroken && typeof Worker !== 'undefined') {
    try {
      if (!worker) {
        worker = new Worker(new URL('./elk.worker.ts', import.meta.url), { type: 'module' });
        worker.onmessage = (event: MessageEvent<{ id: number; data?: ElkNode; error?: unknown }>) => {
          const request = pending.get(event.data.id);
          pending.delete(event.data.id);
          if (!request) return;
          if (event.data.error !== undefined || !event.data.data) request.reject(new Error(String(event.data.error)));
          else request.resolve(event.data.data);
        };
        worker.onerror = () => {
          // The worker did not start (or died): lay out in the page from now on.
          workerBroken = true;
          worker = undefined;
          for (const request of pending.values()) request.reject(new Error('layout worker failed'));
          pending.clear();
        };
        // ELK's worker knows no algorithm until told (what ELK's own API sends first).
        worker.postMessage({ id: 0, cmd: 'register', algorithms: ['layered', 'rectpacking'] });
      }
      const id = nextId++;
      const active = worker;
      return await new Promise<ElkNode>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        active.postMessage({ id, cmd: 'layout', graph, layoutOptions: {}, options: {} });
      });
    } catch {
      workerBroken = true;
    }
  }
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return new ELK().layout(graph);
}

/**
 * Lays the boxes out with ELK's layered algorithm (left to right), clusters as nested
 * groups, returning each box's placement (children relative to their cluster).
 */
export async function layoutBoxes(
  boxes: readonly LayoutBox[],
  edges: readonly { readonly id: string; readonly source: string; readonly target: string }[],
): Promise<Map<string, Placement>> {
  // Each edge is laid out where both its ends live (the canvas, or one cluster); edges between
  // tables of different clusters are drawn but do not steer the layout.
  const home = new Map<string, string>();
  for (const box of boxes) {
    home.set(box.id, 'root');
    for (const child of box.children ?? []) home.set(child.id, box.id);
  }
  const edgesOf = new Map<string, EdgeInput[]>();
  for (const edge of edges) {
    const where = home.get(edge.source);
    if (where === undefined || where !== home.get(edge.target)) continue;
    const list = edgesOf.get(where);
    if (list) list.push(edge);
    else edgesOf.set(where, [edge]);
  }
  const clustered = boxes.some((box) => box.children);
  const result = await runElk({
    id: 'root',
    layoutOptions: clustered ? PACKED_OPTIONS : LAYERED_OPTIONS,
    children: boxes.map((box) =>
      box.children
        ? {
            id: box.id,
            layoutOptions: { ...LAYERED_OPTIONS, ...GROUP_PADDING },
            children: box.children.map((child) => ({ id: child.id, width: child.width, height: child.height })),
            edges: (edgesOf.get(box.id) ?? []).map(toElkEdge),
          }
        : { id: box.id, width: box.width, height: box.height },
    ),
    edges: clustered ? [] : (edgesOf.get('root') ?? []).map(toElkEdge),
  });
  const placements = new Map<string, Placement>();
  const collect = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      placements.set(child.id, {
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? 0,
        height: child.height ?? 0,
      });
      collect(child);
    }
  };
  collect(result);
  return placements;
}

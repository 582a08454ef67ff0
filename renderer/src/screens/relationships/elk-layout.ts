import ELK from 'elkjs/lib/elk.bundled.js';
import type { GraphData } from '../../lib/relationship-graph';

const elk = new ELK();

/** Size of a node box for a given number of key columns. */
export function nodeSize(keyColumnCount: number): { width: number; height: number } {
  return { width: 230, height: 38 + Math.min(keyColumnCount, 6) * 18 };
}

/**
 * Lays the graph out with ELK's layered algorithm (left to right, edges routed
 * orthogonally), returning each node's top-left position. Runs in the page (the bundled
 * build needs no worker, which keeps the CSP strict).
 */
export async function layoutGraph(graph: GraphData): Promise<Map<string, { x: number; y: number }>> {
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.componentComponent': '40',
      // Unconnected groups are packed into a wide block (not one tall column) at 185 tables.
      'elk.aspectRatio': '1.6',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: graph.nodes.map((node) => ({ id: node.id, ...nodeSize(node.keyColumns.length) })),
    edges: graph.edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });
  return new Map((result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}

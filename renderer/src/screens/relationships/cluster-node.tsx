import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ReactElement } from 'react';
import type { GraphCluster } from '../../lib/relationship-graph';
import './map-nodes.css';

/** React Flow node carrying one cluster: a collapsed box, or the frame around its tables. */
export type ClusterFlowNode = Node<{ readonly cluster: GraphCluster; toggle(id: string): void }, 'cluster'>;

/** A cluster: its label, table count and a button that collapses or expands it (plain elements: see map-nodes.css). */
export function ClusterNode({ data, width, height }: NodeProps<ClusterFlowNode>): ReactElement {
  const { cluster, toggle } = data;
  return (
    <div
      className="map-cluster"
      data-testid="map-cluster"
      data-cluster={cluster.label}
      data-expanded={cluster.expanded}
      style={{ width, height }}
    >
      <Handle type="target" position={Position.Left} style={{ opacity: 0 }} />
      <div className="map-cluster-head">
        <button
          type="button"
          className="map-cluster-toggle nodrag"
          aria-label={cluster.expanded ? `Collapse ${cluster.label}` : `Expand ${cluster.label}`}
          data-testid="map-cluster-toggle"
          onClick={(event) => {
            event.stopPropagation();
            toggle(cluster.id);
          }}
        >
          {cluster.expanded ? '−' : '+'}
        </button>
        <span className="map-cluster-label map-truncate lupo-mono" title={cluster.label}>
          {cluster.label}
        </span>
        <span className="map-cluster-size">
          {cluster.size} {cluster.size === 1 ? 'table' : 'tables'}
        </span>
      </div>
      <Handle type="source" position={Position.Right} style={{ opacity: 0 }} />
    </div>
  );
}

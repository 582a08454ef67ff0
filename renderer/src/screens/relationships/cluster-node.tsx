import { ActionIcon, Text } from '@mantine/core';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ReactElement } from 'react';
import type { GraphCluster } from '../../lib/relationship-graph';

/** React Flow node carrying one cluster: a collapsed box, or the frame around its tables. */
export type ClusterFlowNode = Node<{ readonly cluster: GraphCluster; toggle(id: string): void }, 'cluster'>;

/** A cluster: its label, table count and a button that collapses or expands it. */
export function ClusterNode({ data, width, height }: NodeProps<ClusterFlowNode>): ReactElement {
  const { cluster, toggle } = data;
  return (
    <div
      data-testid="map-cluster"
      data-cluster={cluster.label}
      data-expanded={cluster.expanded}
      style={{
        width,
        height,
        borderRadius: 8,
        border: `1px ${cluster.expanded ? 'dashed' : 'solid'} var(--mantine-color-default-border)`,
        background: cluster.expanded ? 'var(--mantine-color-default-hover)' : 'var(--mantine-color-body)',
        boxShadow: cluster.expanded ? undefined : 'var(--mantine-shadow-sm)',
      }}
    >
      <Handle type="target" position={Position.Left} style={{ opacity: 0 }} />
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '6px 8px' }}>
        <ActionIcon
          size="sm"
          variant="subtle"
          className="nodrag"
          aria-label={cluster.expanded ? `Collapse ${cluster.label}` : `Expand ${cluster.label}`}
          data-testid="map-cluster-toggle"
          onClick={(event) => {
            event.stopPropagation();
            toggle(cluster.id);
          }}
        >
          {cluster.expanded ? '−' : '+'}
        </ActionIcon>
        <Text fw={700} className="lupo-mono" truncate title={cluster.label} style={{ fontSize: 12.5 }}>
          {cluster.label}
        </Text>
        <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
          {cluster.size} {cluster.size === 1 ? 'table' : 'tables'}
        </Text>
      </div>
      <Handle type="source" position={Position.Right} style={{ opacity: 0 }} />
    </div>
  );
}

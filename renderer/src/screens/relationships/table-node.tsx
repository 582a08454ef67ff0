import { Badge, Text } from '@mantine/core';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ReactElement } from 'react';
import type { GraphNode } from '../../lib/relationship-graph';

const ROLE_COLORS = { core: 'lupo', orchestration: 'grape', ephemeral: 'teal' } as const;

/** React Flow node carrying one table. */
export type TableFlowNode = Node<{ readonly node: GraphNode }, 'table'>;

/** A table box: role, name, and the key columns taking part in drawn relationships. */
export function TableNode({ data }: NodeProps<TableFlowNode>): ReactElement {
  const { node } = data;
  return (
    <div
      data-testid="map-node"
      data-table={node.table}
      style={{
        width: 230,
        background: 'var(--mantine-color-body)',
        border: `1px solid ${node.isFocus ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
        boxShadow: node.isFocus ? '0 0 0 3px var(--mantine-primary-color-light)' : 'var(--mantine-shadow-xs)',
        borderRadius: 6,
        fontSize: 12,
      }}
    >
      <Handle type="target" position={Position.Left} style={{ opacity: 0 }} />
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 6,
          padding: '6px 8px',
          borderBottom: node.keyColumns.length ? '1px solid var(--mantine-color-default-border)' : undefined,
        }}
      >
        <Badge size="xs" variant="light" color={ROLE_COLORS[node.role]} style={{ flex: 'none' }}>
          {node.role.slice(0, 4)}
        </Badge>
        <Text fw={600} className="lupo-mono" truncate title={node.table} style={{ fontSize: 11.5 }}>
          {node.table}
        </Text>
      </div>
      {node.keyColumns.slice(0, 6).map((column) => (
        <Text key={column} size="11px" className="lupo-mono" c="dimmed" px={8} style={{ lineHeight: '18px' }} truncate>
          {column}
        </Text>
      ))}
      <Handle type="source" position={Position.Right} style={{ opacity: 0 }} />
    </div>
  );
}

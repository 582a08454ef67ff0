import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ReactElement } from 'react';
import type { GraphNode } from '../../lib/relationship-graph';
import './map-nodes.css';

/** React Flow node carrying one table. */
export type TableFlowNode = Node<{ readonly node: GraphNode }, 'table'>;

/** A table box: role, name, and the key columns taking part in drawn relationships (plain elements: see map-nodes.css). */
export function TableNode({ data }: NodeProps<TableFlowNode>): ReactElement {
  const { node } = data;
  return (
    <div className="map-table" data-testid="map-node" data-table={node.table} data-focus={node.isFocus}>
      <Handle type="target" position={Position.Left} style={{ opacity: 0 }} />
      <div className="map-table-head" data-has-keys={node.keyColumns.length > 0}>
        <span className="map-role" data-role={node.role}>
          {node.role.slice(0, 4)}
        </span>
        <span className="map-table-name map-truncate lupo-mono" title={node.table}>
          {node.table}
        </span>
      </div>
      {node.keyColumns.slice(0, 6).map((column) => (
        <div key={column} className="map-key-column map-truncate lupo-mono">
          {column}
        </div>
      ))}
      <Handle type="source" position={Position.Right} style={{ opacity: 0 }} />
    </div>
  );
}

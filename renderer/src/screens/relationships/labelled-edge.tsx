import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, useStore, type Edge, type EdgeProps } from '@xyflow/react';
import type { ReactElement } from 'react';

/** Zoom from which every edge shows its column name (below it only emphasised edges do, so labels never pile up). */
export const LABEL_ZOOM = 0.9;

/** An inferred relationship (dashed), or a bundle of them between clusters (solid, with a count). */
export type MapFlowEdge = Edge<
  { readonly label: string; readonly emphasised: boolean; readonly bundle: boolean },
  'map'
>;

/** An edge whose label shows when zoomed in, or when one of its tables is hovered or centred. */
export function LabelledEdge(props: EdgeProps<MapFlowEdge>): ReactElement {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data } = props;
  const zoomedIn = useStore((state) => state.transform[2] >= LABEL_ZOOM);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const emphasised = data?.emphasised ?? false;
  const showLabel = data !== undefined && (emphasised || data.bundle || zoomedIn);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{
          strokeDasharray: data?.bundle ? undefined : '5 3',
          strokeWidth: emphasised ? 2.2 : data?.bundle ? 1.6 : 1,
          stroke: emphasised ? 'var(--mantine-primary-color-filled)' : undefined,
        }}
      />
      {showLabel && (
        <EdgeLabelRenderer>
          <div
            data-testid="map-edge-label"
            className="nodrag nopan lupo-mono"
            style={{
              position: 'absolute',
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
              fontSize: 10,
              padding: '0 3px',
              borderRadius: 3,
              background: 'var(--mantine-color-body)',
              color: emphasised ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-dimmed)',
              zIndex: emphasised ? 10 : 1,
              pointerEvents: 'none',
            }}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

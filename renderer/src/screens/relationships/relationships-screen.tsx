import '@xyflow/react/dist/style.css';
import { Alert, Box, Checkbox, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Edge, type NodeTypes } from '@xyflow/react';
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { inferRelationships } from '../../../../shared/relationships/infer-relationships';
import { DATABASE_ROLES, type DatabaseRole } from '../../../../shared/schema/model';
import { useComputedColorScheme } from '@mantine/core';
import { buildGraph, mergedModel } from '../../lib/relationship-graph';
import { ProblemAlert } from '../../components/problem-alert/problem-alert';
import { reloadModels } from '../../stores/app-flows';
import { navigationStore, useNavigation, useSchema } from '../../stores/app-stores';
import { ScreenFrame } from '../screen-frame';
import { layoutGraph, nodeSize } from './elk-layout';
import { TableNode, type TableFlowNode } from './table-node';

const NODE_TYPES: NodeTypes = { table: TableNode };
const MAX_NODES = 250;

/**
 * The relationship map: relationships inferred from `*_id` column names (no foreign keys
 * exist by doctrine), laid out by ELK, filterable by database and by a table's N-hop
 * neighbourhood.
 */
export function RelationshipsScreen(): ReactElement {
  const definitions = useSchema((s) => s.definitions);
  const live = useSchema((s) => s.live);
  const loadError = useSchema((s) => s.error);
  const selected = useNavigation((s) => s.selectedTable);
  const scheme = useComputedColorScheme('light');
  const [roles, setRoles] = useState<DatabaseRole[]>([...DATABASE_ROLES]);
  const [hops, setHops] = useState('2');
  const focus = selected ? `${selected.role}.${selected.name}` : undefined;

  const model = useMemo(() => mergedModel(definitions, live), [definitions, live]);
  const relationships = useMemo(() => (model ? inferRelationships(model) : []), [model]);
  const graph = useMemo(
    () =>
      model
        ? buildGraph(model, relationships, {
            roles,
            focus,
            hops: hops === 'all' ? 1_000 : Number(hops),
            maxNodes: MAX_NODES,
          })
        : undefined,
    [model, relationships, roles, focus, hops],
  );
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }>>();
  const [layingOut, setLayingOut] = useState(false);
  // Each finished layout remounts the flow, so it fits the view again (clearing "Centre on table" refits).
  const [layoutRun, setLayoutRun] = useState(0);
  const [highlight, setHighlight] = useState('');
  const needle = highlight.trim().toLowerCase();

  useEffect(() => {
    if (!graph) return;
    let cancelled = false;
    setLayingOut(true);
    void layoutGraph(graph).then((result) => {
      if (!cancelled) {
        setPositions(result);
        setLayoutRun((run) => run + 1);
        setLayingOut(false);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [graph]);

  const nodes: TableFlowNode[] = useMemo(
    () =>
      graph && positions
        ? graph.nodes.map((node) => ({
            id: node.id,
            type: 'table' as const,
            position: positions.get(node.id) ?? { x: 0, y: 0 },
            // The laid-out size: the minimap draws nodes only when their size is known (this
            // flow is controlled without onNodesChange, so measured sizes never reach the nodes).
            initialWidth: nodeSize(node.keyColumns.length).width,
            initialHeight: nodeSize(node.keyColumns.length).height,
            data: { node },
            // Search-to-highlight: matches stand out, the rest fades.
            ...(needle === ''
              ? {}
              : node.table.toLowerCase().includes(needle)
                ? {
                    className: 'lupo-map-match',
                    style: { outline: '3px solid var(--mantine-color-yellow-5)', borderRadius: 6 },
                  }
                : { style: { opacity: 0.2 } }),
          }))
        : [],
    [graph, positions, needle],
  );
  const edges: Edge[] = useMemo(
    () =>
      graph
        ? graph.edges.map((edge) => ({
            id: edge.id,
            source: edge.source,
            target: edge.target,
            label: edge.label,
            type: 'smoothstep',
            animated: false,
            markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
            labelStyle: { fontSize: 10, fontFamily: 'var(--mantine-font-family-monospace)' },
            labelBgStyle: { fill: 'var(--mantine-color-body)' },
            style: { strokeDasharray: '5 3' },
            data: { rule: edge.relationship.rule },
          }))
        : [],
    [graph],
  );

  const tableOptions = useMemo(
    () =>
      model
        ? DATABASE_ROLES.map((role) => ({
            group: role,
            items: model.databases[role].tables.map((table) => ({ value: `${role}.${table.name}`, label: table.name })),
          }))
        : [],
    [model],
  );

  const matches = needle === '' ? 0 : nodes.filter((node) => node.className === 'lupo-map-match').length;
  const focusEdges = graph?.edges.filter((edge) => focus && (edge.source === focus || edge.target === focus)) ?? [];

  return (
    <ScreenFrame
      title="Relationship map"
      subtitle={`${relationships.length} relationships inferred from *_id column names · no foreign keys by doctrine`}
      actions={layingOut ? <Loader size="xs" /> : undefined}
      body="fill"
      testId="screen-relationships"
    >
      <ProblemAlert error={loadError} testId="map-load-error" onRetry={reloadModels} retryLabel="Load again" />
      <Box style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Stack
          w={280}
          p="sm"
          gap="sm"
          style={{ borderRight: '1px solid var(--mantine-color-default-border)', overflow: 'auto' }}
        >
          <div>
            <Text className="lupo-section-label" mb={4}>
              Databases
            </Text>
            <Checkbox.Group value={roles} onChange={(value) => setRoles(value as DatabaseRole[])}>
              <Stack gap={4}>
                {DATABASE_ROLES.map((role) => (
                  <Checkbox key={role} value={role} label={role} size="xs" data-testid={`map-role-${role}`} />
                ))}
              </Stack>
            </Checkbox.Group>
          </div>
          <div>
            <TextInput
              label="Highlight tables"
              placeholder="Part of a table name"
              size="xs"
              value={highlight}
              onChange={(e) => setHighlight(e.currentTarget.value)}
              spellCheck={false}
              data-testid="map-highlight"
            />
            {needle !== '' && (
              <Text size="xs" c={matches === 0 ? 'orange' : 'dimmed'} mt={4} data-testid="map-highlight-count">
                {matches === 0 ? 'No table on the map matches' : `${matches} table(s) highlighted`}
              </Text>
            )}
          </div>
          <Select
            label="Centre on table"
            placeholder="All tables"
            searchable
            clearable
            size="xs"
            limit={200}
            data={tableOptions}
            value={focus ?? null}
            onChange={(value) => {
              const dot = value ? value.indexOf('.') : -1;
              navigationStore
                .getState()
                .selectTable(value && dot > 0 ? { role: value.slice(0, dot), name: value.slice(dot + 1) } : undefined);
            }}
            data-testid="map-focus"
          />
          <div>
            <Text size="xs" fw={500} mb={4}>
              Neighbourhood
            </Text>
            <SegmentedControl
              size="xs"
              fullWidth
              disabled={!focus}
              value={hops}
              onChange={setHops}
              data={[
                { value: '1', label: '1 hop' },
                { value: '2', label: '2 hops' },
                { value: '3', label: '3 hops' },
                { value: 'all', label: 'All' },
              ]}
              data-testid="map-hops"
            />
          </div>
          {graph?.truncated && (
            <Alert color="gray" variant="light" p="xs">
              <Text size="xs">
                Showing {graph.nodes.length} of {graph.totalTables} tables. Centre on a table to see its neighbourhood.
              </Text>
            </Alert>
          )}
          <div>
            <Text className="lupo-section-label" mb={4}>
              {focus ? 'Relationships of the table' : 'How edges are inferred'}
            </Text>
            {focus ? (
              <Stack gap={6} data-testid="map-focus-edges">
                {focusEdges.length === 0 && (
                  <Text size="xs" c="dimmed">
                    None inferred.
                  </Text>
                )}
                {focusEdges.map((edge) => (
                  <div key={edge.id}>
                    <Text size="xs" className="lupo-mono">
                      {edge.relationship.from.table}.{edge.relationship.from.column} → {edge.relationship.to.table}
                    </Text>
                    <Text size="10px" c="dimmed">
                      rule: {edge.relationship.rule}
                      {edge.relationship.ambiguous ? ' · ambiguous' : ''}
                    </Text>
                  </div>
                ))}
              </Stack>
            ) : (
              <Text size="xs" c="dimmed">
                A <code>*_id</code> column points to the table whose primary key has that name (or the name after a
                qualifier such as <code>parent_</code>), else to a table named after it. Dashed edges are inferred, not
                declared.
              </Text>
            )}
          </div>
        </Stack>
        <Box
          style={{ flex: 1, minWidth: 0, position: 'relative' }}
          data-testid="relationship-map"
          data-node-count={nodes.length}
          data-edge-count={edges.length}
        >
          {!model ? (
            <Group justify="center" py={80}>
              <Text c="dimmed">Open a workspace or connect to see the map.</Text>
            </Group>
          ) : (
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              fitView
              minZoom={0.05}
              maxZoom={2}
              colorMode={scheme}
              nodesConnectable={false}
              proOptions={{ hideAttribution: true }}
              onNodeClick={(_, node) => {
                const dot = node.id.indexOf('.');
                navigationStore.getState().selectTable({ role: node.id.slice(0, dot), name: node.id.slice(dot + 1) });
              }}
              key={`${focus ?? 'all'}-${roles.join(',')}-${hops}-${layoutRun}`}
            >
              <Background gap={16} size={1} />
              <Controls showInteractive={false} />
              <MiniMap
                pannable
                zoomable
                ariaLabel="Overview of the whole map"
                nodeColor={(node) => (node.className === 'lupo-map-match' ? '#fab005' : '#adb5bd')}
              />
            </ReactFlow>
          )}
        </Box>
      </Box>
    </ScreenFrame>
  );
}

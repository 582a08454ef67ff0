import '@xyflow/react/dist/style.css';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { Background, Controls, MarkerType, MiniMap, ReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { startTransition, useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import type { ClusterMode, TableCluster } from '../../../../shared/relationships/clusters';
import { DATABASE_ROLES, type DatabaseRole } from '../../../../shared/schema/model';
import { useComputedColorScheme } from '@mantine/core';
import {
  buildClusteredGraph,
  buildGraph,
  mergedModel,
  tableKeys,
  type GraphEdge,
  type GraphNode,
} from '../../lib/relationship-graph';
import { ProblemAlert } from '../../components/problem-alert/problem-alert';
import { reloadModels } from '../../stores/app-flows';
import { navigationStore, useNavigation, useSchema } from '../../stores/app-stores';
import { ScreenFrame } from '../screen-frame';
import { CLUSTER_NODE_SIZE, layoutBoxes, nodeSize, type LayoutBox, type Placement } from './elk-layout';
import { ClusterNode, type ClusterFlowNode } from './cluster-node';
import { LabelledEdge, type MapFlowEdge } from './labelled-edge';
import { compactTablesJson, mapInputs, type MapInputs } from './map-inputs';
import { runSliced, WorkAborted } from '../../lib/sliced-work';
import { downloadBlob } from '../../lib/download-blob';
import { mapToSvg, svgToPng, type ExportBox, type ExportEdge } from './map-export';
import { TableNode, type TableFlowNode } from './table-node';

const NODE_TYPES: NodeTypes = { table: TableNode, cluster: ClusterNode };
const EDGE_TYPES: EdgeTypes = { map: LabelledEdge };
const MAX_NODES = 250;
/** Above this many tables every cluster starts collapsed (the map opens as an overview of groups). */
const COLLAPSE_ABOVE = 250;

type Grouping = ClusterMode | 'none';

/** What the map draws now, whichever way it was chosen: boxes to lay out and edges between them. */
interface MapView {
  readonly boxes: readonly LayoutBox[];
  readonly tables: readonly (GraphNode & { readonly parent?: string })[];
  readonly clusters: readonly { id: string; label: string; size: number; expanded: boolean }[];
  readonly edges: readonly GraphEdge[];
  readonly bundles: readonly { id: string; source: string; target: string; count: number }[];
  readonly truncated: boolean;
  readonly totalTables: number;
}

function tableBox(node: GraphNode): LayoutBox {
  return { id: node.id, ...nodeSize(node.keyColumns.length) };
}

/**
 * The relationship map: relationships inferred from `*_id` column names (no foreign keys
 * exist by doctrine), grouped into collapsible clusters (by name prefix or connected group),
 * laid out by ELK, filterable by database and by a table's N-hop neighbourhood, exportable
 * as PNG or SVG. Inference, clustering and layout run in workers.
 */
export function RelationshipsScreen(): ReactElement {
  const definitions = useSchema((s) => s.definitions);
  const live = useSchema((s) => s.live);
  const loadError = useSchema((s) => s.error);
  const loadingModels = useSchema((s) => s.loadingLive || s.loadingDefinitions);
  const selected = useNavigation((s) => s.selectedTable);
  const scheme = useComputedColorScheme('light');
  const [roles, setRoles] = useState<DatabaseRole[]>([...DATABASE_ROLES]);
  const [hops, setHops] = useState('2');
  const focus = selected ? `${selected.role}.${selected.name}` : undefined;

  const [grouping, setGrouping] = useState<Grouping>('prefix');
  const [hovered, setHovered] = useState<string>();

  const model = useMemo(() => mergedModel(definitions, live), [definitions, live]);
  const keys = useMemo(() => (model ? tableKeys(model, roles) : []), [model, roles]);
  // Inference and clustering run in a worker (most of a second at 10,000 tables); the model is
  // reduced to what they read in slices, so opening the map is not one long task.
  const [inputs, setInputs] = useState<{ readonly for: unknown; readonly value: MapInputs }>();
  const wantGroups: ClusterMode | undefined = focus || grouping === 'none' ? undefined : grouping;
  const inputsKey = useMemo(() => ({ model, roles, wantGroups }), [model, roles, wantGroups]);
  useEffect(() => {
    if (!inputsKey.model) return;
    const abort = new AbortController();
    runSliced(compactTablesJson(inputsKey.model), { signal: abort.signal })
      .then((tablesJson) =>
        mapInputs({
          tablesJson,
          roles: inputsKey.roles,
          ...(inputsKey.wantGroups ? { grouping: inputsKey.wantGroups } : {}),
        }),
      )
      .then(
        (value) => {
          // A transition: React renders the new map in slices instead of one long task.
          if (!abort.signal.aborted) startTransition(() => setInputs({ for: inputsKey, value }));
        },
        (error: unknown) => {
          if (!(error instanceof WorkAborted)) throw error;
        },
      );
    return () => abort.abort();
  }, [inputsKey]);
  const current = inputs?.for === inputsKey ? inputs.value : undefined;
  const relationships = useMemo(() => current?.relationships ?? inputs?.value.relationships ?? [], [current, inputs]);
  const clusters = current?.clusters;
  // Which clusters are open, for the clusters it was chosen for (new clusters start from the default).
  const [opened, setOpened] = useState<{ readonly of: readonly TableCluster[]; readonly ids: ReadonlySet<string> }>();
  const expanded = useMemo(
    () =>
      clusters && opened?.of === clusters
        ? opened.ids
        : new Set(keys.length > COLLAPSE_ABOVE ? [] : (clusters ?? []).map((cluster) => cluster.id)),
    [clusters, opened, keys.length],
  );
  const toggleCluster = useCallback(
    (id: string) => {
      if (!clusters) return;
      const ids = new Set(expanded);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      setOpened({ of: clusters, ids });
    },
    [clusters, expanded],
  );
  const setAllExpanded = (open: boolean): void => {
    if (clusters) setOpened({ of: clusters, ids: new Set(open ? clusters.map((cluster) => cluster.id) : []) });
  };

  const view: MapView | undefined = useMemo(() => {
    if (!model || !current) return undefined;
    if (!clusters) {
      const flat = buildGraph(model, relationships, {
        roles,
        focus,
        hops: hops === 'all' ? 1_000 : Number(hops),
        maxNodes: MAX_NODES,
      });
      return {
        boxes: flat.nodes.map(tableBox),
        tables: flat.nodes,
        clusters: [],
        edges: flat.edges,
        bundles: [],
        truncated: flat.truncated,
        totalTables: flat.totalTables,
      };
    }
    const graph = buildClusteredGraph(relationships, clusters, expanded, keys.length);
    const members = new Map<string, LayoutBox[]>();
    for (const node of graph.nodes) {
      const group = members.get(node.parent);
      if (group) group.push(tableBox(node));
      else members.set(node.parent, [tableBox(node)]);
    }
    return {
      boxes: graph.clusters.map((cluster) =>
        cluster.expanded
          ? { id: cluster.id, width: 0, height: 0, children: members.get(cluster.id) ?? [] }
          : { id: cluster.id, ...CLUSTER_NODE_SIZE },
      ),
      tables: graph.nodes,
      clusters: graph.clusters,
      edges: graph.edges,
      bundles: graph.clusterEdges,
      truncated: false,
      totalTables: graph.totalTables,
    };
  }, [model, current, relationships, roles, focus, hops, clusters, expanded, keys.length]);

  const [positions, setPositions] = useState<Map<string, Placement>>();
  const [layingOut, setLayingOut] = useState(false);
  // Each finished layout remounts the flow, so it fits the view again (clearing "Centre on table" refits).
  const [layoutRun, setLayoutRun] = useState(0);
  const [highlight, setHighlight] = useState('');
  const [exportError, setExportError] = useState<string>();
  const needle = highlight.trim().toLowerCase();

  useEffect(() => {
    if (!view) return;
    let cancelled = false;
    setLayingOut(true);
    const edges = [...view.edges, ...view.bundles];
    void layoutBoxes(view.boxes, edges).then(
      (result) => {
        if (cancelled) return;
        // A transition, so drawing hundreds of nodes is rendered in slices.
        startTransition(() => {
          setPositions(result);
          setLayoutRun((run) => run + 1);
          setLayingOut(false);
        });
      },
      () => {
        if (!cancelled) setLayingOut(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [view]);

  const nodes: Array<TableFlowNode | ClusterFlowNode> = useMemo(() => {
    if (!view || !positions) return [];
    const matchStyle = { outline: '3px solid var(--mantine-color-yellow-5)', borderRadius: 6 };
    const clusterNodes: ClusterFlowNode[] = view.clusters.map((cluster) => {
      const place = positions.get(cluster.id) ?? { x: 0, y: 0, ...CLUSTER_NODE_SIZE };
      const hasMatch =
        needle !== '' &&
        !cluster.expanded &&
        (clusters?.find((c) => c.id === cluster.id)?.members ?? []).some((key) =>
          key
            .slice(key.indexOf('.') + 1)
            .toLowerCase()
            .includes(needle),
        );
      return {
        id: cluster.id,
        type: 'cluster' as const,
        position: { x: place.x, y: place.y },
        width: place.width,
        height: place.height,
        initialWidth: place.width,
        initialHeight: place.height,
        selectable: false,
        ...(cluster.expanded ? { zIndex: -1 } : {}),
        data: { cluster, toggle: toggleCluster },
        ...(hasMatch ? { className: 'lupo-map-cluster-match', style: matchStyle } : {}),
      };
    });
    const tableNodes: TableFlowNode[] = view.tables.map((node) => {
      const place = positions.get(node.id);
      return {
        id: node.id,
        type: 'table' as const,
        position: { x: place?.x ?? 0, y: place?.y ?? 0 },
        ...(node.parent ? { parentId: node.parent } : {}),
        // The laid-out size: the minimap draws nodes only when their size is known (this
        // flow is controlled without onNodesChange, so measured sizes never reach the nodes).
        initialWidth: nodeSize(node.keyColumns.length).width,
        initialHeight: nodeSize(node.keyColumns.length).height,
        data: { node },
        // Search-to-highlight: matches stand out, the rest fades.
        ...(needle === ''
          ? {}
          : node.table.toLowerCase().includes(needle)
            ? { className: 'lupo-map-match', style: matchStyle }
            : { style: { opacity: 0.2 } }),
      };
    });
    // Parents before their children, as React Flow requires.
    return [...clusterNodes, ...tableNodes];
  }, [view, positions, needle, clusters, toggleCluster]);

  const emphasis = hovered ?? focus;
  const edges: MapFlowEdge[] = useMemo(
    () =>
      view
        ? [
            ...view.edges.map((edge) => ({
              id: edge.id,
              source: edge.source,
              target: edge.target,
              type: 'map' as const,
              markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
              data: {
                label: edge.label,
                emphasised: emphasis !== undefined && (edge.source === emphasis || edge.target === emphasis),
                bundle: false,
              },
              ...(emphasis !== undefined && (edge.source === emphasis || edge.target === emphasis)
                ? { zIndex: 5 }
                : {}),
            })),
            ...view.bundles.map((bundle) => ({
              id: bundle.id,
              source: bundle.source,
              target: bundle.target,
              type: 'map' as const,
              markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
              data: {
                label: `${bundle.count} ${bundle.count === 1 ? 'link' : 'links'}`,
                emphasised: emphasis !== undefined && (bundle.source === emphasis || bundle.target === emphasis),
                bundle: true,
              },
            })),
          ]
        : [],
    [view, emphasis],
  );

  /** The map as drawn, in canvas coordinates, for export. */
  const exportMap = async (format: 'svg' | 'png'): Promise<void> => {
    if (!view || !positions) return;
    setExportError(undefined);
    const boxes: ExportBox[] = [];
    const absolute = new Map<string, Placement>();
    for (const cluster of view.clusters) {
      const place = positions.get(cluster.id);
      if (!place) continue;
      absolute.set(cluster.id, place);
      boxes.push({
        id: cluster.id,
        ...place,
        title: cluster.label,
        lines: [`${cluster.size} ${cluster.size === 1 ? 'table' : 'tables'}`],
        kind: cluster.expanded ? 'group' : 'cluster',
      });
    }
    for (const node of view.tables) {
      const place = positions.get(node.id);
      if (!place) continue;
      const parent = node.parent ? absolute.get(node.parent) : undefined;
      boxes.push({
        id: node.id,
        x: place.x + (parent?.x ?? 0),
        y: place.y + (parent?.y ?? 0),
        width: place.width,
        height: place.height,
        title: node.table,
        lines: node.keyColumns,
        kind: 'table',
      });
    }
    const lines: ExportEdge[] = [
      ...view.edges.map((edge) => ({ source: edge.source, target: edge.target, label: edge.label, dashed: true })),
      ...view.bundles.map((bundle) => ({
        source: bundle.source,
        target: bundle.target,
        label: `${bundle.count} ${bundle.count === 1 ? 'link' : 'links'}`,
        dashed: false,
      })),
    ];
    const svg = mapToSvg(boxes, lines);
    try {
      const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg);
      downloadBlob(blob, `relationship-map.${format}`);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  // The options are built and handed to the select only once it opens: 10,000 options cost
  // the select a long task on every render.
  const [focusOpened, setFocusOpened] = useState(false);
  const tableOptions = useMemo(
    () =>
      model && focusOpened
        ? DATABASE_ROLES.map((role) => ({
            group: role,
            items: model.databases[role].tables.map((table) => ({ value: `${role}.${table.name}`, label: table.name })),
          }))
        : [],
    [model, focusOpened],
  );
  // Closed, the select needs only the focused table, to show its name.
  const focusOptions =
    focusOpened || !selected
      ? tableOptions
      : [{ group: selected.role, items: [{ value: `${selected.role}.${selected.name}`, label: selected.name }] }];

  const tableNodeCount = view?.tables.length ?? 0;
  const matches = needle === '' ? 0 : nodes.filter((node) => node.className === 'lupo-map-match').length;
  const clusterMatches = needle === '' ? 0 : nodes.filter((node) => node.className === 'lupo-map-cluster-match').length;
  const focusEdges = view?.edges.filter((edge) => focus && (edge.source === focus || edge.target === focus)) ?? [];

  return (
    <ScreenFrame
      title="Relationship map"
      subtitle={`${relationships.length} relationships inferred from *_id column names · no foreign keys by doctrine`}
      actions={layingOut || (model && !current) ? <Loader size="xs" /> : undefined}
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
            <Text size="xs" fw={500} mb={4}>
              Group tables by
            </Text>
            <SegmentedControl
              size="xs"
              fullWidth
              disabled={Boolean(focus)}
              value={grouping}
              onChange={(value) => setGrouping(value as Grouping)}
              data={[
                { value: 'prefix', label: 'Name prefix' },
                { value: 'component', label: 'Connected' },
                { value: 'none', label: 'None' },
              ]}
              data-testid="map-grouping"
            />
            {clusters && (
              <Group gap={6} mt={6} wrap="nowrap">
                <Text size="xs" c="dimmed" style={{ flex: 1 }} data-testid="map-cluster-summary">
                  {clusters.length} clusters · {expanded.size} open
                </Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => setAllExpanded(true)}
                  data-testid="map-expand-all"
                >
                  Expand all
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => setAllExpanded(false)}
                  data-testid="map-collapse-all"
                >
                  Collapse all
                </Button>
              </Group>
            )}
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
                {matches === 0 && clusterMatches === 0
                  ? 'No table on the map matches'
                  : `${matches} table(s) highlighted${clusterMatches > 0 ? ` · matches in ${clusterMatches} collapsed cluster(s)` : ''}`}
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
            data={focusOptions}
            onDropdownOpen={() => setFocusOpened(true)}
            onDropdownClose={() => setFocusOpened(false)}
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
          {view?.truncated && (
            <Alert color="gray" variant="light" p="xs">
              <Text size="xs">
                Showing {view.tables.length} of {view.totalTables} tables. Centre on a table to see its neighbourhood.
              </Text>
            </Alert>
          )}
          <div>
            <Text size="xs" fw={500} mb={4}>
              Export the map as drawn
            </Text>
            <Group gap={6}>
              <Button
                size="compact-xs"
                variant="default"
                disabled={!positions || layingOut}
                onClick={() => void exportMap('svg')}
                data-testid="map-export-svg"
              >
                SVG
              </Button>
              <Button
                size="compact-xs"
                variant="default"
                disabled={!positions || layingOut}
                onClick={() => void exportMap('png')}
                data-testid="map-export-png"
              >
                PNG
              </Button>
            </Group>
            {exportError && (
              <Text size="xs" c="red" mt={4}>
                Export failed: {exportError}
              </Text>
            )}
          </div>
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
          data-table-count={tableNodeCount}
          data-edge-count={edges.length}
          data-laying-out={layingOut || (model !== undefined && !current)}
        >
          {!model ? (
            <Group justify="center" py={80}>
              {loadingModels && <Loader size="xs" />}
              <Text c="dimmed" data-testid="relationships-empty">
                {loadingModels ? 'Loading the models…' : 'Open a workspace or connect to see the map.'}
              </Text>
            </Group>
          ) : (
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              onlyRenderVisibleElements
              fitView
              minZoom={0.05}
              maxZoom={2}
              colorMode={scheme}
              nodesConnectable={false}
              proOptions={{ hideAttribution: true }}
              onNodeMouseEnter={(_, node) => setHovered(node.type === 'table' ? node.id : undefined)}
              onNodeMouseLeave={() => setHovered(undefined)}
              onNodeClick={(_, node) => {
                if (node.type !== 'table') return;
                const dot = node.id.indexOf('.');
                navigationStore.getState().selectTable({ role: node.id.slice(0, dot), name: node.id.slice(dot + 1) });
              }}
              key={`${focus ?? 'all'}-${roles.join(',')}-${hops}-${grouping}-${layoutRun}`}
            >
              <Background gap={16} size={1} />
              <Controls showInteractive={false} />
              <MiniMap
                pannable
                zoomable
                ariaLabel="Overview of the whole map"
                nodeColor={(node) =>
                  node.className === 'lupo-map-match' || node.className === 'lupo-map-cluster-match'
                    ? '#fab005'
                    : node.type === 'cluster' && (node.data as ClusterFlowNode['data']).cluster.expanded
                      ? 'rgba(173, 181, 189, 0.25)'
                      : '#adb5bd'
                }
              />
            </ReactFlow>
          )}
        </Box>
      </Box>
    </ScreenFrame>
  );
}

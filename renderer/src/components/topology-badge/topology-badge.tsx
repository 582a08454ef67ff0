import { Badge, Card, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import { describeTopology, type TopologyInfo } from '../../../../shared/contract/topology';
import { useConnection } from '../../stores/app-stores';

const KIND_LABEL: Record<TopologyInfo['kind'], string> = {
  standalone: 'Standalone',
  galera: 'Galera',
  primary: 'Primary',
  replica: 'Replica',
};

/** Red when the server must not take DDL (replica, unsynced Galera node), else neutral. */
function color(t: TopologyInfo): string {
  if (t.kind === 'replica') return 'orange';
  if (t.kind === 'galera' && (t.galera?.nodeState !== 'Synced' || t.galera?.clusterStatus !== 'Primary')) return 'red';
  return t.kind === 'standalone' ? 'gray' : 'blue';
}

/** A small badge naming what the connection talks to (issue 15), with the one-line description as tooltip. */
export function TopologyBadge(): ReactElement | null {
  const topology = useConnection((s) => s.info?.topology);
  if (!topology) return null;
  return (
    <Tooltip label={describeTopology(topology)} multiline w={260}>
      <Badge size="xs" variant="light" color={color(topology)} data-testid="topology-badge" data-kind={topology.kind}>
        {KIND_LABEL[topology.kind]}
        {topology.kind === 'galera' && topology.galera ? ` · ${topology.galera.nodeState}` : ''}
      </Badge>
    </Tooltip>
  );
}

/** The Overview's topology card: the kind, its facts, and what Lupo does about it. */
export function TopologyCard(): ReactElement | null {
  const topology = useConnection((s) => s.info?.topology);
  if (!topology || topology.kind === 'standalone') return null;
  const note =
    topology.kind === 'galera'
      ? 'Runs take a cluster-wide lease; after each run every node is checked for the same schema.'
      : topology.kind === 'replica'
        ? 'Apply and rollback are refused here: apply on the primary.'
        : 'After each run, Lupo waits for the replicas to catch up and checks their schema.';
  return (
    <Card withBorder padding="md" data-testid="topology-card">
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={600}>Topology</Text>
          <TopologyBadge />
        </Group>
        <Text size="sm">{describeTopology(topology)}</Text>
        {topology.galera && topology.galera.members.length > 0 && (
          <Text size="xs" c="dimmed" className="lupo-mono">
            members: {topology.galera.members.join(', ')}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {note}
        </Text>
        {topology.warnings.map((w) => (
          <Text key={w} size="xs" c="orange">
            {w}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}

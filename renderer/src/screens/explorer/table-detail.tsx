import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import type { FindingView } from '../../../../shared/contract/workspace';
import { formatLocation } from '../../../../shared/schema/findings';
import { navigationStore, useConnection } from '../../stores/app-stores';
import { DataBrowser } from '../data/data-browser';
import { compareTables, type CompareLine } from '../../lib/table-compare';
import type { TableRow } from '../../lib/table-index';

const STATUS_CLASS: Readonly<Record<CompareLine['status'], string | undefined>> = {
  same: undefined,
  changed: 'lupo-diff-changed',
  'definition-only': 'lupo-diff-removed',
  'live-only': 'lupo-diff-added',
};

const STATUS_LABEL: Readonly<Record<CompareLine['status'], string>> = {
  same: '',
  changed: 'differs',
  'definition-only': 'missing live',
  'live-only': 'not defined',
};

/** A table's columns, indexes and options: the definition and the live table side by side. */
export function TableDetail({
  row,
  compared = true,
  findings,
}: {
  readonly row: TableRow;
  /** False while no live schema is loaded: the definition is shown alone, not as "missing live". */
  readonly compared?: boolean;
  /** The doctrine findings of this table (every source), shown under its detail. */
  readonly findings?: readonly FindingView[];
}): ReactElement {
  const comparison = compareTables(row.definition, row.live);
  const source = row.definition?.source;
  const connected = useConnection((s) => s.info?.connectionId !== undefined);
  const [browsing, setBrowsing] = useState(false);
  return (
    <Stack gap="md" data-testid="table-detail">
      {browsing && (
        <Modal
          opened
          // Pending edits in the browser are asked about before it closes.
          onClose={() => navigationStore.getState().confirmLeave(() => setBrowsing(false))}
          fullScreen
          title="Data browser"
        >
          <DataBrowser role={row.role} table={row.name} />
        </Modal>
      )}
      <div>
        <Group gap="xs">
          <Title order={4} className="lupo-mono" data-testid="table-detail-name">
            {row.name}
          </Title>
          <Badge variant="light">{row.role}</Badge>
          {row.presence === 'definition-only' &&
            (compared ? (
              <Badge color="red" variant="light">
                missing live
              </Badge>
            ) : (
              <Badge color="gray" variant="light" data-testid="table-detail-not-compared">
                not compared (not connected)
              </Badge>
            ))}
          {connected && row.live && (
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => setBrowsing(true)}
              data-testid="table-detail-browse"
            >
              Browse data
            </Button>
          )}
          {row.presence === 'live-only' && (
            <Badge color="orange" variant="light">
              not defined
            </Badge>
          )}
          {row.presence === 'both' &&
            (comparison.differenceCount > 0 ? (
              <Badge color="yellow" variant="light">
                {comparison.differenceCount} differences
              </Badge>
            ) : (
              <Badge color="green" variant="light">
                in sync
              </Badge>
            ))}
        </Group>
        <Group gap="lg" mt={6}>
          <Text size="xs" c="dimmed">
            Definition:{' '}
            <Text span className="lupo-mono" size="xs" c="var(--mantine-color-text)" data-testid="table-detail-source">
              {source ? formatLocation(source) : row.definition ? 'definitions' : '—'}
            </Text>
          </Text>
          {row.live?.stats && (
            <Text size="xs" c="dimmed">
              Live: ~{row.live.stats.rowEstimate.toLocaleString()} rows ·{' '}
              {((row.live.stats.dataBytes + row.live.stats.indexBytes) / 1024).toFixed(0)} KiB
            </Text>
          )}
          {row.definition?.options.comment && (
            <Text size="xs" c="dimmed" truncate>
              {row.definition.options.comment}
            </Text>
          )}
        </Group>
      </div>
      {findings && findings.length > 0 && (
        <Stack gap={4} data-testid="table-detail-findings">
          <Group gap="xs">
            <Text className="lupo-section-label">Doctrine findings ({findings.length})</Text>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => navigationStore.getState().goDoctrine({ table: row.name })}
              data-testid="table-detail-open-doctrine"
            >
              Open in Doctrine
            </Button>
          </Group>
          {findings.map((finding, index) => (
            <Text key={index} size="sm">
              <Badge size="xs" variant="light" tt="none" color={finding.severity === 'error' ? 'red' : 'yellow'} mr={6}>
                {finding.code}
              </Badge>
              {finding.message}
              <Text span size="xs" c="dimmed" className="lupo-mono">
                {' '}
                {finding.source ?? ''} {formatLocation(finding.location)}
              </Text>
            </Text>
          ))}
        </Stack>
      )}
      <Section title="Columns" lines={comparison.columns} testId="detail-columns" />
      <Section title="Indexes" lines={comparison.indexes} testId="detail-indexes" />
      <Section title="Options" lines={comparison.options} testId="detail-options" />
    </Stack>
  );
}

function Section({
  title,
  lines,
  testId,
}: {
  title: string;
  lines: readonly CompareLine[];
  testId: string;
}): ReactElement {
  return (
    <div>
      <Text className="lupo-section-label" mb={4}>
        {title} ({lines.length})
      </Text>
      <Table
        withTableBorder
        withColumnBorders
        verticalSpacing={3}
        fz="xs"
        data-testid={testId}
        style={{ tableLayout: 'fixed' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="27%">Name</Table.Th>
            <Table.Th>Definition</Table.Th>
            <Table.Th>Live</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text size="xs" c="dimmed">
                  none
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {lines.map((line) => (
            <Table.Tr key={line.name} className={STATUS_CLASS[line.status]} data-status={line.status}>
              <Table.Td className="lupo-mono" style={{ overflowWrap: 'anywhere' }} title={line.name}>
                {line.name}
                {line.status !== 'same' && (
                  <Text size="10px" c="dimmed">
                    {STATUS_LABEL[line.status]}
                  </Text>
                )}
              </Table.Td>
              <Table.Td className="lupo-mono" style={{ wordBreak: 'break-word' }}>
                {line.definition ?? '—'}
              </Table.Td>
              <Table.Td className="lupo-mono" style={{ wordBreak: 'break-word' }}>
                {line.live ?? '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

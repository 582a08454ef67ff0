import { Badge, Stack, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { PlanNode } from '../../../../shared/contract/query';

const ACCESS_COLOR: Record<string, string> = {
  system: 'green',
  const: 'green',
  eq_ref: 'green',
  ref: 'teal',
  range: 'yellow',
  index: 'orange',
  ALL: 'red',
};

/**
 * An EXPLAIN plan drawn as a table in join order: access type (coloured from best to full
 * scan), key used, rows examined (and actual rows under ANALYZE), filtered, and warnings.
 */
export function ExplainPlanView({ nodes }: { readonly nodes: readonly PlanNode[] }): ReactElement {
  return (
    <Stack gap={4} p="sm" data-testid="explain-plan">
      <Table striped withTableBorder fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Table</Table.Th>
            <Table.Th>Access</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Possible keys</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Filtered</Table.Th>
            <Table.Th>Condition</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map((n, i) => (
            <Table.Tr key={i} data-testid="explain-node">
              <Table.Td style={{ paddingLeft: 8 + n.depth * 16 }}>{n.table}</Table.Td>
              <Table.Td>
                <Badge size="xs" color={ACCESS_COLOR[n.accessType] ?? 'gray'}>
                  {n.accessType}
                </Badge>
              </Table.Td>
              <Table.Td>{n.key ?? '—'}</Table.Td>
              <Table.Td>{n.possibleKeys.join(', ') || '—'}</Table.Td>
              <Table.Td>
                {n.rows?.toLocaleString('en-US') ?? '—'}
                {n.actualRows !== undefined && ` (actual ${n.actualRows.toLocaleString('en-US')})`}
              </Table.Td>
              <Table.Td>{n.filtered === undefined ? '—' : `${n.filtered}%`}</Table.Td>
              <Table.Td>{n.condition ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {nodes
        .flatMap((n) => n.warnings)
        .map((w, i) => (
          <Text key={i} size="xs" c="orange">
            ⚠ {w}
          </Text>
        ))}
    </Stack>
  );
}

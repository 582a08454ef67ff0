import {
  Badge,
  Box,
  Button,
  Group,
  Loader,
  ScrollArea,
  SegmentedControl,
  Select,
  Text,
  TextInput,
} from '@mantine/core';
import { useDeferredValue, useMemo, useState, type ReactElement } from 'react';
import type { DatabaseRole } from '../../../../shared/schema/model';
import { Icon } from '../../app/icons';
import { findingsOfTable } from '../../lib/doctrine-view';
import { filterTables, type TableFilter, type TableRow } from '../../lib/table-index';
import { AnalysisProgress } from '../../components/analysis-progress/analysis-progress';
import { ProblemAlert } from '../../components/problem-alert/problem-alert';
import { reloadModels } from '../../stores/app-flows';
import { useCurrentAnalysis, useNavigation, useSchema } from '../../stores/app-stores';
import { ScreenFrame } from '../screen-frame';
import { TableDetail } from './table-detail';
import { TableList } from './table-list';
import { useTableIndex } from './use-table-index';

/** The schema explorer: a searchable, filterable, virtualized table list and the selected table's detail. */
export function ExplorerScreen(): ReactElement {
  const definitions = useSchema((s) => s.definitions);
  const live = useSchema((s) => s.live);
  const loading = useSchema((s) => s.loadingLive || s.loadingDefinitions);
  const error = useSchema((s) => s.error);
  const analysis = useCurrentAnalysis();
  const driftTables = analysis?.drift;
  const selected = useNavigation((s) => s.selectedTable);
  const selectTable = useNavigation((s) => s.selectTable);
  const [query, setQuery] = useState('');
  const [role, setRole] = useState<TableFilter['role']>('all');
  const [presence, setPresence] = useState<TableFilter['presence']>('all');
  const deferredQuery = useDeferredValue(query);

  const { rows, listing } = useTableIndex({ definitions, live, drift: driftTables });
  const visible = useMemo(
    () => filterTables(rows, { query: deferredQuery, role, presence }),
    [rows, deferredQuery, role, presence],
  );
  const selectedRow: TableRow | undefined = selected
    ? rows.find((row) => row.role === selected.role && row.name === selected.name)
    : undefined;

  return (
    <ScreenFrame
      title="Schema explorer"
      subtitle={`${listing ? 'listing…' : `${rows.length.toLocaleString()} tables`} · definitions ${definitions ? 'loaded' : '—'} · live ${live ? 'loaded' : 'not connected'}`}
      actions={loading || listing ? <Loader size="xs" /> : undefined}
      body="fill"
      testId="screen-explorer"
    >
      <ProblemAlert error={error} testId="explorer-error" onRetry={reloadModels} retryLabel="Load again" />
      <AnalysisProgress flush />
      <Box style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Box
          style={{
            width: 400,
            display: 'flex',
            flexDirection: 'column',
            borderRight: '1px solid var(--mantine-color-default-border)',
          }}
        >
          <Box p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
            <TextInput
              size="sm"
              placeholder="Search tables (col:name searches columns)"
              leftSection={<Icon name="search" size={14} />}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              data-testid="explorer-search"
              spellCheck={false}
            />
            <Group mt="xs" gap="xs" wrap="nowrap">
              <SegmentedControl
                size="xs"
                value={role}
                onChange={(value) => setRole(value as DatabaseRole | 'all')}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'core', label: 'Core' },
                  { value: 'orchestration', label: 'Orch.' },
                  { value: 'ephemeral', label: 'Eph.' },
                ]}
                data-testid="explorer-role"
              />
              <Select
                size="xs"
                w={120}
                value={presence}
                onChange={(value) => setPresence((value ?? 'all') as TableFilter['presence'])}
                allowDeselect={false}
                data={[
                  { value: 'all', label: 'Any state' },
                  { value: 'differs', label: 'Differs' },
                  { value: 'definition-only', label: 'Missing live' },
                  { value: 'live-only', label: 'Not defined' },
                  { value: 'both', label: 'In both' },
                ]}
                data-testid="explorer-presence"
              />
            </Group>
            <Text size="xs" c="dimmed" mt={6} data-testid="explorer-count">
              {visible.length.toLocaleString()} of {rows.length.toLocaleString()} tables
            </Text>
          </Box>
          {visible.length === 0 && rows.length > 0 && (
            <Box p="md" data-testid="explorer-no-match">
              <Text size="sm" c="dimmed">
                No table matches {query.trim() ? `“${query.trim()}”` : 'these filters'}
                {role !== 'all' || presence !== 'all' ? ' with the current role and state filters' : ''}.
              </Text>
              <Button
                size="compact-xs"
                variant="light"
                mt={6}
                onClick={() => {
                  setQuery('');
                  setRole('all');
                  setPresence('all');
                }}
                data-testid="explorer-clear-filters"
              >
                Clear search and filters
              </Button>
            </Box>
          )}
          <TableList
            rows={visible}
            selectedKey={selectedRow?.key}
            onSelect={(row) => selectTable({ role: row.role, name: row.name })}
            compared={live !== undefined}
          />
        </Box>
        <ScrollArea style={{ flex: 1, minWidth: 0 }}>
          <Box p="lg">
            {selectedRow ? (
              <TableDetail
                row={selectedRow}
                compared={live !== undefined}
                findings={findingsOfTable(analysis?.doctrine.findings ?? [], selectedRow.role, selectedRow.name)}
              />
            ) : (
              <Group justify="center" py={80}>
                <Text c="dimmed">Select a table to see its columns, indexes and options.</Text>
                {rows.length === 0 && !loading && !listing && <Badge variant="default">No tables loaded</Badge>}
              </Group>
            )}
          </Box>
        </ScrollArea>
      </Box>
    </ScreenFrame>
  );
}

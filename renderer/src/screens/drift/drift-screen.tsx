import { Badge, Box, Group, List, Loader, ScrollArea, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMemo, useState, type ReactElement } from 'react';
import type { DriftStatus, DriftTable } from '../../../../shared/contract/workspace';
import { AnalysisProgress } from '../../components/analysis-progress/analysis-progress';
import { buildTableIndex } from '../../lib/table-index';
import { ProblemAlert } from '../../components/problem-alert/problem-alert';
import { reanalyze } from '../../stores/app-flows';
import { useCurrentAnalysis, useSchema, useWorkspace } from '../../stores/app-stores';
import { TableDetail } from '../explorer/table-detail';
import { ExportReportButton } from '../report/export-report-button';
import { ScreenFrame } from '../screen-frame';

const STATUS_COLOR: Readonly<Record<DriftStatus, string>> = {
  missing: 'red',
  extra: 'orange',
  different: 'yellow',
  same: 'green',
  unknown: 'gray',
};

/** The drift view: every table that differs between the definitions and the compared source, side by side. */
export function DriftScreen(): ReactElement {
  const drift = useCurrentAnalysis()?.drift;
  const definitions = useSchema((s) => s.definitions);
  const live = useSchema((s) => s.live);
  const analyzing = useWorkspace((s) => s.analyzing);
  const analysisError = useWorkspace((s) => s.analysisError);
  const [status, setStatus] = useState<'changed' | DriftStatus>('changed');
  const [selectedKey, setSelectedKey] = useState<string>();

  const tables = useMemo(
    () => (drift?.tables ?? []).filter((t) => (status === 'changed' ? t.status !== 'same' : t.status === status)),
    [drift, status],
  );
  const rows = useMemo(() => buildTableIndex(definitions, live), [definitions, live]);
  const selected: DriftTable | undefined = tables.find((t) => `${t.role}.${t.table}` === selectedKey) ?? tables[0];
  const row = selected ? rows.find((r) => r.role === selected.role && r.name === selected.table) : undefined;

  return (
    <ScreenFrame
      title="Drift"
      subtitle={
        drift
          ? `Definitions compared with ${drift.comparedWith === 'live' ? 'the live databases' : drift.comparedWith === 'sql' ? 'the SQL files' : 'nothing (no SQL file, not connected)'}`
          : 'Run an analysis first'
      }
      body="fill"
      actions={
        <>
          {analyzing && <Loader size="xs" data-testid="drift-analyzing" />}
          <ExportReportButton />
        </>
      }
      testId="screen-drift"
    >
      <ProblemAlert error={analysisError} testId="drift-error" onRetry={reanalyze} retryLabel="Analyze again" />
      <AnalysisProgress flush />
      <Box style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Stack w={340} gap={0} style={{ borderRight: '1px solid var(--mantine-color-default-border)' }}>
          <Box p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
            <SegmentedControl
              size="xs"
              fullWidth
              value={status}
              onChange={(value) => setStatus(value as 'changed' | DriftStatus)}
              data={[
                {
                  value: 'changed',
                  label: `Drift (${drift ? drift.counts.missing + drift.counts.extra + drift.counts.different : 0})`,
                },
                { value: 'missing', label: 'Missing' },
                { value: 'extra', label: 'Extra' },
                { value: 'different', label: 'Differs' },
                ...(drift?.counts.unknown ? [{ value: 'unknown', label: `Unknown (${drift.counts.unknown})` }] : []),
              ]}
              data-testid="drift-filter"
            />
          </Box>
          <ScrollArea style={{ flex: 1 }}>
            {tables.length === 0 && (
              <Text size="sm" c="dimmed" p="md">
                {drift
                  ? 'No tables in this state.'
                  : analyzing
                    ? 'Analyzing the workspace…'
                    : 'No analysis yet: open a workspace, or run Analyze on the overview.'}
              </Text>
            )}
            {tables.map((table) => {
              const key = `${table.role}.${table.table}`;
              return (
                <div
                  key={key}
                  className="lupo-row"
                  style={{ height: 40 }}
                  data-selected={selected === table}
                  onClick={() => setSelectedKey(key)}
                  data-testid="drift-row"
                >
                  <Badge size="xs" color={STATUS_COLOR[table.status]} variant="light" w={70}>
                    {table.status}
                  </Badge>
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text size="sm" className="lupo-mono" truncate>
                      {table.table}
                    </Text>
                    <Text size="10px" c="dimmed">
                      {table.role}
                    </Text>
                  </div>
                </div>
              );
            })}
          </ScrollArea>
        </Stack>
        <ScrollArea style={{ flex: 1, minWidth: 0 }}>
          <Box p="lg">
            {selected ? (
              <Stack gap="md">
                {selected.differences.length > 0 && (
                  <div>
                    <Text className="lupo-section-label" mb={4}>
                      Differences found by the analysis
                    </Text>
                    <List size="sm" spacing={2} data-testid="drift-differences">
                      {selected.differences.map((line) => (
                        <List.Item key={line} className="lupo-mono">
                          {line}
                        </List.Item>
                      ))}
                    </List>
                  </div>
                )}
                <Group gap="xs">
                  <Text size="xs" c="dimmed">
                    Present in:
                  </Text>
                  <PresenceBadge present={selected.inDefinitions} label="definitions" />
                  {selected.inSql !== undefined && <PresenceBadge present={selected.inSql} label="SQL" />}
                  {selected.inLive !== undefined && <PresenceBadge present={selected.inLive} label="live" />}
                </Group>
                {row ? (
                  <TableDetail row={row} compared={drift?.comparedWith === 'live' && live !== undefined} />
                ) : (
                  <Text c="dimmed">The table’s model is not loaded.</Text>
                )}
              </Stack>
            ) : (
              <Text c="dimmed">Select a table.</Text>
            )}
          </Box>
        </ScrollArea>
      </Box>
    </ScreenFrame>
  );
}

/** Whether one source has the table: filled when present, outlined when absent. */
function PresenceBadge({ present, label }: { readonly present: boolean; readonly label: string }) {
  return (
    <Badge size="xs" variant={present ? 'light' : 'outline'} color={present ? 'blue' : 'gray'}>
      {label}
    </Badge>
  );
}

import { Badge, Button, Grid, Group, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { Icon } from '../../app/icons';
import { BATCH_STATUS_COLORS } from '../../lib/batch-status';
import { useRovingFocus } from '../../lib/roving-focus';
import { useConnection } from '../../stores/app-stores';
import { historyStore, openRollback, useHistory } from '../migration/migration-stores';
import { ErrorAlert } from '../migration/run-panel';
import { ScreenFrame } from '../screen-frame';
import { entryKey, formatLedgerTime, originLabel } from './history-store';
import { useVisibleProblem } from '../../components/problem-alert/use-visible-problem';

/** Human labels of ledger enums (`rolled_back` → "rolled back"), so history never shows raw enum text. */
const STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  rolled_back: 'rolled back',
  abandoned: 'abandoned',
  unknown: 'unknown',
  apply: 'apply',
  rollback: 'rollback',
};

/** A ledger enum value as words. */
export function humanLabel(value: string): string {
  return STATUS_LABELS[value] ?? value.replace(/[_-]+/g, ' ').toLowerCase();
}

/** The selected batch: files (checksum, timings, errors), validation log, alerts with acknowledge, rollbacks. */
function BatchDetail({ connectionId }: { readonly connectionId: string }): ReactElement {
  const detail = useHistory((s) => s.selected);
  if (!detail) return <Text c="dimmed">Pick a batch to see its files, checks and alerts.</Text>;
  const { batch } = detail;
  return (
    <Stack gap="md" data-testid="history-detail">
      <Group justify="space-between">
        <Title order={5}>
          {batch.batchId > 0 ? `Batch ${batch.batchId}` : 'Batch (no id)'} · {humanLabel(batch.kind)} ·{' '}
          <span className="lupo-mono">{batch.targetDatabase || '—'}</span>
        </Title>
        {batch.kind === 'apply' &&
          batch.status === 'completed' &&
          batch.batchId > 0 &&
          batch.origin !== 'lupo-admin-0.1' && (
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => openRollback(connectionId, batch.batchId)}
              data-testid={`history-rollback-${batch.batchId}`}
            >
              Roll back…
            </Button>
          )}
      </Group>
      {batch.name && (
        <Text size="sm" className="lupo-mono" data-testid="history-batch-name">
          {batch.name}
        </Text>
      )}
      <Text size="sm" c="dimmed" data-testid="history-batch-meta">
        {formatLedgerTime(batch.startedYmdhis)} → {formatLedgerTime(batch.endedYmdhis)} · {batch.runner.user}
        {batch.runner.host === '—' ? '' : ` on ${batch.runner.host}`} · written by {originLabel(batch)}
        {batch.epochTo ? ` · epoch ${formatLedgerTime(batch.epochFrom)} → ${formatLedgerTime(batch.epochTo)}` : ''}
      </Text>
      <Table withTableBorder data-testid="history-files">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Statements</Table.Th>
            <Table.Th>Time</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.files.map((f, i) => (
            <Table.Tr key={`${f.fileId}:${i}`} data-testid="history-file-row">
              <Table.Td className="lupo-mono">{f.name}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" title={f.stateName}>
                  {humanLabel(f.status)}
                </Badge>
              </Table.Td>
              <Table.Td className="lupo-mono" title={f.sha256}>
                {f.sha256 ? `${f.sha256.slice(0, 12)}…` : '—'}
              </Table.Td>
              <Table.Td>
                {f.statementsApplied}/{f.statementsTotal}
                {f.retries > 0 ? ` (${f.retries} retries)` : ''}
              </Table.Td>
              <Table.Td>{f.durationMs === undefined ? '—' : `${f.durationMs} ms`}</Table.Td>
              <Table.Td>{f.errorMessage ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={6}>Validation log</Title>
      <Table data-testid="history-validations">
        <Table.Tbody>
          {detail.validations.map((v, i) => (
            <Table.Tr key={i}>
              <Table.Td>{v.phase}</Table.Td>
              <Table.Td>{v.check}</Table.Td>
              <Table.Td>
                {/* Never narrower than its word: the details column beside it would squeeze it to "P…". */}
                <Badge
                  size="xs"
                  color={v.result === 'pass' ? 'green' : v.result === 'fail' ? 'red' : 'gray'}
                  style={{ minWidth: 'max-content' }}
                >
                  {v.result}
                </Badge>
              </Table.Td>
              <Table.Td>{v.details}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={6}>Alerts</Title>
      {detail.alerts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No alerts.
        </Text>
      ) : (
        <Stack gap="xs" data-testid="history-alerts">
          {detail.alerts.map((a, i) => (
            <Group
              key={`${a.alertId}:${i}`}
              justify="space-between"
              wrap="nowrap"
              data-testid={`history-alert-${a.alertId}`}
            >
              <div>
                <Badge size="sm" color={a.level === 'warning' ? 'yellow' : a.level === 'info' ? 'blue' : 'red'} mr="xs">
                  {a.level}
                </Badge>
                <Text span size="sm">
                  {a.title ? `${a.title}: ` : ''}
                  {a.message}
                </Text>
              </div>
              {a.acknowledged || a.alertId === 0 ? (
                <Text size="xs" c="dimmed">
                  Acknowledged by {a.acknowledgedBy ?? '—'} {formatLedgerTime(a.acknowledgedYmdhis)}
                </Text>
              ) : (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => void historyStore.getState().acknowledge(connectionId, a.alertId)}
                  data-testid={`alert-ack-${a.alertId}`}
                >
                  Acknowledge
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {detail.rollbacks.length > 0 && (
        <>
          <Title order={6}>Rollbacks</Title>
          {detail.rollbacks.map((r, i) => (
            <Text key={`${r.rollbackLogId}:${i}`} size="sm" data-testid="history-rollback-row">
              Batch {r.batchId} rolled back by batch {r.rollbackBatchId ?? '—'} (class {r.rollbackClass ?? '—'},{' '}
              {humanLabel(r.classification)}, {humanLabel(r.status)}){r.reason ? ` — ${r.reason}` : ''}
              {r.backupPath ? ` · backup ${r.backupPath}` : ''}
              {r.resumeBackupPaths?.length ? ` · backups taken on resume: ${r.resumeBackupPaths.join(', ')}` : ''}
            </Text>
          ))}
        </>
      )}
    </Stack>
  );
}

/** History: the ledger's batches as a timeline, with per-batch detail. */
export function HistoryScreen(): ReactElement {
  const connectionId = useConnection((s) => s.info?.connectionId);
  const batches = useHistory((s) => s.batches);
  const ledgerDatabase = useHistory((s) => s.ledgerDatabase);
  const ledgerPresent = useHistory((s) => s.ledgerPresent);
  const selectedKey = useHistory((s) => s.selected?.batch.batchKey);
  const ledgerFormat = useHistory((s) => s.ledgerFormat);
  const ledgerMessage = useHistory((s) => s.ledgerMessage);
  const converting = useHistory((s) => s.converting);
  const loading = useHistory((s) => s.loading);
  const error = useHistory((s) => s.error);
  const visibleError = useVisibleProblem(error);
  // The batch list is one Tab stop; Up/Down/Home/End move, Enter opens a batch.
  const roving = useRovingFocus(
    batches.length,
    batches.findIndex((b) => b.batchKey === selectedKey),
  );
  useEffect(() => {
    if (connectionId) void historyStore.getState().load(connectionId);
  }, [connectionId]);
  return (
    <ScreenFrame
      title="History"
      subtitle={ledgerDatabase ? `Ledger in ${ledgerDatabase}` : 'The orchestration ledger'}
      testId="screen-history"
      actions={
        connectionId && (
          <Button
            size="xs"
            variant="default"
            leftSection={<Icon name="refresh" size={14} />}
            loading={loading}
            onClick={() => void historyStore.getState().load(connectionId)}
            data-testid="history-refresh"
          >
            Reload
          </Button>
        )
      }
    >
      {!connectionId ? (
        <Text c="dimmed">Connect to a server to read its ledger.</Text>
      ) : (
        <>
          <ErrorAlert error={visibleError} testId="history-error" />
          {ledgerFormat === 'lupo-admin-0.1' ? (
            <Stack gap="sm" data-testid="history-legacy">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {ledgerMessage}
              </Text>
              <Group>
                <Button
                  size="xs"
                  loading={converting}
                  onClick={() => {
                    if (window.confirm('Convert the Lupo Admin 0.1 ledger? Its tables are kept as *_lupo01.'))
                      void historyStore.getState().convert(connectionId);
                  }}
                  data-testid="history-convert"
                >
                  Convert ledger
                </Button>
              </Group>
            </Stack>
          ) : null}
          {/* A 0.1 ledger is listed read-only under its refusal (LEDGER §5d.9). */}
          {!ledgerPresent && !loading ? (
            <Text c="dimmed" data-testid="history-empty">
              {ledgerMessage ?? 'No ledger yet: nothing was applied through Lupo on this server.'}
            </Text>
          ) : (
            <Grid>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Timeline
                  active={-1}
                  bulletSize={18}
                  lineWidth={2}
                  data-testid="history-timeline"
                  role="listbox"
                  aria-label="Batches"
                  {...roving.containerProps}
                >
                  {batches.map((b, index) => (
                    <Timeline.Item
                      key={b.batchKey}
                      color={BATCH_STATUS_COLORS[b.status]}
                      title={
                        <Group gap={6}>
                          <Text
                            component="button"
                            type="button"
                            size="sm"
                            fw={selectedKey === b.batchKey ? 700 : 500}
                            role="option"
                            aria-selected={selectedKey === b.batchKey}
                            {...roving.itemProps(index)}
                            style={{
                              cursor: 'pointer',
                              background: 'none',
                              border: 0,
                              padding: 0,
                              color: 'inherit',
                              textAlign: 'left',
                            }}
                            onClick={() => void historyStore.getState().select(connectionId, b.batchId, b.batchKey)}
                            data-testid={`history-batch-${entryKey(b)}`}
                          >
                            {b.batchId > 0 ? `Batch ${b.batchId}` : (b.name ?? 'Batch')} · {humanLabel(b.kind)}
                          </Text>
                          <Badge
                            size="xs"
                            color={BATCH_STATUS_COLORS[b.status]}
                            data-testid={`history-status-${entryKey(b)}`}
                          >
                            {humanLabel(b.status)}
                          </Badge>
                          {b.origin === 'lupopedia' && (
                            <Badge size="xs" variant="outline" data-testid={`history-origin-${entryKey(b)}`}>
                              Lupopedia
                            </Badge>
                          )}
                          {b.origin === 'lupo-admin-0.1' && (
                            <Badge size="xs" variant="outline" data-testid={`history-origin-${entryKey(b)}`}>
                              Lupo Admin 0.1
                            </Badge>
                          )}
                          {b.openAlerts > 0 && (
                            <Badge size="xs" color="red" variant="outline">
                              {b.openAlerts} alert(s)
                            </Badge>
                          )}
                        </Group>
                      }
                    >
                      <Text size="xs" c="dimmed">
                        {b.name ? `${b.name} · ` : ''}
                        {b.targetDatabase || '—'} · {formatLedgerTime(b.startedYmdhis || b.createdYmdhis)} ·{' '}
                        {b.runner.user}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 8 }}>
                <BatchDetail connectionId={connectionId} />
              </Grid.Col>
            </Grid>
          )}
        </>
      )}
    </ScreenFrame>
  );
}

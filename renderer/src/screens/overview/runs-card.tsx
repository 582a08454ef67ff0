import { Alert, Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { Icon } from '../../app/icons';
import { BATCH_STATUS_COLORS } from '../../lib/batch-status';
import { navigationStore, runsStore, useConnection, useRuns } from '../../stores/app-stores';
import { formatLedgerTime } from '../history/history-store';
import { migrationStore, openRollback } from '../migration/migration-stores';
import { DatabaseName } from '../../components/database-name/database-name';

/** Reads the ledger glance for the current connection when it is missing or stale. */
function useRunsForConnection(connectionId: string | undefined): void {
  useEffect(() => {
    if (connectionId && runsStore.getState().connectionId !== connectionId)
      void runsStore.getState().load(connectionId);
  }, [connectionId]);
}

/**
 * Unfinished batches (crashed or failed) as a call to action at the top of the overview:
 * Resume leads into the migration wizard's resume step, Roll back into the rollback wizard.
 */
export function UnfinishedRuns(): ReactElement | null {
  const connectionId = useConnection((s) => s.info?.connectionId);
  const unfinished = useRuns((s) => s.unfinished);
  useRunsForConnection(connectionId);
  if (!connectionId || unfinished.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="overview-unfinished">
      {unfinished.map((run) => (
        <Alert
          key={run.batch.batchId}
          color="orange"
          variant="light"
          icon={<Icon name="alert" />}
          title={`Batch ${run.batch.batchId} on ${run.batch.targetDatabase} did not finish`}
          data-testid={`unfinished-${run.batch.batchId}`}
        >
          <Group justify="space-between" wrap="nowrap" align="flex-end">
            <Text size="sm">
              {run.batch.status === 'failed' ? 'It stopped at an error' : 'It stopped while running'} ·{' '}
              {run.counts.done} of {run.counts.total} statement(s) done · started{' '}
              {formatLedgerTime(run.batch.startedYmdhis)}
              {run.lockHeld ? ' · a runner still holds the lock' : ''}
              {run.failed ? ` · ${run.failed.errorMessage}` : ''}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                onClick={() => {
                  migrationStore.getState().prepareResume(connectionId, run);
                  navigationStore.getState().go('migration');
                }}
                data-testid={`unfinished-resume-${run.batch.batchId}`}
              >
                Resume…
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                onClick={() => openRollback(connectionId, run.batch.batchId)}
                data-testid={`unfinished-rollback-${run.batch.batchId}`}
              >
                Roll back…
              </Button>
            </Group>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}

/** The ledger's newest batch: status, when, files — or why there is none. */
export function LastRunCard(): ReactElement {
  const connectionId = useConnection((s) => s.info?.connectionId);
  const lastBatch = useRuns((s) => s.lastBatch);
  const ledgerPresent = useRuns((s) => s.ledgerPresent);
  const ledgerDatabase = useRuns((s) => s.ledgerDatabase);
  const loading = useRuns((s) => s.loading);
  const error = useRuns((s) => s.error);
  useRunsForConnection(connectionId);
  return (
    <Card withBorder padding="md" data-testid="last-run-card">
      <Group justify="space-between" wrap="nowrap">
        <Text className="lupo-section-label">Last run</Text>
        {loading && <Loader size="xs" />}
      </Group>
      {!connectionId ? (
        <Text size="sm" c="dimmed" mt="sm">
          Connect to a server to see its ledger.
        </Text>
      ) : error ? (
        <Stack gap={4} mt="sm" data-testid="last-run-error">
          <Text size="sm" c="red">
            {error.message}
          </Text>
          {error.hint && (
            <Text size="xs" c="dimmed">
              {error.hint}
            </Text>
          )}
          <Button
            size="xs"
            variant="subtle"
            px={0}
            w="fit-content"
            onClick={() => void runsStore.getState().load(connectionId)}
          >
            Try again
          </Button>
        </Stack>
      ) : lastBatch ? (
        <Stack gap={4} mt="sm" data-testid="last-run">
          <Group gap={6}>
            <Text fw={600} data-testid="last-run-title">
              Batch {lastBatch.batchId} · {lastBatch.kind}
            </Text>
            <Badge size="sm" color={BATCH_STATUS_COLORS[lastBatch.status]} data-testid="last-run-status">
              {lastBatch.status.replace('_', ' ')}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" className="lupo-mono">
            <DatabaseName name={lastBatch.targetDatabase} />
          </Text>
          <Text size="sm" c="dimmed">
            {formatLedgerTime(lastBatch.endedYmdhis || lastBatch.startedYmdhis)} · {lastBatch.filesCompleted}/
            {lastBatch.filesTotal} file(s)
            {lastBatch.filesFailed > 0 ? ` · ${lastBatch.filesFailed} failed` : ''}
          </Text>
          <Button
            variant="subtle"
            size="xs"
            px={0}
            w="fit-content"
            onClick={() => navigationStore.getState().go('history')}
            data-testid="last-run-history"
          >
            Open history →
          </Button>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mt="sm" data-testid="last-run-none">
          {loading ? (
            'Reading the ledger…'
          ) : ledgerPresent ? (
            'The ledger holds no batch yet.'
          ) : (
            <>
              No ledger in {ledgerDatabase ? <DatabaseName name={ledgerDatabase} /> : 'the orchestration database'} yet:
              nothing was applied through Lupo.
            </>
          )}
        </Text>
      )}
    </Card>
  );
}

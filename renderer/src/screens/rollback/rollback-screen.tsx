import { Alert, Badge, Button, Group, Stack, Stepper, Table, Text, TextInput } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { ProblemAlert } from '../../components/problem-alert/problem-alert';
import { ShowInHistoryButton } from '../../components/show-in-history/show-in-history-button';
import { SqlViewer } from '../../components/sql-viewer/sql-viewer';
import { RiskConsent, TypedDatabaseInput } from '../../components/typed-confirmation/typed-confirmation';
import { navigationStore, useConnection } from '../../stores/app-stores';
import { formatDuration } from '../../stores/migration-store';
import { formatLedgerTime, rollbackCandidates } from '../history/history-store';
import { historyStore, rollbackStore, useHistory, useRollback } from '../migration/migration-stores';
import { ErrorAlert, FailurePanel, RunPanel } from '../migration/run-panel';
import { ScreenFrame } from '../screen-frame';
import { canConfirmRollback, ROLLBACK_STEPS } from './rollback-store';
import { DatabaseName } from '../../components/database-name/database-name';

const LABELS = {
  pick: 'Pick a batch',
  preview: 'Preview',
  confirm: 'Confirm',
  execute: 'Roll back',
  done: 'Done',
} as const;

/** Step 1: the applied batches that can be rolled back, newest first. */
function PickStep({ connectionId }: { readonly connectionId: string }): ReactElement {
  const batches = useHistory((s) => s.batches);
  const loading = useHistory((s) => s.loading);
  const historyError = useHistory((s) => s.error);
  const busy = useRollback((s) => s.busy);
  useEffect(() => {
    void historyStore.getState().load(connectionId);
  }, [connectionId]);
  const candidates = rollbackCandidates(batches);
  return (
    <Stack gap="sm" data-testid="rollback-pick">
      <ProblemAlert
        error={historyError}
        testId="rollback-history-error"
        onRetry={() => void historyStore.getState().load(connectionId)}
        retryLabel="Read the ledger again"
      />
      {candidates.length === 0 && !historyError && (
        <Text c="dimmed">{loading ? 'Loading the ledger…' : 'No applied batch to roll back.'}</Text>
      )}
      {candidates.map((batch) => (
        <Group
          key={batch.batchId}
          justify="space-between"
          p="xs"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}
        >
          <div>
            <Text fw={600}>
              Batch {batch.batchId} · <DatabaseName name={batch.targetDatabase} className="lupo-mono" />
            </Text>
            <Text size="xs" c="dimmed">
              {formatLedgerTime(batch.startedYmdhis)} by {batch.runner.user} · {batch.filesCompleted}/{batch.filesTotal}{' '}
              file(s)
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            loading={busy}
            onClick={() => void rollbackStore.getState().pick(connectionId, batch.batchId)}
            data-testid={`rollback-batch-${batch.batchId}`}
          >
            Preview rollback
          </Button>
        </Group>
      ))}
    </Stack>
  );
}

/** Step 2: the inverse statements, the data that would be lost, the backup location. */
function PreviewStep(): ReactElement | null {
  const preview = useRollback((s) => s.preview);
  if (!preview) return null;
  return (
    <Stack gap="md" data-testid="rollback-preview">
      <Text>
        Batch {preview.batchId} on{' '}
        <b>
          <DatabaseName name={preview.targetDatabase} className="lupo-mono" />
        </b>{' '}
        ·{' '}
        <Badge variant="light">
          {preview.classification === 'authored' ? 'authored down-file' : 'generated inverses'}
        </Badge>
      </Text>
      {preview.warnings.map((w) => (
        <Alert key={w} color="yellow" variant="light">
          {w}
        </Alert>
      ))}
      {preview.dataLoss.length > 0 ? (
        <Alert color="red" variant="light" title="Data that would be lost" data-testid="rollback-data-loss">
          <Table>
            <Table.Tbody>
              {preview.dataLoss.map((d) => (
                <Table.Tr key={`${d.table}.${d.column ?? ''}`}>
                  <Table.Td className="lupo-mono">{d.column ? `${d.table}.${d.column}` : d.table}</Table.Td>
                  <Table.Td>{d.rows} row(s)</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      ) : (
        <Text size="sm" c="green" data-testid="rollback-no-data-loss">
          Nothing it drops holds rows.
        </Text>
      )}
      <Text size="sm" data-testid="rollback-backup-dir">
        Backups of tables that hold rows are written to <span className="lupo-mono">{preview.backupDir}</span> before
        anything is dropped.
      </Text>
      <SqlViewer
        sql={preview.statements.map((s) => `${s.sql};`).join('\n')}
        height={260}
        testId="rollback-statements"
      />
      <Group>
        <Button variant="default" onClick={() => rollbackStore.getState().reset()}>
          Back
        </Button>
        <Button
          onClick={() => rollbackStore.getState().goTo('confirm')}
          disabled={preview.statements.length === 0}
          data-testid="rollback-to-confirm"
        >
          Continue to confirmation
        </Button>
      </Group>
    </Stack>
  );
}

/** Step 3: type the database name; confirm the data loss when there is any. */
function ConfirmStep(): ReactElement | null {
  const preview = useRollback((s) => s.preview);
  const confirmText = useRollback((s) => s.confirmText);
  const allowDataLoss = useRollback((s) => s.allowDataLoss);
  const reason = useRollback((s) => s.reason);
  const ready = useRollback(canConfirmRollback);
  const busy = useRollback((s) => s.busy);
  if (!preview) return null;
  const store = rollbackStore.getState();
  return (
    <Stack gap="md" maw={560} data-testid="rollback-confirm">
      <TextInput
        label="Reason (recorded in the ledger)"
        value={reason}
        onChange={(e) => store.setReason(e.currentTarget.value)}
        data-testid="rollback-reason"
      />
      <TypedDatabaseInput
        database={preview.targetDatabase}
        value={confirmText}
        onChange={store.setConfirmText}
        testId="rollback-confirm-input"
      />
      {preview.dataLoss.length > 0 && (
        <RiskConsent
          checked={allowDataLoss}
          onChange={store.setAllowDataLoss}
          label="I accept that the rows listed will be dropped (a backup is written first)"
          testId="rollback-allow-data-loss"
        />
      )}
      <Group>
        <Button variant="default" onClick={() => store.goTo('preview')}>
          Back
        </Button>
        <Button
          color="red"
          disabled={!ready}
          loading={busy}
          onClick={() => void store.rollback()}
          data-testid="rollback-run-button"
        >
          Roll back batch {preview.batchId}
        </Button>
      </Group>
    </Stack>
  );
}

/** The rollback wizard: pick a batch → preview → confirm → progress → result. */
export function RollbackScreen(): ReactElement {
  const connectionId = useConnection((s) => s.info?.connectionId);
  const step = useRollback((s) => s.step);
  const error = useRollback((s) => s.error);
  const run = useRollback((s) => s.run);
  return (
    <ScreenFrame
      title="Rollback"
      subtitle="Guarded rollback: preview, backup, confirm, journaled inverse statements"
      testId="screen-rollback"
    >
      {!connectionId ? (
        <Text c="dimmed">Connect to a server first.</Text>
      ) : (
        <Stack gap="lg">
          <Stepper active={step === 'done' ? ROLLBACK_STEPS.length : ROLLBACK_STEPS.indexOf(step)} size="sm">
            {ROLLBACK_STEPS.map((s) => (
              <Stepper.Step key={s} label={LABELS[s]} />
            ))}
          </Stepper>
          <ErrorAlert error={error} testId="rollback-error" />
          {step === 'pick' && <PickStep connectionId={connectionId} />}
          {step === 'preview' && <PreviewStep />}
          {step === 'confirm' && <ConfirmStep />}
          {(step === 'execute' || step === 'done') && run && (
            <Stack gap="md">
              <RunPanel
                title="Rolling back"
                run={run}
                onCancel={() => void rollbackStore.getState().cancel()}
                testId="rollback-progress"
              />
              <FailurePanel run={run}>
                <Button size="xs" variant="default" onClick={() => navigationStore.getState().go('history')}>
                  Open the history
                </Button>
              </FailurePanel>
              {run.status === 'succeeded' && run.result && (
                <Alert color="green" variant="light" title="Rolled back and verified" data-testid="rollback-done">
                  <Text size="sm">
                    Batch {run.result.rolledBackBatchId} rolled back by batch {run.result.rollbackBatchId ?? '—'}:{' '}
                    {run.result.executed} statement(s) in {formatDuration(run.result.elapsedMs)}.
                  </Text>
                  <Text size="sm">
                    {run.result.backupPath
                      ? `Backup: ${run.result.backupPath}`
                      : 'No backup was needed (nothing dropped held rows).'}
                  </Text>
                  <Group gap="xs" mt="xs">
                    <ShowInHistoryButton testId="rollback-done-history" />
                    <Button size="xs" variant="default" onClick={() => rollbackStore.getState().reset()}>
                      Roll back another batch
                    </Button>
                  </Group>
                </Alert>
              )}
            </Stack>
          )}
        </Stack>
      )}
    </ScreenFrame>
  );
}

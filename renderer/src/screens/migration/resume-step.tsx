import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { ReactElement } from 'react';
import { Icon } from '../../app/icons';
import { canResume } from '../../stores/migration-store';
import { formatLedgerTime } from '../history/history-store';
import { migrationStore, openRollback, useMigration } from './migration-stores';

const EFFECT_TEXT = {
  present: 'its effect is present: it took effect before the stop',
  absent: 'its effect is absent: it did not take effect',
  partial: 'its effect is partly present',
  unknown: 'whether it took effect cannot be detected',
} as const;

/**
 * The resume step of an unfinished batch (DESIGN §4 step 7): what took effect, the
 * statement that was running or failed, the choice for the in-flight statement, and the
 * typed confirmation. Rolling back instead leads into the rollback wizard.
 */
export function ResumeStep({ connectionId }: { readonly connectionId: string }): ReactElement | null {
  const run = useMigration((s) => s.resumeCandidate);
  const confirmText = useMigration((s) => s.confirmText);
  const inFlightChoice = useMigration((s) => s.resumeInFlight);
  const allowDataLoss = useMigration((s) => s.allowDestructive);
  const ready = useMigration(canResume);
  const busy = useMigration((s) => s.busy);
  if (!run) return null;
  const store = migrationStore.getState();
  const { batch, counts } = run;
  return (
    <Stack gap="md" maw={760} data-testid="migration-resume">
      <Alert
        color="orange"
        variant="light"
        icon={<Icon name="alert" />}
        title={`Batch ${batch.batchId} did not finish`}
      >
        Started {formatLedgerTime(batch.startedYmdhis)} by {batch.runner.user} on{' '}
        <span className="lupo-mono">{batch.targetDatabase}</span> ({batch.status}). Resuming never re-runs a statement
        whose effect is present.
      </Alert>
      <SimpleGrid cols={4}>
        <Figure label="Statements done" value={`${counts.done} of ${counts.total}`} />
        <Figure label="Pending" value={String(counts.pending)} />
        <Figure label="Failed" value={String(counts.failed)} />
        <Figure label="Files" value={run.files.map((f) => f.name).join(', ') || '—'} />
      </SimpleGrid>
      {run.lockHeld && (
        <Alert color="red" variant="light" title="A runner holds this database’s lock" data-testid="resume-lock-held">
          Another Lupo run is working on {batch.targetDatabase} right now. Wait for it to finish, then reload the
          overview.
        </Alert>
      )}
      {run.failed && (
        <Paper withBorder p="sm">
          <Text size="sm" fw={600}>
            Failed at statement {run.failed.index + 1} (line {run.failed.line}) · server {run.failed.errorCode}
          </Text>
          <Text size="sm" c="dimmed">
            {run.failed.errorMessage}
          </Text>
          <Code block mt="xs">
            {run.failed.summary}
          </Code>
        </Paper>
      )}
      {run.inFlight && (
        <Paper withBorder p="sm" data-testid="resume-in-flight">
          <Text size="sm" fw={600}>
            Running when it stopped: statement {run.inFlight.index + 1} (line {run.inFlight.line}) —{' '}
            {EFFECT_TEXT[run.inFlight.effect]}
          </Text>
          <Code block my="xs">
            {run.inFlight.summary}
          </Code>
          <SegmentedControl
            size="xs"
            value={inFlightChoice}
            onChange={(value) => store.setResumeInFlight(value as 'refuse' | 'rerun' | 'done')}
            data={[
              { value: 'refuse', label: 'Decide from the live schema' },
              { value: 'rerun', label: 'Run it again' },
              { value: 'done', label: 'Treat it as done' },
            ]}
          />
        </Paper>
      )}
      {batch.kind === 'rollback' && (
        // The engine probes the tables still to drop again and refuses if rows arrived, unless allowed.
        <Checkbox
          label="Drop them even if rows arrived in the tables still to drop (a backup of those rows is written first)"
          checked={allowDataLoss}
          onChange={(e) => store.setAllowDestructive(e.currentTarget.checked)}
          data-testid="resume-allow-data-loss"
        />
      )}
      <TextInput
        label={`Type ${batch.targetDatabase} to confirm`}
        value={confirmText}
        onChange={(e) => store.setConfirmText(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
        maw={420}
        data-testid="resume-confirm-input"
      />
      <Group>
        <Button variant="default" onClick={() => store.reset()}>
          Not now
        </Button>
        <Button
          color="red"
          variant="light"
          onClick={() => openRollback(connectionId, batch.batchId)}
          data-testid="resume-rollback-instead"
        >
          Roll back instead…
        </Button>
        <Button
          disabled={!ready}
          loading={busy}
          onClick={() =>
            void store.resume(
              connectionId,
              batch.batchId,
              confirmText,
              inFlightChoice,
              batch.kind === 'rollback' && allowDataLoss,
            )
          }
          data-testid="resume-run-button"
        >
          Resume batch {batch.batchId}
        </Button>
        {counts.total > 0 && (
          <Badge variant="light" color="gray">
            {counts.pending + counts.failed + counts.running} statement(s) left
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

function Figure({ label, value }: { readonly label: string; readonly value: string }): ReactElement {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} className="lupo-mono" truncate>
        {value}
      </Text>
    </div>
  );
}

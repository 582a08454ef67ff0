import { Alert, Button, Code, Group, Loader, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Icon } from '../../app/icons';
import type { UiError } from '../../lib/ui-error';
import { formatDuration, runTiming, type RunState } from '../../stores/migration-store';
import { navigationStore } from '../../stores/app-stores';

/** Re-renders every second while `active` (for elapsed time and ETA). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Props of the progress panel. */
export interface RunPanelProps {
  readonly title: string;
  readonly run: RunState<unknown>;
  readonly onCancel: () => void;
  readonly testId?: string;
}

/** A job's progress: bar, current statement, elapsed time, ETA and Cancel (stops between statements). */
export function RunPanel({ title, run, onCancel, testId = 'run-progress' }: RunPanelProps): ReactElement {
  const now = useNow(run.status === 'running');
  const timing = runTiming(run, now);
  const percent = Math.round(run.value * 100);
  return (
    <Paper withBorder p="md" data-testid={testId} data-status={run.status}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap={8} wrap="nowrap">
            {/* A spinner turns on the compositor; striped bars repaint on the main thread every frame. */}
            {run.status === 'running' && <Loader size={14} />}
            <Text fw={600}>{title}</Text>
          </Group>
          <Text size="sm" c="dimmed" data-testid="run-percent">
            {percent}%
          </Text>
        </Group>
        <Progress
          value={percent}
          color={run.status === 'failed' ? 'red' : run.status === 'cancelled' ? 'orange' : undefined}
        />
        <Text size="sm" className="lupo-mono" lineClamp={3} data-testid="run-current-statement">
          {run.detail ?? 'Starting…'}
        </Text>
        <Group justify="space-between">
          <Group gap="lg">
            <Text size="sm" data-testid="run-elapsed">
              Elapsed {formatDuration(timing.elapsedMs)}
            </Text>
            <Text size="sm" c="dimmed" data-testid="run-eta">
              {timing.etaMs === undefined ? 'ETA —' : `ETA ${formatDuration(timing.etaMs)}`}
            </Text>
          </Group>
          {run.status === 'running' && (
            <Button size="xs" variant="default" color="red" onClick={onCancel} data-testid="run-cancel">
              Cancel after the current statement
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** An error from a call (not a job) as an alert. */
export function ErrorAlert({
  error,
  testId,
}: {
  readonly error: UiError | undefined;
  readonly testId: string;
}): ReactElement | null {
  const ref = useRef<HTMLDivElement>(null);
  // A new error (e.g. Validate's, shown above the step) is scrolled into view: never off-screen.
  useEffect(() => {
    if (error) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [error]);
  if (!error) return null;
  return (
    <Alert
      ref={ref}
      color="red"
      variant="light"
      title={error.message}
      icon={<Icon name="alert" />}
      data-testid={testId}
      mb="md"
    >
      {error.hint}
      {error.code === 'planner/doctrine-violation' && (
        <div>
          <Button
            size="compact-xs"
            variant="light"
            mt={6}
            onClick={() => navigationStore.getState().goDoctrine({ source: 'definitions' })}
            data-testid="error-open-doctrine"
          >
            See the findings in the Doctrine screen
          </Button>
        </div>
      )}
      <Text size="xs" c="dimmed" mt={4}>
        {error.code}
      </Text>
    </Alert>
  );
}

/** Props of the failure panel. */
export interface FailurePanelProps {
  readonly run: RunState<unknown>;
  /** The operator's choices (resume / roll back / leave for later). */
  readonly children?: ReactNode;
}

/** A failed or cancelled job: the statement, the server's error, and what the operator can do. */
export function FailurePanel({ run, children }: FailurePanelProps): ReactElement | null {
  if (run.status !== 'failed' && run.status !== 'cancelled') return null;
  const details = run.error?.details ?? {};
  const statement = typeof details.statement === 'string' ? details.statement : undefined;
  const where =
    details.file !== undefined ? `${String(details.file)}${details.line ? `:${String(details.line)}` : ''}` : undefined;
  return (
    <Alert
      color={run.status === 'cancelled' ? 'orange' : 'red'}
      variant="light"
      title={run.status === 'cancelled' ? 'Stopped by the operator' : 'The run stopped at an error'}
      icon={<Icon name="alert" />}
      data-testid="run-failure"
      mt="md"
    >
      <Stack gap="xs">
        <Text size="sm" data-testid="run-failure-message">
          {run.error?.message ?? 'No error message.'}
        </Text>
        {(where || details.serverCode !== undefined) && (
          <Text size="xs" c="dimmed">
            {where}
            {details.serverCode !== undefined
              ? ` · server ${String(details.serverCode)}${details.errno ? ` (${String(details.errno)})` : ''}`
              : ''}
          </Text>
        )}
        {statement && (
          <Code block data-testid="run-failure-statement">
            {statement}
          </Code>
        )}
        {run.error?.hint && <Text size="sm">{run.error.hint}</Text>}
        {children && <Group gap="xs">{children}</Group>}
      </Stack>
    </Alert>
  );
}

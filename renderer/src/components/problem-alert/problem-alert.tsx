import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { Icon } from '../../app/icons';
import type { UiError } from '../../lib/ui-error';
import { useVisibleProblem } from './use-visible-problem';

/** Props of a problem alert. */
export interface ProblemAlertProps {
  readonly error: UiError | undefined;
  readonly testId: string;
  /** A retry for the operation that failed (shown as a button). */
  readonly onRetry?: () => void;
  readonly retryLabel?: string;
  /** What to do when the error carries no hint of its own. */
  readonly fallbackHint?: string;
}

/**
 * A failed load as a screen shows it: what went wrong, what to do next (the error's hint,
 * else the screen's own advice) and, when the operation can simply be run again, a retry.
 * Never a stack trace.
 */
export function ProblemAlert({
  error: reported,
  testId,
  onRetry,
  retryLabel = 'Try again',
  fallbackHint,
}: ProblemAlertProps): ReactElement | null {
  const error = useVisibleProblem(reported);
  if (!error) return null;
  return (
    <Alert
      color="red"
      variant="light"
      radius={0}
      title={error.message}
      icon={<Icon name="alert" />}
      data-testid={testId}
      data-error-code={error.code}
      style={{ flex: 'none' }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-end">
        <div>
          {(error.hint ?? fallbackHint) && <Text size="sm">{error.hint ?? fallbackHint}</Text>}
          <Text size="xs" c="dimmed" mt={2}>
            {error.code}
          </Text>
        </div>
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry}>
            {retryLabel}
          </Button>
        )}
      </Group>
    </Alert>
  );
}

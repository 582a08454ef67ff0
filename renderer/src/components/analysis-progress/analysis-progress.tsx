import { Alert, Button, Group, Loader, Paper, Progress, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { useWorkspace } from '../../stores/app-stores';

/** Props of the analysis progress strip. */
export interface AnalysisProgressProps {
  /** Edge-to-edge (no radius, a bottom border) for screens whose body fills the window. */
  readonly flush?: boolean;
}

/**
 * The running analysis job as every screen that shows its figures sees it: title, a
 * progress bar, the current phase (role database being read, diffing, doctrine) and
 * Cancel. The previous analysis stays on screen meanwhile; after a cancel, a note says
 * the figures are still the previous ones.
 */
export function AnalysisProgress({ flush = false }: AnalysisProgressProps): ReactElement | null {
  const analyzing = useWorkspace((s) => s.analyzing);
  const run = useWorkspace((s) => s.analysisRun);
  const title = useWorkspace((s) => s.analysisTitle);
  const hasPrevious = useWorkspace((s) => s.analysis !== undefined);
  const cancel = useWorkspace((s) => s.cancelAnalysis);
  const frame = flush
    ? { radius: 0, style: { flex: 'none', borderWidth: '0 0 1px 0' } as const }
    : { mb: 'md' as const };

  if (analyzing) {
    const percent = Math.round((run?.value ?? 0) * 100);
    return (
      <Paper withBorder p="sm" {...frame} data-testid="analysis-progress" data-value={percent}>
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap">
            <Group gap={8} wrap="nowrap">
              {/* A spinner turns on the compositor; striped bars repaint on the main thread every frame. */}
              <Loader size={14} />
              <Text size="sm" fw={600}>
                {title ?? 'Analyzing the workspace'}
              </Text>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="xs" c="dimmed">
                {percent}%
              </Text>
              <Button
                size="compact-xs"
                variant="default"
                onClick={() => void cancel()}
                disabled={run?.status !== 'running'}
                data-testid="analysis-cancel"
              >
                Cancel
              </Button>
            </Group>
          </Group>
          <Progress value={percent} size="sm" />
          <Text size="xs" c="dimmed" truncate data-testid="analysis-detail">
            {run?.detail ?? 'Starting…'}
            {hasPrevious ? ' · the previous analysis stays on screen until this one finishes' : ''}
          </Text>
        </Stack>
      </Paper>
    );
  }
  if (run?.status === 'cancelled') {
    return (
      <Alert color="orange" variant="light" {...frame} title="Analysis cancelled" data-testid="analysis-cancelled">
        {hasPrevious
          ? 'The figures shown are from the previous analysis. Choose Analyze to run it again.'
          : 'No analysis has finished yet. Choose Analyze to run it again.'}
      </Alert>
    );
  }
  return null;
}

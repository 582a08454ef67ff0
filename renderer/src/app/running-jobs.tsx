import { Group, Progress, Text, Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import { useJobs } from '../stores/app-stores';

/**
 * The header's running jobs, each with its progress. Its own component, so a job's progress
 * event re-renders only this, not the whole frame and the screen in it (at 10,000 tables
 * an analysis sends dozens, and a screen's render can take tens of ms).
 */
export function RunningJobs(): ReactElement {
  const jobs = useJobs((s) => s.jobs);
  const running = Object.values(jobs).filter((job) => job.status === 'running');
  return (
    <>
      {running.map((job) => (
        <Tooltip key={job.jobId} label={job.detail ?? job.title}>
          <Group gap={6} wrap="nowrap" data-testid={`job-${job.jobId}`}>
            <Text size="xs">{job.title}</Text>
            <Progress value={(job.value ?? 0) * 100} w={80} size="sm" animated={job.value === undefined} />
          </Group>
        </Tooltip>
      ))}
    </>
  );
}

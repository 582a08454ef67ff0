import type { HandlersFor } from '../../../shared/contract/server';
import type { JobRunner } from '../jobs/job-runner';

/** Handlers of the `job/*` calls. */
export function createJobHandlers(jobs: JobRunner): HandlersFor<'job/cancel'> {
  return {
    'job/cancel': async ({ jobId }) => ({ accepted: jobs.cancel(jobId) }),
  };
}

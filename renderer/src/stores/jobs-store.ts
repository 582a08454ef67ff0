import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { EventPayload } from '../../../shared/contract/index';
import { listenToJobs } from './job-events';

/** One job as the status bar shows it. */
export interface JobView {
  readonly jobId: string;
  readonly kind: string;
  readonly title: string;
  readonly value?: number;
  readonly detail?: string;
  readonly status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly error?: string;
}

/** State of the jobs domain: running and recently finished jobs, keyed by id. */
export interface JobsState {
  readonly jobs: Readonly<Record<string, JobView>>;
  /** Starts listening to job events; returns the unsubscribe. Call once at app start. */
  listen(): () => void;
  /** Asks a job to stop at its next safe point. */
  cancel(jobId: string): Promise<void>;
  /** Forgets finished jobs. */
  clearFinished(): void;
  /** Folds one progress event into the state (used by `listen`, public for tests). */
  applyProgress(event: EventPayload<'job/progress'>): void;
  /** Folds one finished event into the state. */
  applyFinished(event: EventPayload<'job/finished'>): void;
}

/** A jobs store. */
export type JobsStore = StoreApi<JobsState>;

/** Creates the jobs store: progress arrives by event, keyed by job id (§8.3). */
export function createJobsStore(client: LupoClient): JobsStore {
  return createStore<JobsState>()((set, get) => ({
    jobs: {},
    listen: () =>
      listenToJobs(
        client,
        (event) => get().applyProgress(event),
        (event) => get().applyFinished(event),
      ),
    async cancel(jobId) {
      await client.call('job/cancel', { jobId });
    },
    clearFinished() {
      set({ jobs: Object.fromEntries(Object.entries(get().jobs).filter(([, job]) => job.status === 'running')) });
    },
    applyProgress(event) {
      const previous = get().jobs[event.jobId];
      if (previous && previous.status !== 'running') return;
      const job: JobView = {
        jobId: event.jobId,
        kind: event.kind,
        title: event.title,
        status: 'running',
        ...(event.value === undefined ? {} : { value: event.value }),
        ...(event.detail === undefined ? {} : { detail: event.detail }),
      };
      set({ jobs: { ...get().jobs, [event.jobId]: job } });
    },
    applyFinished(event) {
      const previous = get().jobs[event.jobId];
      const job: JobView = {
        jobId: event.jobId,
        kind: event.kind,
        title: previous?.title ?? event.kind,
        status: event.status,
        ...(event.status === 'succeeded'
          ? { value: 1 }
          : previous?.value === undefined
            ? {}
            : { value: previous.value }),
        ...(previous?.detail === undefined ? {} : { detail: previous.detail }),
        ...(event.error ? { error: event.error.message } : {}),
      };
      set({ jobs: { ...get().jobs, [event.jobId]: job } });
    },
  }));
}

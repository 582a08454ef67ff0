import { z } from 'zod';
import { defineCall, defineEvent } from './define';

/** Long work runs as a job: a call returns `{ jobId }`, progress arrives keyed by that id. */
export const jobProgress = z.object({
  jobId: z.string(),
  /** What the job is (`introspect`, `apply`, `rollback`, `report`…). */
  kind: z.string(),
  /** 0..1; absent while the total is unknown. */
  value: z.number().min(0).max(1).optional(),
  /** A stable title for the job. */
  title: z.string(),
  /** The latest step, e.g. the statement running. */
  detail: z.string().optional(),
});
/** One progress event. */
export type JobProgress = z.output<typeof jobProgress>;

/** The serialized error shape (see shared/errors.ts). */
export const serializedError = z.object({
  name: z.string(),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

/** Calls of the job domain. */
export const jobCalls = {
  'job/cancel': defineCall(
    'Ask a running job to stop at its next safe point (between statements).',
    z.object({ jobId: z.string() }).strict(),
    z.object({ accepted: z.boolean() }),
  ),
} as const;

/** Events of the job domain. */
export const jobEvents = {
  'job/progress': defineEvent('A job made progress.', jobProgress),
  'job/finished': defineEvent(
    'A job ended; `result` is the job kind’s own result shape, validated by its consumer.',
    z.object({
      jobId: z.string(),
      kind: z.string(),
      status: z.enum(['succeeded', 'failed', 'cancelled']),
      result: z.unknown().optional(),
      error: serializedError.optional(),
    }),
  ),
} as const;

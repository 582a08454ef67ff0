import { randomUUID } from 'node:crypto';
import { LupoError, serializeError } from '../../../shared/errors';
import type { EngineEvent, EngineSink } from '../../../shared/engine-events';
import type { EventName, EventPayload } from '../../../shared/contract/index';

/** What a job's body receives: a sink for its reports and a signal that asks it to stop. */
export interface JobContext {
  readonly sink: EngineSink;
  readonly signal: AbortSignal;
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Runs long work (introspection, apply, rollback, reports) as cancellable jobs: `start`
 * returns an id at once; progress and the final result arrive as `job/progress` and
 * `job/finished` events keyed by that id. Cancel is cooperative: bodies check the signal
 * between steps (between statements for apply/rollback).
 */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: Emit) {}

  /** Starts a job and returns its id; the body's result is sent in `job/finished`. */
  start(kind: string, title: string, body: (context: JobContext) => Promise<unknown>): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const sink: EngineSink = (event: EngineEvent) => {
      if (event.type === 'progress') {
        this.emit('job/progress', {
          jobId,
          kind,
          title,
          ...(event.value === undefined ? {} : { value: Math.min(1, Math.max(0, event.value)) }),
          ...(event.detail === undefined ? {} : { detail: event.detail }),
        });
      } else if (event.type === 'statement' && event.phase === 'start') {
        this.emit('job/progress', {
          jobId,
          kind,
          title,
          value: event.total ? event.index / event.total : 0,
          detail: `Statement ${event.index + 1}/${event.total}: ${event.sql.slice(0, 200)}`,
        });
      }
    };
    void (async () => {
      try {
        const result = await body({ sink, signal: controller.signal });
        this.emit('job/finished', { jobId, kind, status: 'succeeded', result });
      } catch (error) {
        const cancelled = controller.signal.aborted && isCancellation(error);
        this.emit('job/finished', {
          jobId,
          kind,
          status: cancelled ? 'cancelled' : 'failed',
          error: serializeError(error),
        });
      } finally {
        this.running.delete(jobId);
      }
    })();
    return jobId;
  }

  /** Asks a job to stop; false when no such job is running. */
  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Ids of running jobs. */
  runningJobIds(): string[] {
    return [...this.running.keys()];
  }
}

/** The error a job body throws when it notices its signal was aborted. */
export function cancelledError(): LupoError {
  return new LupoError('job/cancelled', 'Cancelled by the operator.', {
    hint: 'Nothing after the last completed step ran; you can start again when ready.',
  });
}

/** Throws `cancelledError()` when the signal is aborted (call between steps). */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw cancelledError();
}

function isCancellation(error: unknown): boolean {
  return error instanceof LupoError && error.code === 'job/cancelled';
}

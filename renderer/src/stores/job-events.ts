import type { LupoClient } from '../../../shared/contract/client';
import type { EventPayload } from '../../../shared/contract/index';

/** A job's finished event. */
type Finished = EventPayload<'job/finished'>;

/**
 * Subscribes a store to the engine's job events (progress and finished) for as long as it
 * wants them; returns the unsubscribe. One place, so every job-following store hears both.
 */
export function listenToJobs(
  client: LupoClient,
  onProgress: (event: EventPayload<'job/progress'>) => void,
  onFinished: (event: Finished) => void,
): () => void {
  const offProgress = client.on('job/progress', onProgress);
  const offFinished = client.on('job/finished', onFinished);
  return () => {
    offProgress();
    offFinished();
  };
}

/**
 * Finished events of jobs this store has not started following yet: a fast job can end
 * before the call that started it returns. Kept (the newest `max`) until `take`n, so no
 * outcome is lost.
 */
export class EarlyFinishes {
  private readonly events = new Map<string, Finished>();
  constructor(private readonly max = 20) {}

  /** Keeps the event until the store follows its job; the oldest go first beyond `max`. */
  remember(event: Finished): void {
    this.events.set(event.jobId, event);
    if (this.events.size > this.max) this.events.delete(this.events.keys().next().value as string);
  }

  /** The job's finished event if it already arrived (and forgets it). */
  take(jobId: string): Finished | undefined {
    const event = this.events.get(jobId);
    this.events.delete(jobId);
    return event;
  }
}

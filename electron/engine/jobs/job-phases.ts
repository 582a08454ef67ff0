import type { EngineSink } from '../../../shared/engine-events';
import { cancelledError } from './job-runner';

/**
 * A sink for one phase of a job that spans `from..to` of the job's 0..1: the phase reports
 * its own 0..1 and the job's progress bar moves steadily across phases. Other events pass.
 */
export function phaseSink(sink: EngineSink, from: number, to: number): EngineSink {
  return (event) => {
    if (event.type !== 'progress' || event.value === undefined) {
      sink(event);
      return;
    }
    sink({ ...event, value: from + (to - from) * Math.min(1, Math.max(0, event.value)) });
  };
}

/**
 * Waits for `work` unless the signal aborts first, then rejects at once with
 * `cancelledError()`. For read-only steps that cannot stop midway (a bulk
 * information_schema read): the operator gets control back immediately and the step's
 * late result is dropped. Never use it for steps that write.
 */
export function untilCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => {});
      reject(cancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

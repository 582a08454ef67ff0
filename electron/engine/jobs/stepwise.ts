import { throwIfCancelled } from './job-runner';

/**
 * A computation written as a generator that `yield`s between slices of its work (nothing
 * is yielded as a value) and returns its result. One implementation, two drivers: the CLI
 * runs it straight through; the app's engine gives its event loop a turn at every yield, so
 * a 10,000-table analysis (seconds of CPU) never stops it answering other requests.
 */
export type Stepwise<T> = Generator<void, T, void>;

/** Runs a stepwise computation to the end, synchronously. */
export function runToEnd<T>(steps: Stepwise<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs a stepwise computation, yielding the event loop (setImmediate) at each step; checks `signal` there. */
export async function runYielding<T>(steps: Stepwise<T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise((resolve) => setImmediate(resolve));
    if (signal) throwIfCancelled(signal);
  }
}

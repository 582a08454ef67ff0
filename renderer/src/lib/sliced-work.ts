/**
 * Long work in slices: a generator does the work and `yield`s at points where it may pause;
 * `runSliced` runs it for about SLICE_MS at a time and gives the main thread back between
 * slices, so input, paint and IPC messages are handled meanwhile (issue 16: no main-thread
 * task over 100 ms). The same generator runs to the end at once with `runAll` (tests, small inputs).
 */

/** How long one slice may run before it yields: half a frame, so a frame still fits around it. */
export const SLICE_MS = 8;

/** Work that pauses at each `yield` and returns its result at the end. */
export type SlicedWork<T> = Generator<unknown, T, undefined>;

/** Thrown (as the promise's rejection) when the signal aborts the work between slices. */
export class WorkAborted extends Error {
  constructor() {
    super('Sliced work aborted');
    this.name = 'WorkAborted';
  }
}

/** Lets the event loop run other tasks: `scheduler.yield` where the browser has it, else a macrotask. */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `work` to its end in one go. */
export function runAll<T>(work: SlicedWork<T>): T {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
  }
}

/** Options of `runSliced`. */
export interface SliceOptions {
  readonly signal?: AbortSignal;
  readonly sliceMs?: number;
  /** The clock (ms); tests give their own. */
  readonly now?: () => number;
}

/**
 * Runs `work` in slices of about `sliceMs`, yielding to the event loop before each;
 * rejects with WorkAborted when `signal` aborts before the work ends.
 */
export async function runSliced<T>(
  work: SlicedWork<T>,
  { signal, sliceMs = SLICE_MS, now = () => performance.now() }: SliceOptions = {},
): Promise<T> {
  for (;;) {
    // Yield first too: the caller is often a React effect or an event handler, whose own task
    // should not grow by a slice.
    await yieldToEventLoop();
    if (signal?.aborted) {
      work.return(undefined as T);
      throw new WorkAborted();
    }
    const sliceEnd = now() + sliceMs;
    for (;;) {
      const next = work.next();
      if (next.done) return next.value;
      if (now() >= sliceEnd) break;
    }
  }
}

import { describe, expect, it } from 'vitest';
import { runAll, runSliced, WorkAborted, type SlicedWork } from '../../../renderer/src/lib/sliced-work';

/** Sums 1..n, pausing after each addition; `log` records each step and whether the work was closed. */
function* sumTo(n: number, log: string[] = []): SlicedWork<number> {
  let sum = 0;
  try {
    for (let i = 1; i <= n; i++) {
      sum += i;
      log.push(`step ${i}`);
      yield;
    }
  } finally {
    log.push('closed');
  }
  return sum;
}

/** A clock that advances `stepMs` each time it is read. */
function tickingClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

describe('runAll', () => {
  it('runs the work to its end at once', () => {
    expect(runAll(sumTo(100))).toBe(5050);
  });
});

describe('runSliced', () => {
  it('returns what running it all at once returns', async () => {
    await expect(runSliced(sumTo(100), { now: tickingClock(1) })).resolves.toBe(runAll(sumTo(100)));
  });

  it('starts in a task of its own, not in its caller’s', async () => {
    const log: string[] = [];
    const done = runSliced(sumTo(3, log), { now: tickingClock(1) });
    expect(log).toEqual([]);
    await done;
    expect(log).toEqual(['step 1', 'step 2', 'step 3', 'closed']);
  });

  it('gives the event loop back between slices', async () => {
    const log: string[] = [];
    // Each step reads the clock once and costs 1 ms: a 3 ms slice holds 3 steps.
    const done = runSliced(sumTo(7, log), { sliceMs: 3, now: tickingClock(1) });
    setTimeout(() => log.push('other task'), 0);
    await done;
    const firstOther = log.indexOf('other task');
    expect(firstOther).toBeGreaterThan(0);
    expect(firstOther).toBeLessThan(log.indexOf('step 7'));
    expect(log.slice(0, firstOther).every((entry) => entry.startsWith('step'))).toBe(true);
  });

  it('stops between slices when aborted, closing the work', async () => {
    const log: string[] = [];
    const abort = new AbortController();
    const done = runSliced(sumTo(1000, log), { sliceMs: 2, now: tickingClock(1), signal: abort.signal });
    // Aborted after the first slice (the work yields before each slice, timers run in order).
    setTimeout(() => abort.abort(), 0);
    await expect(done).rejects.toBeInstanceOf(WorkAborted);
    expect(log).toEqual(['step 1', 'step 2', 'closed']);
  });

  it('does not start work whose signal is already aborted', async () => {
    const log: string[] = [];
    const abort = new AbortController();
    abort.abort();
    await expect(runSliced(sumTo(5, log), { signal: abort.signal })).rejects.toBeInstanceOf(WorkAborted);
    expect(log.filter((entry) => entry.startsWith('step'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../../shared/errors';
import { createRunsStore } from '../../../../renderer/src/stores/runs-store';
import { eventsClient } from './events-client';

const batch = {
  batchId: 7,
  batchKey: 'k7',
  status: 'failed' as const,
  kind: 'apply' as const,
  targetDatabase: 'demo_core',
  startedYmdhis: 20250101120000,
  endedYmdhis: 0,
  runner: { user: 'root', host: 'localhost' },
};

describe('runs store (overview ledger glance)', () => {
  it('reads the last batch and the unfinished runs; skips the unfinished call without a ledger', async () => {
    let present = true;
    let format: string | undefined = undefined;
    const calls: string[] = [];
    const { client } = eventsClient({
      'history/batches': async ({ limit }) => {
        calls.push(`batches:${limit}`);
        return {
          ledgerDatabase: 'demo_orch',
          ledgerPresent: present,
          ...(format ? { ledgerFormat: format } : {}),
          batches: present ? [{ ...batch, filesTotal: 1, filesCompleted: 0, filesFailed: 1, openAlerts: 1 }] : [],
        };
      },
      'migration/unfinished': async () => {
        calls.push('unfinished');
        return {
          ledgerDatabase: 'demo_orch',
          runs: [
            {
              batch,
              files: [],
              lockHeld: false,
              counts: { total: 2, done: 1, pending: 0, running: 0, failed: 1, skipped: 0 },
            },
          ],
        };
      },
    });
    const store = createRunsStore(client);
    await store.getState().load('c1');
    expect(store.getState()).toMatchObject({ connectionId: 'c1', ledgerPresent: true, lastBatch: { batchId: 7 } });
    expect(store.getState().unfinished.map((r) => r.batch.batchId)).toEqual([7]);
    present = false;
    await store.getState().load('c1');
    expect(store.getState()).toMatchObject({ ledgerPresent: false, lastBatch: undefined, unfinished: [] });
    expect(calls).toEqual(['batches:1', 'unfinished', 'batches:1']);
    // A 0.1 ledger is listed read-only: its last batch shows, nothing is asked to resume.
    present = true;
    format = 'lupo-admin-0.1';
    await store.getState().load('c1');
    expect(store.getState()).toMatchObject({ ledgerPresent: true, lastBatch: { batchId: 7 }, unfinished: [] });
    expect(calls).toEqual(['batches:1', 'unfinished', 'batches:1', 'batches:1']);
    store.getState().clear();
    expect(store.getState().connectionId).toBeUndefined();
  });

  it('keeps the error with its hint', async () => {
    const { client } = eventsClient({
      'history/batches': async () => {
        throw new LupoError('connection/not-open', 'This connection is not open.', { hint: 'Connect again.' });
      },
    });
    const store = createRunsStore(client);
    await store.getState().load('c1');
    expect(store.getState().error).toEqual({
      code: 'connection/not-open',
      message: 'This connection is not open.',
      hint: 'Connect again.',
    });
  });
});

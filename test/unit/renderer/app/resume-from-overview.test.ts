import { describe, expect, it } from 'vitest';
import { canResume, createMigrationStore } from '../../../../renderer/src/stores/migration-store';
import { migrationTestClient } from '../migration/test-client';

const run = (lockHeld: boolean) => ({
  batch: {
    batchId: 4,
    batchKey: 'k4',
    status: 'running' as const,
    kind: 'apply' as const,
    targetDatabase: 'demo_core',
    startedYmdhis: 20250101120000,
    endedYmdhis: 0,
    runner: { user: 'root', host: 'localhost' },
  },
  files: [],
  lockHeld,
  counts: { total: 3, done: 1, pending: 1, running: 1, failed: 0, skipped: 0 },
  inFlight: { index: 1, line: 12, summary: 'create table `t`', effect: 'unknown' as const },
});

describe('migration store: resume chosen on the overview', () => {
  it('opens the resume step, needs the typed database name, and resumes with the in-flight choice', async () => {
    const { client, requests } = migrationTestClient({
      'migration/resume': async () => ({ jobId: 'job-r' }),
    });
    const store = createMigrationStore(client);
    store.getState().prepareResume('c1', run(false));
    expect(store.getState()).toMatchObject({
      step: 'source',
      connectionId: 'c1',
      resumeCandidate: { batch: { batchId: 4 } },
    });
    expect(canResume(store.getState())).toBe(false);
    store.getState().setConfirmText('demo_core');
    expect(canResume(store.getState())).toBe(true);
    store.getState().setResumeInFlight('done');
    await store.getState().resume('c1', 4, store.getState().confirmText, store.getState().resumeInFlight);
    expect(requests.at(-1)).toEqual({
      name: 'migration/resume',
      request: { connectionId: 'c1', batchId: 4, typedDatabase: 'demo_core', inFlight: 'done', allowDataLoss: false },
    });
    expect(store.getState()).toMatchObject({ step: 'execute', resumeCandidate: undefined, run: { jobId: 'job-r' } });
  });

  it('refuses while another runner holds the lock; reset leaves the resume step', () => {
    const store = createMigrationStore(migrationTestClient({}).client);
    store.getState().prepareResume('c1', run(true));
    store.getState().setConfirmText('demo_core');
    expect(canResume(store.getState())).toBe(false);
    store.getState().reset();
    expect(store.getState().resumeCandidate).toBeUndefined();
  });
});

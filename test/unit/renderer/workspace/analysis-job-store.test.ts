import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../../shared/contract/index';
import { analysisSummarySchema, type AnalysisSummary } from '../../../../shared/contract/workspace';
import { LupoError } from '../../../../shared/errors';
import { createJobHandlers } from '../../../../electron/engine/api/job-handlers';
import { createWorkspaceHandlers } from '../../../../electron/engine/api/workspace-handlers';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner';
import { createWorkspaceStore, type WorkspaceState } from '../../../../renderer/src/stores/workspace-store';
import { eventsClient } from '../app/events-client';

const demo = resolve(import.meta.dirname, '../../../../toon/demo');
const noSessions = {
  get(): never {
    throw new LupoError('connection/not-open', 'This connection is not open.');
  },
};

/** The real workspace and job handlers on the demo workspace, their job events delivered to the client. */
function engineClient() {
  let deliver: <E extends EventName>(event: E, payload: EventPayload<E>) => void = () => {};
  const jobs = new JobRunner((event, payload) => deliver(event, payload));
  const handlers = {
    ...createWorkspaceHandlers({ demoWorkspaceDir: demo, sessions: noSessions, jobs }),
    ...createJobHandlers(jobs),
  };
  const { client, emit } = eventsClient(handlers);
  deliver = emit;
  return { client, handlers };
}

/** A client whose analysis jobs the test drives by hand: ids j1, j2…, cancels recorded. */
function scriptedClient(options: { finishEarly?: EventPayload<'job/finished'>['status'] } = {}) {
  let next = 0;
  const cancelled: string[] = [];
  const { client, emit } = eventsClient({
    'workspace/analyze-start': async () => {
      const jobId = `j${++next}`;
      if (options.finishEarly) emit('job/finished', { jobId, kind: 'analyze', status: options.finishEarly });
      return { jobId };
    },
    'job/cancel': async ({ jobId }) => {
      cancelled.push(jobId);
      return { accepted: true };
    },
  });
  const progress = (jobId: string, value: number, detail: string): void =>
    emit('job/progress', { jobId, kind: 'analyze', title: 'Analyze the workspace', value, detail });
  const finish = (jobId: string, status: 'succeeded' | 'failed' | 'cancelled', result?: unknown): void =>
    emit('job/finished', {
      jobId,
      kind: 'analyze',
      status,
      ...(result === undefined ? {} : { result }),
      ...(status === 'cancelled'
        ? { error: { name: 'LupoError', code: 'job/cancelled', message: 'Cancelled by the operator.' } }
        : status === 'failed'
          ? { error: { name: 'LupoError', code: 'connection/lost', message: 'Lost.', hint: 'Reconnect.' } }
          : {}),
    });
  return { client, progress, finish, cancelled };
}

/** Waits until the store has followed a job (the start call has answered). */
async function followed(store: { getState(): WorkspaceState }): Promise<string> {
  for (let i = 0; i < 50 && !store.getState().analysisRun; i++) await new Promise((r) => setTimeout(r, 1));
  return store.getState().analysisRun!.jobId;
}

describe('workspace store: analysis as a job', () => {
  let summary: AnalysisSummary;
  beforeAll(async () => {
    const { handlers } = engineClient();
    await handlers['workspace/open']({}, { emit: () => {} });
    summary = analysisSummarySchema.parse(await handlers['workspace/analyze']({}, { emit: () => {} }));
  });

  it('runs the real engine job: progress while it runs, then the same summary as the direct analysis', async () => {
    const { client } = engineClient();
    const store = createWorkspaceStore(client);
    store.getState().listen();
    await store.getState().open();
    const seen: Array<WorkspaceState['analysisRun']> = [];
    store.subscribe((state) => seen.push(state.analysisRun));
    await store.getState().analyze();
    const state = store.getState();
    expect(state).toMatchObject({ analyzing: false, analysisRun: { status: 'succeeded', value: 1 } });
    expect(state.analysis).toEqual(summary);
    expect(state.analysisTitle).toBe('Analyze the workspace');
    const values = seen.flatMap((run) => (run?.status === 'running' ? [run.value] : []));
    expect(values.some((value) => value > 0 && value < 1)).toBe(true);
    expect(seen.some((run) => run?.detail === 'Checking the doctrine')).toBe(true);
  });

  it('keeps the previous analysis while a new one runs, and after it is cancelled', async () => {
    const { client, progress, finish, cancelled } = scriptedClient();
    const store = createWorkspaceStore(client);
    store.getState().listen();
    const first = store.getState().analyze();
    finish(await followed(store), 'succeeded', summary);
    await first;
    expect(store.getState().analysis).toEqual(summary);

    const second = store.getState().analyze('c1');
    const jobId = await followed(store);
    expect(jobId).toBe('j2');
    progress(jobId, 0.4, 'Reading information_schema of core database x');
    expect(store.getState()).toMatchObject({
      analyzing: true,
      analysis: summary,
      analysisTitle: 'Analyze the workspace',
      analysisRun: { status: 'running', value: 0.4, detail: 'Reading information_schema of core database x' },
    });
    await store.getState().cancelAnalysis();
    expect(cancelled).toEqual(['j2']);
    finish(jobId, 'cancelled');
    await second;
    expect(store.getState()).toMatchObject({
      analyzing: false,
      analysis: summary,
      analysisRun: { status: 'cancelled' },
    });
    expect(store.getState().analysisError).toBeUndefined();
  });

  it('reports a failed job and a result that does not match the contract, keeping the old figures', async () => {
    const { client, finish } = scriptedClient();
    const store = createWorkspaceStore(client);
    store.getState().listen();
    const first = store.getState().analyze();
    finish(await followed(store), 'succeeded', summary);
    await first;

    const failing = store.getState().analyze('c1');
    finish(await followed(store), 'failed');
    await failing;
    expect(store.getState().analysisError).toEqual({ code: 'connection/lost', message: 'Lost.', hint: 'Reconnect.' });
    expect(store.getState().analysis).toEqual(summary);

    const bogus = store.getState().analyze();
    finish(await followed(store), 'succeeded', { counts: 'nope' });
    await bogus;
    expect(store.getState().analysisError?.code).toBe('contract/invalid-result');
    expect(store.getState().analysis).toEqual(summary);
  });

  it('a newer analysis cancels the older one and ignores its late events', async () => {
    const { client, progress, finish, cancelled } = scriptedClient();
    const store = createWorkspaceStore(client);
    store.getState().listen();
    const older = store.getState().analyze();
    const olderId = await followed(store);
    const newer = store.getState().analyze('c1');
    await older; // superseded: settles at once
    expect(cancelled).toEqual([olderId]);
    const newerId = await followed(store);
    expect(newerId).not.toBe(olderId);
    progress(olderId, 0.9, 'late');
    finish(olderId, 'cancelled');
    expect(store.getState()).toMatchObject({ analyzing: true, analysisRun: { jobId: newerId, status: 'running' } });
    finish(newerId, 'succeeded', summary);
    await newer;
    expect(store.getState()).toMatchObject({ analyzing: false, analysis: summary });
  });

  it('shows a summary only once validated, and not when a newer analysis was asked for meanwhile', async () => {
    const { client, finish } = scriptedClient();
    const store = createWorkspaceStore(client);
    store.getState().listen();
    const older = store.getState().analyze();
    const olderId = await followed(store);
    // A summary is validated in slices: it is not in the store in the task its event arrived in.
    finish(olderId, 'succeeded', summary);
    expect(store.getState()).toMatchObject({ analyzing: true, analysisRun: { jobId: olderId, status: 'running' } });
    expect(store.getState().analysis).toBeUndefined();
    const newer = store.getState().analyze('c1');
    await older;
    const newerId = await followed(store);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState()).toMatchObject({ analyzing: true, analysisRun: { jobId: newerId, status: 'running' } });
    expect(store.getState().analysis).toBeUndefined();
    finish(newerId, 'succeeded', summary);
    await newer;
    expect(store.getState()).toMatchObject({
      analyzing: false,
      analysis: summary,
      analysisRun: { status: 'succeeded' },
    });
  });

  it('does not lose a job that finished before its start call answered', async () => {
    const { client } = scriptedClient({ finishEarly: 'cancelled' });
    const store = createWorkspaceStore(client);
    store.getState().listen();
    await store.getState().analyze();
    expect(store.getState()).toMatchObject({ analyzing: false, analysisRun: { jobId: 'j1', status: 'cancelled' } });
  });
});

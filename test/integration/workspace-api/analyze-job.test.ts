import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/contract/index';
import { analysisSummarySchema, workspaceCalls } from '../../../shared/contract/workspace';
import { LupoError } from '../../../shared/errors';
import { createWorkspaceHandlers } from '../../../electron/engine/api/workspace-handlers';
import type { OpenConnection } from '../../../electron/engine/connection/session-registry';
import { type Session } from '../../../electron/engine/connection/session';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { createScratchDatabases, sessionFor } from '../../support/databases';

type Finished = EventPayload<'job/finished'>;
type Progress = EventPayload<'job/progress'>;

const demo = resolve(import.meta.dirname, '../../../toon/demo');

/**
 * `workspace/analyze-start` against the real throwaway server: the demo workspace compared
 * with scratch role databases as a job — progress per phase, a result equal to the direct
 * `workspace/analyze`, and a cancel that ends the job as `cancelled`.
 */
describe('workspace/analyze-start (analysis as a job)', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let session: Session;
  let open: OpenConnection;
  const progress: Progress[] = [];
  const finished = new Map<string, Finished>();
  const waiters = new Map<string, (event: Finished) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (event === 'job/progress') progress.push(payload as Progress);
    if (event === 'job/finished') {
      const done = payload as Finished;
      finished.set(done.jobId, done);
      waiters.get(done.jobId)?.(done);
    }
  };
  const waitJob = (jobId: string): Promise<Finished> =>
    finished.has(jobId) ? Promise.resolve(finished.get(jobId)!) : new Promise((done) => waiters.set(jobId, done));
  const jobs = new JobRunner(emit);
  const context = { emit };
  let handlers: ReturnType<typeof createWorkspaceHandlers>;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['ajob_core', 'ajob_orch', 'ajob_eph']);
    session = await sessionFor(url.href);
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    // One defined table with a different shape and one table the definitions do not know.
    await session.pool.query(
      `CREATE TABLE \`${core}\`.lupo_actors (actor_id bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (actor_id))`,
    );
    await session.pool.query(`CREATE TABLE \`${core}\`.stray_table (id bigint NOT NULL, PRIMARY KEY (id))`);
    open = {
      session,
      readOnly: true,
      databases: { core, orchestration, ephemeral },
      databasesFrom: 'connection',
      state: 'connected',
    };
    handlers = createWorkspaceHandlers({
      demoWorkspaceDir: demo,
      sessions: {
        get: (id) => {
          if (id !== 'c1') throw new LupoError('connection/not-open', 'This connection is not open.');
          return open;
        },
      },
      jobs,
    });
    await handlers['workspace/open']({}, context);
  });

  afterAll(async () => {
    await session?.close();
    await scratch?.drop();
  });

  it('reports progress in 0..1 per phase and finishes with the direct analysis’s summary', async () => {
    const { jobId } = workspaceCalls['workspace/analyze-start'].response.parse(
      await handlers['workspace/analyze-start']({ connectionId: 'c1' }, context),
    );
    const done = await waitJob(jobId);
    expect(done).toMatchObject({ kind: 'analyze', status: 'succeeded' });
    const result = analysisSummarySchema.parse(done.result);

    const mine = progress.filter((event) => event.jobId === jobId);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    for (const event of mine) {
      expect(event.title).toBe('Analyze the workspace against the live databases');
      if (event.value !== undefined) {
        expect(event.value).toBeGreaterThanOrEqual(0);
        expect(event.value).toBeLessThanOrEqual(1);
      }
    }
    const values = mine.flatMap((event) => (event.value === undefined ? [] : [event.value]));
    expect(values).toEqual([...values].sort((a, b) => a - b)); // the bar never goes back
    const details = mine.map((event) => event.detail ?? '');
    for (const phase of [
      `Reading information_schema of core database ${open.databases.core}`,
      `Built the model of core database ${open.databases.core} (2 tables)`,
      'Comparing the sources (diffing)',
      'Checking the doctrine',
    ]) {
      expect(details).toContain(phase);
    }

    const direct = analysisSummarySchema.parse(await handlers['workspace/analyze']({ connectionId: 'c1' }, context));
    expect(result).toEqual(direct);
    expect(result.drift.comparedWith).toBe('live');
    expect(result.counts.live).toEqual({ core: 2, orchestration: 0, ephemeral: 0 });
    expect(result.drift.tables.find((t) => t.table === 'stray_table')?.status).toBe('extra');
    expect(result.drift.tables.find((t) => t.table === 'lupo_actors')?.status).toBe('different');
  });

  it('ends as cancelled when cancelled while the live databases are read', async () => {
    const { jobId } = await handlers['workspace/analyze-start']({ connectionId: 'c1' }, context);
    // The body is waiting on information_schema now: no query can have answered yet.
    expect(jobs.cancel(jobId)).toBe(true);
    const done = await waitJob(jobId);
    expect(done).toMatchObject({ kind: 'analyze', status: 'cancelled', error: { code: 'job/cancelled' } });
    expect(done.result).toBeUndefined();
    expect(jobs.runningJobIds()).not.toContain(jobId);
  });

  it('ends as cancelled when cancelled before the diff of a file-only analysis', async () => {
    const { jobId } = await handlers['workspace/analyze-start']({}, context);
    jobs.cancel(jobId);
    const done = await waitJob(jobId);
    expect(done.status).toBe('cancelled');
  });
});

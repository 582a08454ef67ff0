import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/contract/index';
import { migrationCalls } from '../../../shared/contract/migration';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import type { LupoError } from '../../../shared/errors';
import { createMigrationHandlers } from '../../../electron/engine/api/migration-handlers';
import { loadWorkspaceConfig } from '../../../electron/engine/config/index';
import type { OpenConnection } from '../../../electron/engine/connection/session-registry';
import { type Session } from '../../../electron/engine/connection/session';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { inspectUnfinished } from '../../../electron/engine/orchestrator/inspect-unfinished';
import { executeRollback, planRollback } from '../../../electron/engine/orchestrator/rollback';
import { createScratchDatabases, sessionFor } from '../../support/databases';
import { applyFile, writeMigration } from '../orchestrator/support';
import { migrationText } from '../orchestrator/migration-fixtures';
import { TABLES_PER_DROP } from '../../../electron/engine/orchestrator/rollback';

type Finished = EventPayload<'job/finished'>;

/**
 * The app's resume of an interrupted rollback (migration/resume): rows that reached a table
 * not dropped yet refuse it until the operator allows the data loss; then the rows are
 * backed up into the workspace's backups folder before the drop.
 */
describe('migration/resume of an interrupted rollback', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let session: Session;
  let workspaceDir: string;
  let backups: string;
  let open: OpenConnection;
  const finished = new Map<string, Finished>();
  const waiters = new Map<string, (event: Finished) => void>();
  let handlers: ReturnType<typeof createMigrationHandlers>;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (event !== 'job/finished') return;
    const done = payload as Finished;
    finished.set(done.jobId, done);
    waiters.get(done.jobId)?.(done);
  };
  const waitJob = (jobId: string): Promise<Finished> =>
    finished.has(jobId) ? Promise.resolve(finished.get(jobId)!) : new Promise((done) => waiters.set(jobId, done));
  /** migration/resume as a transport runs it: request parsed by the contract, then the job awaited. */
  const resume = async (request: Record<string, unknown>): Promise<Finished> => {
    const parsed = migrationCalls['migration/resume'].request.parse({ connectionId: 'c', ...request });
    const { jobId } = migrationCalls['migration/resume'].response.parse(
      await handlers['migration/resume'](parsed, { emit }),
    );
    return waitJob(jobId);
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['rra_core', 'rra_orch', 'rra_eph']);
    workspaceDir = await mkdtemp(join(tmpdir(), 'lupo-rra-'));
    const { config } = await loadWorkspaceConfig({ cwd: workspaceDir });
    backups = config.backups;
    session = await sessionFor(url.href);
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    open = {
      session,
      readOnly: false,
      databases: { core, orchestration, ephemeral },
      databasesFrom: 'connection',
      state: 'connected',
    };
    handlers = createMigrationHandlers({
      jobs: new JobRunner(emit),
      sessions: { get: () => open },
      workspace: () => ({ root: workspaceDir, config }),
    });
  });

  afterAll(async () => {
    await session?.close();
    await scratch?.drop();
    if (workspaceDir) await rm(workspaceDir, { recursive: true, force: true });
  });

  it('refuses while rows arrived in a table still to drop; with allowDataLoss backs them up, then drops', async () => {
    const pool = session.pool;
    const { core, orchestration } = open.databases;
    const path = await writeMigration('V1__rra.sql', migrationText(2 * TABLES_PER_DROP, 0, 'lupo_rra'));
    const applied = await applyFile(pool, path, core, orchestration);
    const plan = await planRollback(pool, {
      ledgerDatabase: orchestration,
      selector: { batchId: applied.batchId! },
      cwd: dirname(path),
    });
    expect(plan.dataLoss).toBe(false);
    // Stopped between statements after the first drop statement (the app's Cancel): the batch stays unfinished.
    const controller = new AbortController();
    const sink: EngineSink = (event) => {
      if (event.type === 'statement' && event.phase === 'done') controller.abort();
      silentSink(event);
    };
    const stopped = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: core },
      backupDir: backups,
      sink,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect((stopped as LupoError).code).toBe('job/cancelled');
    const [run] = await inspectUnfinished(pool, orchestration);
    expect(run?.batch.kind).toBe('rollback');
    // lupo_rra1_items is dropped last: still there. A row arrives before the resume.
    await pool.query(`INSERT INTO \`${core}\`.lupo_rra1_items (item_name) VALUES ('late')`);

    const refused = await resume({ batchId: run!.batch.batchId, typedDatabase: core });
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({ code: 'rollback/data-loss' });
    expect(refused.error?.message).toContain('lupo_rra1_items hold rows (found as the rollback resumed)');
    const [left] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [core],
    );
    expect(Number(left[0]!.n)).toBeGreaterThan(0);

    const resumed = await resume({ batchId: run!.batch.batchId, typedDatabase: core, allowDataLoss: true });
    expect(resumed.status).toBe('succeeded');
    const [gone] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [core],
    );
    expect(Number(gone[0]!.n)).toBe(0);
    const written = await readdir(backups);
    expect(written).toHaveLength(1);
    // Text values are written as hex: 'late' is 6C617465.
    expect(await readFile(join(backups, written[0]!), 'utf8')).toMatch(/INSERT INTO[^;]*6C617465/i);
    expect(await inspectUnfinished(pool, orchestration)).toEqual([]);
  });
});

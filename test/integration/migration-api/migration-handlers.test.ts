import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import type { EventName, EventPayload } from '../../../shared/contract/index';
import {
  applyResultSchema,
  migrationCalls,
  rehearsalResultSchema,
  rollbackResultSchema,
} from '../../../shared/contract/migration';
import { LupoError } from '../../../shared/errors';
import { createMigrationHandlers } from '../../../electron/engine/api/migration-handlers';
import { loadWorkspaceConfig } from '../../../electron/engine/config/index';
import type { OpenConnection } from '../../../electron/engine/connection/session-registry';
import { type Session } from '../../../electron/engine/connection/session';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { TABLES_PER_DROP } from '../../../electron/engine/orchestrator/rollback';
import { createScratchDatabases, sessionFor } from '../../support/databases';
import { createLegacyLedger } from '../ledger/lupopedia-ledger';

type Calls = typeof migrationCalls;
type Name = keyof Calls;
type Finished = EventPayload<'job/finished'>;

/**
 * The migration wizard's calls against the real throwaway server: plan from the demo
 * workspace's drift on scratch databases → validate → rehearse → apply (job with progress)
 * → history → rollback preview → rollback; and a failing file → unfinished run → alert
 * acknowledged. Every request and response goes through the contract's own schemas.
 */
describe('migration handlers', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let session: Session;
  let workspaceDir: string;
  let open: OpenConnection;
  const progress: EventPayload<'job/progress'>[] = [];
  const finished = new Map<string, Finished>();
  const waiters = new Map<string, (event: Finished) => void>();
  let handlers: ReturnType<typeof createMigrationHandlers>;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (event === 'job/progress') progress.push(payload as EventPayload<'job/progress'>);
    if (event === 'job/finished') {
      const done = payload as Finished;
      finished.set(done.jobId, done);
      waiters.get(done.jobId)?.(done);
    }
  };
  const waitJob = (jobId: string): Promise<Finished> =>
    finished.has(jobId) ? Promise.resolve(finished.get(jobId)!) : new Promise((done) => waiters.set(jobId, done));

  /** Runs a call as a transport would: request parsed by the contract, response validated by it. */
  async function call<N extends Name>(
    name: N,
    request: z.input<Calls[N]['request']>,
  ): Promise<z.output<Calls[N]['response']>> {
    const parsed = migrationCalls[name].request.parse(request);
    const handler = handlers[name] as (req: unknown, ctx: { emit: typeof emit }) => Promise<unknown>;
    return migrationCalls[name].response.parse(await handler(parsed, { emit })) as z.output<Calls[N]['response']>;
  }

  const tables = async (database: string): Promise<string[]> => {
    const [rows] = await session.pool.query<RowDataPacket[]>(
      'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
      [database],
    );
    return rows.map((r) => String(r.t));
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['mig_core', 'mig_orch', 'mig_eph']);
    workspaceDir = await mkdtemp(join(tmpdir(), 'lupo-mig-api-'));
    await cp(resolve(import.meta.dirname, '../../../toon/demo'), workspaceDir, { recursive: true });
    const { config } = await loadWorkspaceConfig({ cwd: workspaceDir });
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

  it('plans the drift, validates, rehearses, applies with progress, shows history, and rolls back', async () => {
    const core = open.databases.core;
    const plan = await call('migration/plan', { connectionId: 'c', source: { kind: 'drift', role: 'core' } });
    expect(plan.targetDatabase).toBe(core);
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]!.generated).toBe(true);
    expect(plan.statements.length).toBeGreaterThanOrEqual(20);
    expect(plan.statements.every((s) => s.kind === 'create' && !s.destructive && s.expected === 'change')).toBe(true);
    expect(plan.tables).toMatchObject({ before: 0, after: plan.statements.length, budget: 180 });

    const validation = await call('migration/validate', { planId: plan.planId });
    expect(validation.checks.find((c) => c.id === 'budget')?.passed).toBe(true);
    expect(validation.ok).toBe(true);

    const rehearsal = await waitJob((await call('migration/rehearse', { planId: plan.planId })).jobId);
    expect(rehearsal.status).toBe('succeeded');
    expect(rehearsalResultSchema.parse(rehearsal.result).ok).toBe(true);
    expect(await tables(core)).toEqual([]);

    await expect(
      call('migration/apply', { planId: plan.planId, confirmation: { typedDatabase: 'wrong' } }),
    ).rejects.toMatchObject({ code: 'apply/not-confirmed' });

    const { jobId } = await call('migration/apply', { planId: plan.planId, confirmation: { typedDatabase: core } });
    const done = await waitJob(jobId);
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('succeeded');
    const result = applyResultSchema.parse(done.result);
    expect(result.files[0]).toMatchObject({
      status: 'completed',
      executed: plan.statements.length,
      verification: { ok: true },
    });
    const mine = progress.filter((p) => p.jobId === jobId);
    expect(mine.some((p) => /statement \d+\/\d+: CREATE TABLE IF NOT EXISTS/.test(p.detail ?? ''))).toBe(true);
    expect(mine.at(-1)?.value).toBe(1);
    expect((await tables(core)).length).toBe(plan.statements.length);
    // The generated file was written into the workspace's migrations folder.
    expect(await readdir(join(workspaceDir, 'migrations'))).toEqual([plan.files[0]!.name]);

    const history = await call('history/batches', { connectionId: 'c' });
    expect(history.ledgerPresent).toBe(true);
    const batch = history.batches[0]!;
    expect(batch).toMatchObject({
      batchId: result.files[0]!.batchId,
      status: 'completed',
      kind: 'apply',
      targetDatabase: core,
      filesTotal: 1,
      filesCompleted: 1,
    });
    const detail = await call('history/batch', { connectionId: 'c', batchId: batch.batchId });
    expect(detail.files[0]).toMatchObject({
      name: plan.files[0]!.name,
      sha256: plan.files[0]!.sha256,
      status: 'applied',
    });
    expect(detail.validations.some((v) => v.check === 'verify' && v.result === 'pass')).toBe(true);

    await expect(
      call('migration/plan', { connectionId: 'c', source: { kind: 'drift', role: 'core' } }),
    ).rejects.toMatchObject({ code: 'migration/no-drift' });

    const [settings] = await session.pool.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'lupo_settings'",
      [core],
    );
    expect(settings).toHaveLength(1);
    const preview = await call('migration/rollback-preview', { connectionId: 'c', batchId: batch.batchId });
    expect(preview.classification).toBe('generated');
    // The created tables, dropped TABLES_PER_DROP to a statement.
    expect(preview.statements).toHaveLength(Math.ceil(plan.statements.length / TABLES_PER_DROP));
    expect(preview.statements.every((s) => s.destructive && /^DROP TABLE IF EXISTS/.test(s.sql))).toBe(true);
    expect(preview.dataLoss).toEqual([]);
    expect(preview.backupDir).toBe(join(workspaceDir, 'backups'));

    await expect(
      call('migration/rollback', { previewId: preview.previewId, confirmation: { typedDatabase: 'nope' } }),
    ).rejects.toMatchObject({ code: 'apply/not-confirmed' });
    const rolled = await waitJob(
      (await call('migration/rollback', { previewId: preview.previewId, confirmation: { typedDatabase: core } })).jobId,
    );
    expect(rolled.error).toBeUndefined();
    expect(rollbackResultSchema.parse(rolled.result)).toMatchObject({
      rolledBackBatchId: batch.batchId,
      executed: preview.statements.length,
    });
    expect(await tables(core)).toEqual([]);
    const after = await call('history/batches', { connectionId: 'c' });
    expect(after.batches.map((b) => [b.kind, b.status])).toEqual([
      ['rollback', 'completed'],
      ['apply', 'rolled_back'],
    ]);
    const rolledDetail = await call('history/batch', { connectionId: 'c', batchId: batch.batchId });
    expect(rolledDetail.rollbacks[0]).toMatchObject({ classification: 'generated', status: 'completed' });
  });

  it('lists migration files, stops at a failing statement, reports the unfinished run, and acknowledges its alert', async () => {
    const folder = join(workspaceDir, 'migrations');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'V900__broken.sql'),
      [
        '-- lupo-target-role: ephemeral',
        'CREATE TABLE IF NOT EXISTS `lupo_probes` (`probe_id` bigint NOT NULL AUTO_INCREMENT, `created_ymdhis` bigint NOT NULL, `updated_ymdhis` bigint NOT NULL,',
        '  `is_deleted` tinyint NOT NULL DEFAULT 0, `deleted_ymdhis` bigint, PRIMARY KEY (`probe_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
        'INSERT INTO `no_such_table` (`x`) VALUES (1);',
        '',
      ].join('\n'),
    );
    const listed = await call('migration/files', {});
    expect(listed.files.find((f) => f.name === 'V900__broken.sql')).toMatchObject({
      role: 'ephemeral',
      hasDown: false,
    });

    const plan = await call('migration/plan', {
      connectionId: 'c',
      source: { kind: 'files', files: ['V900__broken.sql'] },
    });
    expect(plan).toMatchObject({ role: 'ephemeral', targetDatabase: open.databases.ephemeral, source: 'files' });
    expect(plan.statements.map((s) => s.kind)).toEqual(['create', 'data']);
    const failed = await waitJob(
      (
        await call('migration/apply', {
          planId: plan.planId,
          confirmation: { typedDatabase: open.databases.ephemeral },
        })
      ).jobId,
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'apply/statement-failed', details: { line: 4, statementIndex: 2 } });

    const unfinished = await call('migration/unfinished', { connectionId: 'c' });
    expect(unfinished.runs).toHaveLength(1);
    expect(unfinished.runs[0]).toMatchObject({
      lockHeld: false,
      counts: { done: 1, failed: 1 },
      failed: { index: 1, line: 4 },
    });

    const detail = await call('history/batch', { connectionId: 'c', batchId: unfinished.runs[0]!.batch.batchId });
    const alert = detail.alerts.find((a) => a.code === 'apply/statement-failed');
    expect(alert).toMatchObject({ level: 'error', acknowledged: false });
    expect((await call('history/batches', { connectionId: 'c' })).batches[0]!.openAlerts).toBe(1);
    expect(await call('history/acknowledge-alert', { connectionId: 'c', alertId: alert!.alertId })).toEqual({
      acknowledged: true,
    });
    expect(await call('history/acknowledge-alert', { connectionId: 'c', alertId: alert!.alertId })).toEqual({
      acknowledged: false,
    });
    const again = await call('history/batch', { connectionId: 'c', batchId: unfinished.runs[0]!.batch.batchId });
    expect(again.alerts.find((a) => a.alertId === alert!.alertId)).toMatchObject({ acknowledged: true });

    await expect(call('migration/validate', { planId: 'no-such-plan' })).rejects.toBeInstanceOf(LupoError);
  });

  it('shows a Lupo Admin 0.1 ledger as convertible and converts it from the app (history kept)', async () => {
    const legacy = `${open.databases.orchestration}_legacy`;
    await createLegacyLedger(url.href, legacy);
    const saved = open;
    open = { ...open, databases: { ...open.databases, orchestration: legacy } };
    try {
      await session.pool.query(
        `INSERT INTO \`${legacy}\`.migration_batches (batch_key, target_database, batch_kind, status, created_ymdhis, updated_ymdhis)
         VALUES ('k', ?, 'apply', 'completed', 20260101000000, 20260101000000)`,
        [open.databases.core],
      );
      const before = await call('history/batches', { connectionId: 'c' });
      // Listed read-only (LEDGER §5d.9), labelled, beside the refusal and the "Convert ledger" action.
      expect(before).toMatchObject({ ledgerPresent: true, ledgerFormat: 'lupo-admin-0.1' });
      expect(before.batches.map((b) => `${b.batchId}:${b.kind}:${b.status}:${b.origin}`)).toEqual([
        '1:apply:completed:lupo-admin-0.1',
      ]);
      expect(before.ledgerMessage).toMatch(/Convert ledger/);
      expect(await call('history/batch', { connectionId: 'c', batchId: 1 })).toMatchObject({
        batch: { batchId: 1, origin: 'lupo-admin-0.1' },
        files: [],
      });
      const converted = await call('history/convert-ledger', { connectionId: 'c', confirm: true });
      expect(converted).toMatchObject({ converted: true, batches: 1 });
      const after = await call('history/batches', { connectionId: 'c' });
      expect(after.ledgerFormat).toBe('lupopedia');
      expect(after.batches.map((b) => `${b.batchId}:${b.kind}:${b.status}:${b.targetDatabase}`)).toEqual([
        `1:apply:completed:${open.databases.core}`,
      ]);
    } finally {
      open = saved;
      await session.pool.query(`DROP DATABASE IF EXISTS \`${legacy}\``);
    }
  });
});

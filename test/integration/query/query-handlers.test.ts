import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { createMigrationHandlers } from '../../../electron/engine/api/migration-handlers';
import { createQueryHandlers } from '../../../electron/engine/api/query-handlers';
import { loadWorkspaceConfig } from '../../../electron/engine/config/index';
import type { Session } from '../../../electron/engine/connection/session';
import type { OpenConnection } from '../../../electron/engine/connection/session-registry';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import type { EventName, EventPayload } from '../../../shared/contract/index';
import { migrationCalls } from '../../../shared/contract/migration';
import { queryCalls } from '../../../shared/contract/query';
import { createScratchDatabases } from '../../support/databases';
import { sessionFor } from '../planner/support';

type Finished = EventPayload<'job/finished'>;
type QCalls = typeof queryCalls;
type MCalls = typeof migrationCalls;

describe('query handlers (real server, through the contract)', () => {
  let session: Session;
  let scratch: { names: string[]; drop: () => Promise<void> };
  let workspaceDir: string;
  let open: OpenConnection;
  let userData: string;
  const finished = new Map<string, Finished>();
  const waiters = new Map<string, (event: Finished) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    if (event === 'job/finished') {
      const done = payload as Finished;
      finished.set(done.jobId, done);
      waiters.get(done.jobId)?.(done);
    }
  };
  const waitJob = (jobId: string): Promise<Finished> =>
    finished.has(jobId) ? Promise.resolve(finished.get(jobId)!) : new Promise((done) => waiters.set(jobId, done));
  let queryHandlers: ReturnType<typeof createQueryHandlers>;
  let migrationHandlers: ReturnType<typeof createMigrationHandlers>;

  async function q<N extends keyof QCalls>(
    name: N,
    request: z.input<QCalls[N]['request']>,
  ): Promise<z.output<QCalls[N]['response']>> {
    const handler = queryHandlers[name] as (req: unknown, ctx: unknown) => Promise<unknown>;
    return queryCalls[name].response.parse(
      await handler(queryCalls[name].request.parse(request), { emit }),
    ) as z.output<QCalls[N]['response']>;
  }
  async function m<N extends keyof MCalls>(
    name: N,
    request: z.input<MCalls[N]['request']>,
  ): Promise<z.output<MCalls[N]['response']>> {
    const handler = migrationHandlers[name] as (req: unknown, ctx: unknown) => Promise<unknown>;
    return migrationCalls[name].response.parse(
      await handler(migrationCalls[name].request.parse(request), { emit }),
    ) as z.output<MCalls[N]['response']>;
  }

  beforeAll(async () => {
    scratch = await createScratchDatabases(inject('mysqlUrl'), ['qh_core', 'qh_orch', 'qh_eph']);
    workspaceDir = await mkdtemp(join(tmpdir(), 'lupo-query-api-'));
    userData = await mkdtemp(join(tmpdir(), 'lupo-query-ud-'));
    await cp(resolve(import.meta.dirname, '../../../toon/demo'), workspaceDir, { recursive: true });
    const { config } = await loadWorkspaceConfig({ cwd: workspaceDir });
    session = await sessionFor(inject('mysqlUrl'));
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    open = {
      session,
      readOnly: false,
      databases: { core, orchestration, ephemeral },
      databasesFrom: 'workspace',
      state: 'connected',
      profileId: 'p1',
    };
    const jobs = new JobRunner(emit);
    const sessions = { get: () => open, ids: () => ['c'] };
    queryHandlers = createQueryHandlers({
      sessions,
      jobs,
      userDataDir: userData,
      migrationsDir: () => config.migrations,
    });
    migrationHandlers = createMigrationHandlers({ jobs, sessions, workspace: () => ({ root: workspaceDir, config }) });
  });

  afterAll(async () => {
    await session?.close();
    await scratch?.drop();
    if (workspaceDir) await rm(workspaceDir, { recursive: true, force: true });
  });

  it('runs, pages, exports, explains and keeps history through the contract', async () => {
    const { consoleId, database } = await q('query/open', { connectionId: 'c' });
    expect(database).toBe(open.databases.core);
    const first = await q('query/run', { consoleId, sql: 'SELECT seq AS n FROM seq_1_to_2500', pageSize: 1000 });
    expect(first.rows).toHaveLength(1000);
    const next = await q('query/fetch', { consoleId, resultId: first.resultId, count: 2000 });
    expect(next).toMatchObject({ done: true, rowsFetched: 2500 });
    const out = join(userData, 'n.csv');
    const job = await waitJob(
      (await q('query/export', { consoleId, sql: 'SELECT seq AS n FROM seq_1_to_3', format: 'csv', path: out })).jobId,
    );
    expect(job.status).toBe('succeeded');
    expect(await readFile(out, 'utf8')).toBe('n\r\n1\r\n2\r\n3\r\n');
    const plan = await q('query/explain', {
      consoleId,
      sql: 'SELECT * FROM seq_1_to_10 a JOIN seq_1_to_10 b ON a.seq = b.seq',
    });
    expect(plan.nodes).toHaveLength(2);
    const history = await q('query/history', { search: 'seq_1_to_2500' });
    expect(history.entries[0]).toMatchObject({ profile: 'p1', database: open.databases.core, rows: 1000 });
    expect(await q('query/close', { consoleId })).toEqual({ closed: true });
    await expect(q('query/run', { consoleId, sql: 'SELECT 1' })).rejects.toMatchObject({ code: 'query/no-console' });
  });

  it('a console CREATE TABLE bypasses the ledger, is saved as a migration and applied through the wizard', async () => {
    const core = open.databases.core;
    const sql =
      'CREATE TABLE console_note (console_note_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(200) NOT NULL, created_ymdhis BIGINT NOT NULL)';
    const { consoleId } = await q('query/open', { connectionId: 'c', database: open.databases.ephemeral });
    const [check] = (await q('query/check', { consoleId, sql })).statements;
    expect(check).toMatchObject({ access: 'ddl', bypassesLedger: true });
    const saved = await q('query/save-migration', { sql, role: 'core', name: 'console_note' });
    expect(saved.fileName).toMatch(/^V\d{14}__console_note\.sql$/);
    expect(saved.content).toContain('-- lupo-target-role: core');
    expect(saved.content).toContain('CREATE TABLE IF NOT EXISTS console_note');
    const plan = await m('migration/plan', { connectionId: 'c', source: { kind: 'files', files: [saved.fileName] } });
    expect(plan.targetDatabase).toBe(core);
    const validation = await m('migration/validate', { planId: plan.planId });
    expect(validation.checks.filter((c) => !c.passed)).toEqual([]);
    const done = await waitJob(
      (await m('migration/apply', { planId: plan.planId, confirmation: { typedDatabase: core } })).jobId,
    );
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('succeeded');
    const [rows] = await session.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [core, 'console_note'],
    );
    expect(Number(rows[0]!.n)).toBe(1);
    await q('query/close', { consoleId });
  });

  it('browses a role table through the contract: page, bound filter, exact count, SHOW CREATE TABLE', async () => {
    await session.pool.query(
      `CREATE TABLE \`${open.databases.orchestration}\`.note (note_id BIGINT PRIMARY KEY, body VARCHAR(40), is_deleted TINYINT NOT NULL DEFAULT 0)`,
    );
    await session.pool.query(
      `INSERT INTO \`${open.databases.orchestration}\`.note VALUES (1, 'a', 0), (2, 'b', 1), (3, 'ab', 0)`,
    );
    const target = { connectionId: 'c', role: 'orchestration' as const, table: 'note' };
    const page = await q('query/browse', { ...target, orderBy: { column: 'note_id', direction: 'desc' } });
    expect(page).toMatchObject({ database: open.databases.orchestration, softDelete: true, hasMore: false });
    expect(page.rows.map((r) => r[0])).toEqual(['3', '1']);
    const filtered = await q('query/browse', {
      ...target,
      filters: [{ column: 'body', op: 'contains', value: 'b' }],
      showDeleted: true,
    });
    expect(filtered.rows.map((r) => r[0])).toEqual(['2', '3']);
    expect(await q('query/count', { ...target, showDeleted: true })).toEqual({ count: 3 });
    expect((await q('query/show-create', target)).sql).toContain('CREATE TABLE `note`');
    expect(() =>
      queryCalls['query/browse'].request.parse({ ...target, filters: [{ column: 'body', op: 'like' }] }),
    ).toThrow();
  });

  it('edits a role table through the contract: key and seek in the page, review, apply; read-only says why', async () => {
    const target = { connectionId: 'c', role: 'orchestration' as const, table: 'note' };
    const page = await q('query/browse', { ...target, limit: 1 });
    expect(page).toMatchObject({ edit: { key: ['note_id'], generated: [] }, seek: { first: ['1'], last: ['1'] } });
    expect((await q('query/browse', { ...target, limit: 1, after: page.seek!.last })).rows[0]![0]).toBe('3');
    const changes = [{ kind: 'update' as const, key: { note_id: '3' }, old: { body: 'ab' }, set: { body: 'abc' } }];
    const review = await q('query/edit-review', { ...target, changes });
    expect(review.statements[0]).toMatchObject({ action: 'update', params: ['abc', '3'] });
    expect(await q('query/edit-apply', { ...target, changes })).toEqual({ committed: true, applied: 1, conflicts: [] });
    expect(() =>
      queryCalls['query/edit-apply'].request.parse({ ...target, changes: [{ kind: 'upsert', values: {} }] }),
    ).toThrow();
    open = { ...open, readOnly: true };
    try {
      const readOnly = await q('query/browse', target);
      expect(readOnly.edit).toBeUndefined();
      expect(readOnly.notEditable).toMatch(/read-only/);
      await expect(q('query/edit-apply', { ...target, changes })).rejects.toMatchObject({ code: 'edit/read-only' });
    } finally {
      open = { ...open, readOnly: false };
    }
  });
});

import { joinModelPages, tableCount } from '../../../shared/schema/model-page';
import { DATABASE_ROLES, type SchemaModel } from '../../../shared/schema/model';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisSummarySchema, workspaceSummarySchema } from '../../../shared/contract/workspace';
import { schemaModelSchema } from '../../../shared/contract/schema-model';
import { LupoError } from '../../../shared/errors';
import { createWorkspaceHandlers } from '../../../electron/engine/api/workspace-handlers';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';

const demo = resolve(import.meta.dirname, '../../../toon/demo');
const noSessions = {
  get(): never {
    throw new LupoError('connection/not-open', 'This connection is not open.');
  },
};
const context = { emit: () => {} };
const jobs = new JobRunner(() => {});
const temp: string[] = [];
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('workspace handlers (the shipped demo workspace, no server)', () => {
  it('opens the demo workspace by default and counts tables per role and source', async () => {
    const handlers = createWorkspaceHandlers({ demoWorkspaceDir: demo, sessions: noSessions, jobs });
    const summary = workspaceSummarySchema.parse(await handlers['workspace/open']({}, context));
    expect(summary.isDemo).toBe(true);
    expect(summary.config.databases.core).toBe('lupo_demo_core');
    expect(summary.counts.definitions).toEqual({ core: 22, orchestration: 8, ephemeral: 3 });
    expect(summary.counts.sql).toEqual({ core: 20, orchestration: 8, ephemeral: 3 });
    expect(summary.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('analyzes against the SQL file without a connection: the two missing tables and the budget', async () => {
    const handlers = createWorkspaceHandlers({ demoWorkspaceDir: demo, sessions: noSessions, jobs });
    await handlers['workspace/open']({}, context);
    const analysis = analysisSummarySchema.parse(await handlers['workspace/analyze']({}, context));
    expect(analysis.drift.comparedWith).toBe('sql');
    expect(
      analysis.drift.tables
        .filter((t) => t.status === 'missing')
        .map((t) => t.table)
        .sort(),
    ).toEqual(['lupo_actor_collections', 'lupo_permissions']);
    expect(analysis.budget).toMatchObject({ current: 31, afterPlan: 33, max: 180, headroom: 147 });
    const model = schemaModelSchema.parse(await handlers['workspace/model']({ source: 'definitions' }, context));
    expect(model.databases.core.tables).toHaveLength(22);
    // Tables say where they are declared; columns do not (no screen shows it, and it was a third of the bytes).
    const tables = DATABASE_ROLES.flatMap((role) => model.databases[role].tables);
    expect(tables.every((table) => table.source?.kind === 'file')).toBe(true);
    expect(tables.flatMap((table) => table.columns).filter((column) => column.source !== undefined)).toEqual([]);
    // In pages (what the renderer asks for): the pages add up to the whole model, in role order.
    const pages = [];
    for (let offset = 0; offset < 40; offset += 10) {
      pages.push(
        schemaModelSchema.parse(
          await handlers['workspace/model']({ source: 'definitions', page: { offset, limit: 10 } }, context),
        ),
      );
    }
    expect(pages.map((page) => tableCount(page as SchemaModel))).toEqual([10, 10, 10, 3]);
    expect(pages[2]?.databases.core.tables).toHaveLength(2);
    expect(pages[2]?.databases.orchestration.tables).toHaveLength(8);
    expect(joinModelPages(pages as SchemaModel[])).toEqual(model);
  });

  it('says what to do when nothing is open, a connection is unknown, or there is no SQL file', async () => {
    const handlers = createWorkspaceHandlers({ demoWorkspaceDir: demo, sessions: noSessions, jobs });
    await expect(handlers['workspace/analyze']({}, context)).rejects.toMatchObject({ code: 'workspace/not-open' });
    // The job form refuses the same way, as a call error before any job starts.
    await expect(handlers['workspace/analyze-start']({}, context)).rejects.toMatchObject({
      code: 'workspace/not-open',
    });
    const dir = await mkdtemp(join(tmpdir(), 'lupo-ws-'));
    temp.push(dir);
    await writeFile(join(dir, 'lupo.config.json'), JSON.stringify({ definitions: '.' }));
    const summary = await handlers['workspace/open']({ path: dir }, context);
    expect(summary).toMatchObject({
      isDemo: false,
      counts: { definitions: { core: 0, orchestration: 0, ephemeral: 0 } },
    });
    await expect(handlers['workspace/model']({ source: 'sql' }, context)).rejects.toMatchObject({
      code: 'workspace/no-sql-files',
    });
    await expect(handlers['workspace/analyze']({ connectionId: 'nope' }, context)).rejects.toMatchObject({
      code: 'connection/not-open',
    });
    await expect(handlers['workspace/analyze-start']({ connectionId: 'nope' }, context)).rejects.toMatchObject({
      code: 'connection/not-open',
    });
    expect(jobs.runningJobIds()).toEqual([]);
  });
});

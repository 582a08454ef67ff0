import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportHandlers } from '../../../electron/engine/api/report-handlers';
import { createWorkspaceHandlers, createWorkspaceSession } from '../../../electron/engine/api/workspace-handlers';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { reportCalls } from '../../../shared/contract/report';
import { LupoError } from '../../../shared/errors';

const demo = resolve(import.meta.dirname, '../../../toon/demo');
const noSessions = {
  get(): never {
    throw new LupoError('connection/not-open', 'This connection is not open.');
  },
};
const context = { emit: () => {} };

/** The report handlers on the shipped demo workspace, sharing the workspace handlers' open workspace. */
describe('report handlers (demo workspace)', () => {
  const workspace = createWorkspaceSession({ demoWorkspaceDir: demo, sessions: noSessions });
  const workspaceHandlers = createWorkspaceHandlers({
    demoWorkspaceDir: demo,
    sessions: noSessions,
    workspace,
    jobs: new JobRunner(() => {}),
  });
  const handlers = createReportHandlers({ workspace, now: () => new Date('2025-01-02T03:04:05Z') });
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'lupo-report-api-'));
    await workspaceHandlers['workspace/open']({}, context);
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('renders Markdown with the missing tables of the demo (the same analysis as the overview)', async () => {
    const rendered = reportCalls['report/render'].response.parse(
      await handlers['report/render']({ format: 'md' }, context),
    );
    expect(rendered.content).toContain('Missing tables');
    expect(rendered.content).toContain('lupo_actor_collections');
    expect(rendered.content).toContain('lupo_permissions');
    expect(rendered.fileName).toBe('sync-report-4.0.46-demo-20250102.md');
    expect(rendered.mediaType).toMatch(/^text\/markdown/);
    const overview = await workspaceHandlers['workspace/analyze']({}, context);
    expect(overview.drift.counts.missing).toBe(2);
  });

  it('renders JSON and HTML from the same model', async () => {
    const json = JSON.parse((await handlers['report/render']({ format: 'json' }, context)).content);
    expect(json.counts.missingTables).toBe(2);
    const html = await handlers['report/render']({ format: 'html' }, context);
    expect(html.content).toMatch(/^<!DOCTYPE html>/i);
    expect(html.content).toContain('lupo_permissions');
  });

  it('saves Markdown atomically (no temp file left) and PDF that starts with %PDF', async () => {
    const md = await handlers['report/save']({ format: 'md', path: join(out, 'nested', 'report.md') }, context);
    expect(md.path).toBe(join(out, 'nested', 'report.md'));
    const text = await readFile(md.path, 'utf8');
    expect(Buffer.byteLength(text)).toBe(md.bytes);
    expect(text).toContain('lupo_actor_collections');
    expect(await readdir(join(out, 'nested'))).toEqual(['report.md']);
    const pdf = await handlers['report/save']({ format: 'pdf', path: join(out, 'report.pdf') }, context);
    const bytes = await readFile(pdf.path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.bytes).toBe(bytes.length);
  });

  it('says what to do when the path cannot be written or nothing is open', async () => {
    const file = join(out, 'a-file');
    await writeFile(file, 'x');
    await expect(
      handlers['report/save']({ format: 'md', path: join(file, 'below', 'report.md') }, context),
    ).rejects.toMatchObject({ code: 'report/unwritable', hint: expect.stringContaining('write') });
    const empty = createReportHandlers({
      workspace: createWorkspaceSession({ demoWorkspaceDir: demo, sessions: noSessions }),
    });
    await expect(empty['report/render']({ format: 'md' }, context)).rejects.toMatchObject({
      code: 'workspace/not-open',
    });
  });
});

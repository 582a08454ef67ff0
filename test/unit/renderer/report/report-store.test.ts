import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReportHandlers } from '../../../../electron/engine/api/report-handlers';
import { createWorkspaceHandlers, createWorkspaceSession } from '../../../../electron/engine/api/workspace-handlers';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner';
import { LupoError } from '../../../../shared/errors';
import { createReportStore, previewFormatOf, withReportExtension } from '../../../../renderer/src/stores/report-store';
import { inProcessClient } from '../profiles/in-process-client';

const demo = resolve(import.meta.dirname, '../../../../toon/demo');
const temp: string[] = [];
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

async function demoClient() {
  const sessions = {
    get(): never {
      throw new LupoError('connection/not-open', 'This connection is not open.', { hint: 'Connect again.' });
    },
  };
  const workspace = createWorkspaceSession({ demoWorkspaceDir: demo, sessions });
  const handlers = {
    ...createWorkspaceHandlers({ demoWorkspaceDir: demo, sessions, workspace, jobs: new JobRunner(() => {}) }),
    ...createReportHandlers({ workspace }),
  };
  await handlers['workspace/open']({}, { emit: () => {} });
  return inProcessClient(handlers);
}

describe('report store helpers', () => {
  it('moves the path extension with the format', () => {
    expect(withReportExtension('reports/sync-report.md', 'pdf')).toBe('reports/sync-report.pdf');
    expect(withReportExtension('/tmp/out', 'json')).toBe('/tmp/out.json');
    expect(withReportExtension('  ', 'html')).toBe('reports/sync-report.html');
    expect(previewFormatOf('pdf')).toBe('html');
    expect(previewFormatOf('md')).toBe('md');
  });
});

describe('report store (real report handlers on the demo workspace)', () => {
  it('opens with a Markdown preview, switches formats and saves', async () => {
    const store = createReportStore(await demoClient());
    await store.getState().open();
    expect(store.getState().opened).toBe(true);
    expect(store.getState().preview?.content).toContain('lupo_actor_collections');
    await store.getState().setFormat('pdf');
    expect(store.getState().path).toBe('reports/sync-report.pdf');
    expect(store.getState().preview?.mediaType).toMatch(/^text\/html/);
    await store.getState().setFormat('json');
    expect(JSON.parse(store.getState().preview!.content).counts.missingTables).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'lupo-report-store-'));
    temp.push(dir);
    store.getState().setPath(join(dir, 'report.json'));
    const saved = await store.getState().save();
    expect(saved).toMatchObject({ path: join(dir, 'report.json'), format: 'json' });
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).counts.missingTables).toBe(2);
    store.getState().close();
    expect(store.getState().opened).toBe(false);
  });

  it('shows the error and hint of a failed render (a closed connection)', async () => {
    const store = createReportStore(await demoClient());
    await store.getState().open('gone');
    expect(store.getState().renderError).toMatchObject({ code: 'connection/not-open', hint: 'Connect again.' });
    expect(store.getState().preview).toBeUndefined();
  });
});

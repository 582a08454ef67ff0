import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { createReportHandlers } from '../../../electron/engine/api/report-handlers';
import { createWorkspaceHandlers, createWorkspaceSession } from '../../../electron/engine/api/workspace-handlers';
import type { OpenConnection } from '../../../electron/engine/connection/session-registry';
import { type Session } from '../../../electron/engine/connection/session';
import { sessionFor } from '../../support/databases';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { DEFAULT_CHROMIUM, HEADLESS_CHROMIUM_ARGS } from '../../../electron/engine/reports/render-pdf';
import { LupoError } from '../../../shared/errors';
import { BENCH_DATABASES, createLiveSchema, writeWorkspace } from '../../../scripts/bench/schema-fixture';
import { captureIo } from '../../support/cli-io';
import { liveDatabaseFlags } from '../../support/demo-databases';

const TABLES = 184;
/** Tables of the workspace that break the doctrine the way an old system's do. */
const LEGACY = 24;
const context = { emit: () => {} };

const legacyName = (i: number): string => `lupo_legacy_import_batch_${i}_staging_records_with_a_long_name`;

/**
 * Legacy tables, in definitions and (every other one) live: int ids, MyISAM/latin1,
 * datetime stamps, no soft delete — so the doctrine table has hundreds of rows with long
 * messages — and one definition file with a JSON error (a finding at a file location).
 */
async function writeLegacyTables(root: string, url: string): Promise<void> {
  const fields = [
    '`id` int NOT NULL AUTO_INCREMENT',
    '`payload` varchar(255) DEFAULT NULL',
    '`created_at` datetime DEFAULT NULL',
    '`updated_at` datetime DEFAULT NULL',
  ];
  for (let i = 0; i < LEGACY - 1; i++) {
    const document = {
      table_name: legacyName(i),
      table_comment: 'Rows staged by the legacy importer before they are merged into the core tables.',
      engine: 'MyISAM',
      charset: 'latin1',
      fields,
      data: [],
      primary_key: { column_name: 'id', expected_name: 'id', is_correct: true, needs_rename: false },
      indexes: [],
    };
    await writeFile(join(root, 'toon', `${legacyName(i)}.toon`), JSON.stringify(document, null, 2));
  }
  await writeFile(join(root, 'toon', `${legacyName(LEGACY - 1)}.toon`), '{\n  "table_name": "broken",\n  oops\n}\n');
  const admin = await mysql.createConnection({ uri: url });
  try {
    for (let i = 0; i < LEGACY - 1; i += 2) {
      await admin.query(
        `CREATE TABLE \`${BENCH_DATABASES.core}\`.\`${legacyName(i)}\` (${fields.join(', ')}, PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=latin1`,
      );
    }
  } finally {
    await admin.end();
  }
}

/**
 * A real-sized report: a synthetic 184-table workspace (in a deep folder, as a home
 * directory's workspace is) against its live database on the throwaway server. The PDF must
 * fit the page (no column cut at the right margin), name the server, show paths relative to
 * the workspace, draw pass/fail marks without an emoji font, and — exported with no batch
 * named, as the overview does — carry the newest apply's execution, not "not-run".
 * LUPO_REPORT_184_OUT=<dir> keeps the PDF to look at its pages (pdftoppm).
 */
describe('a 184-table report', () => {
  const url = new URL(inject('mysqlUrl'));
  let dir: string;
  let root: string;
  let session: Session;
  let handlers: ReturnType<typeof createReportHandlers>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lupo-report-184-'));
    root = join(dir, 'home', 'operator', 'projects', 'lupopedia-installation-2026', 'schema-workspace');
    await mkdir(root, { recursive: true });
    await writeWorkspace(root, TABLES - LEGACY);
    await createLiveSchema(url.href, TABLES - LEGACY);
    await writeLegacyTables(root, url.href);
    session = await sessionFor(url.href);
    const open: OpenConnection = {
      session,
      readOnly: false,
      databases: { ...BENCH_DATABASES },
      databasesFrom: 'workspace',
      state: 'connected',
    };
    const sessions = {
      get: (id: string) => {
        if (id !== 'c1') throw new LupoError('connection/not-open', 'This connection is not open.');
        return open;
      },
    };
    const workspace = createWorkspaceSession({ demoWorkspaceDir: root, sessions });
    const workspaceHandlers = createWorkspaceHandlers({
      demoWorkspaceDir: root,
      sessions,
      workspace,
      jobs: new JobRunner(() => {}),
    });
    await workspaceHandlers['workspace/open']({ path: root }, context);
    handlers = createReportHandlers({ workspace, sessions, now: () => new Date('2026-12-02T05:00:00Z') });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fits every table in the page width, names the server, shortens paths, draws marks', async () => {
    const html = (await handlers['report/render']({ format: 'html', connectionId: 'c1' }, context)).content;
    if (process.env.LUPO_REPORT_184_OUT) {
      await writeFile(join(process.env.LUPO_REPORT_184_OUT, 'report-184.html'), html);
    }
    expect(html).toContain(`${url.hostname}:${url.port}`);
    expect(html).toContain(session.serverVersion);
    expect(html).not.toContain(root);
    expect(html).toMatch(/<code>toon\/lupo_legacy_import_batch_\d+_staging_records_with_a_long_name\.toon:\d+/);
    expect(html).not.toMatch(/[✅❌⏸]/u);
    expect(html).toContain('<svg class="mark ok"');

    // The page as printed (A4 minus the 14 mm margins ≈ 688 CSS px): nothing may be wider.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: DEFAULT_CHROMIUM,
      args: HEADLESS_CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 688, height: 1000 } });
      await page.emulateMedia({ media: 'print' });
      await page.setContent(html);
      const overflow = await page.evaluate(() =>
        [...document.querySelectorAll('table, p, li, pre')]
          .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((element) => element.textContent?.slice(0, 80)),
      );
      expect(overflow).toEqual([]);
    } finally {
      await browser.close();
    }

    const pdfPath = join(process.env.LUPO_REPORT_184_OUT ?? dir, 'report-184.pdf');
    const saved = await handlers['report/save']({ format: 'pdf', path: pdfPath, connectionId: 'c1' }, context);
    const pdf = await readFile(saved.path);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('exported with no batch named (the overview), reports the newest apply of this server', async () => {
    const flags = liveDatabaseFlags(url.href, Object.values(BENCH_DATABASES));
    const migration = join(root, 'migrations', 'V1__missing tables.sql');
    await mkdir(join(root, 'migrations'), { recursive: true });
    await writeFile(
      migration,
      'CREATE TABLE IF NOT EXISTS `lupo_thing13_records` (`thing13_record_id` bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (`thing13_record_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n',
    );
    const apply = captureIo({ cwd: root });
    expect(await runCli(['apply', migration, '--yes', ...flags], apply), apply.err.join('')).toBe(0);

    const json = JSON.parse((await handlers['report/render']({ format: 'json', connectionId: 'c1' }, context)).content);
    expect(json.execution).toMatchObject({ status: 'completed', targetDatabase: BENCH_DATABASES.core });
    expect(json.execution.batchId).toBeGreaterThan(0);
    expect(json.migration.file).toBe('migrations/V1__missing tables.sql');
    expect(json.server).toMatchObject({ endpoint: `${url.hostname}:${url.port}`, version: session.serverVersion });
  }, 120_000);
});

import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../support/databases';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import {
  connectWithForm,
  demoConfigWorkspace,
  installDemo,
  openWorkspaceFolder,
  tableNames,
} from './support/demo-workspace';

/**
 * The guarded apply and rollback, end to end in browser mode (issue 7 items 4–6): the demo
 * install on scratch databases lacks 2 core tables; the migration wizard plans them from
 * drift, validates, rehearses, applies with progress after the typed confirmation; the
 * history shows the batch; the rollback wizard undoes it. Screenshots per step.
 */
describe('migration wizard, history and rollback in browser mode', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: Awaited<ReturnType<typeof demoConfigWorkspace>>;
  let workspaceDir: string;
  let core: string;
  let orchestration: string;

  const coreTables = (): Promise<string[]> => tableNames(url, core);

  const lastBatchId = async (): Promise<number> => {
    const connection = await mysql.createConnection({ uri: url });
    try {
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT MAX(batch_id) AS id FROM \`${orchestration}\`.migration_batches`,
      );
      return Number(rows[0]?.id);
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['mw_core', 'mw_orch', 'mw_eph']);
    [core, orchestration] = scratch.names as [string, string, string];
    await installDemo(url, scratch.names);
    workspace = await demoConfigWorkspace(scratch.names, { migrations: 'migrations', backups: 'backups' });
    workspaceDir = workspace.dir;
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await scratch?.drop();
    await workspace?.remove();
  });

  it('opens the workspace and connects', async () => {
    await openWorkspaceFolder(page, workspaceDir);
    await connectWithForm(page, url);
    expect(await coreTables()).not.toContain('lupo_permissions');
  });

  it('plans the drift, shows the statements and SQL, validates and rehearses', async () => {
    await page.getByTestId('nav-migration').click();
    await page.getByTestId('migration-plan-button').click();
    await expect.poll(() => page.getByTestId('plan-target').textContent(), { timeout: 30_000 }).toBe(core);
    expect(await page.getByTestId('plan-statement-row').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('plan-sql').textContent())
      .toContain('CREATE TABLE IF NOT EXISTS `lupo_permissions`');
    // The whole system's tables (20 core + 8 orchestration + 3 ephemeral), as the overview counts them.
    expect(await page.getByTestId('plan-tables').textContent()).toMatch(/^31 → 33 of 180/);
    await screenshot(page, 'migration-01-review');
    await page.getByTestId('migration-validate-button').click();
    await page.getByTestId('validation-ok').waitFor();
    await screenshot(page, 'migration-02-validated');
    await page.getByTestId('migration-rehearse-button').click();
    await expect
      .poll(() => page.getByTestId('rehearsal-result').getAttribute('data-ok'), { timeout: 60_000 })
      .toBe('true');
    await screenshot(page, 'migration-03-rehearsed');
    expect(await coreTables()).not.toContain('lupo_permissions');
  });

  it('applies after the typed confirmation, with progress, and verifies', async () => {
    await page.getByTestId('migration-to-confirm').click();
    const apply = page.getByTestId('migration-apply-button');
    await page.getByTestId('confirm-database-input').fill(`${core}x`);
    expect(await apply.isDisabled()).toBe(true);
    await page.getByTestId('confirm-database-input').fill(core);
    await screenshot(page, 'migration-04-confirm');
    expect(await apply.isDisabled()).toBe(false);
    await apply.click();
    await page.getByTestId('run-progress').waitFor();
    await page.getByTestId('migration-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-percent').textContent()).toBe('100%');
    expect(await page.getByTestId('run-progress').getAttribute('data-status')).toBe('succeeded');
    // Issue 13 item 13: the title follows the run once it ended.
    expect(await page.getByTestId('run-progress').textContent()).toMatch(/^Applied to /);
    expect(await page.getByTestId('migration-done-file').textContent()).toMatch(/2 executed.*verified/);
    await screenshot(page, 'migration-05-done');
    const tables = await coreTables();
    expect(tables).toContain('lupo_permissions');
    expect(tables).toContain('lupo_actor_collections');
    expect((await readdir(join(workspaceDir, 'migrations'))).some((n) => /__drift_core\.sql$/.test(n))).toBe(true);
  });

  it('shows the batch in the history with its file and checks', async () => {
    const batchId = await lastBatchId();
    await page.getByTestId('done-history').click();
    await page.getByTestId(`history-batch-${batchId}`).click();
    await expect.poll(() => page.getByTestId(`history-status-${batchId}`).textContent()).toBe('completed');
    await page.getByTestId('history-detail').waitFor();
    expect(await page.getByTestId('history-file-row').textContent()).toContain('__drift_core.sql');
    expect(await page.getByTestId('history-validations').textContent()).toContain('verify');
    // Lupopedia's own columns: a named batch, written by Lupo Admin into the demo's key-less ledger.
    expect(await page.getByTestId('history-batch-name').textContent()).toMatch(/^apply V\d+__drift_core\.sql to /);
    expect(await page.getByTestId('history-batch-meta').textContent()).toContain('written by Lupo Admin');
    await screenshot(page, 'migration-06-history');
  });

  it('rolls the batch back through the rollback wizard', async () => {
    const batchId = await lastBatchId();
    await page.getByTestId('nav-rollback').click();
    await page.getByTestId(`rollback-batch-${batchId}`).click();
    await page.getByTestId('rollback-preview').waitFor();
    await expect
      .poll(() => page.getByTestId('rollback-statements').textContent())
      .toContain('DROP TABLE IF EXISTS `lupo_permissions`');
    await page.getByTestId('rollback-no-data-loss').waitFor();
    expect(await page.getByTestId('rollback-backup-dir').textContent()).toContain(join(workspaceDir, 'backups'));
    await screenshot(page, 'migration-07-rollback-preview');
    await page.getByTestId('rollback-to-confirm').click();
    await page.getByTestId('rollback-confirm-input').fill(core);
    await page.getByTestId('rollback-run-button').click();
    await page.getByTestId('rollback-done').waitFor({ timeout: 60_000 });
    await screenshot(page, 'migration-08-rolled-back');
    const tables = await coreTables();
    expect(tables).not.toContain('lupo_permissions');
    expect(tables).not.toContain('lupo_actor_collections');
    await page.getByTestId('rollback-done-history').click();
    await expect.poll(() => page.getByTestId(`history-status-${batchId}`).textContent()).toBe('rolled back');
    await screenshot(page, 'migration-09-history-after-rollback');
  });

  it('lists a batch written the way Lupopedia writes one (id 0, no properties) beside ours', async () => {
    const connection = await mysql.createConnection({ uri: url });
    try {
      await connection.query(
        `INSERT INTO \`${orchestration}\`.migration_batches (batch_id, batch_name, batch_status, created_ymdhis) VALUES (0, 'php batch', 'completed', 20250101000000)`,
      );
    } finally {
      await connection.end();
    }
    await page.getByTestId('history-refresh').click();
    const key = 'lupopedia:0:20250101000000';
    await page.getByTestId(`history-batch-${key}`).waitFor();
    expect(await page.getByTestId(`history-origin-${key}`).textContent()).toBe('Lupopedia');
    await page.getByTestId(`history-batch-${key}`).click();
    await expect.poll(() => page.getByTestId('history-batch-name').textContent()).toBe('php batch');
    expect(await page.getByTestId('history-batch-meta').textContent()).toContain('written by Lupopedia');
    expect(await page.getByTestId('history-error').count()).toBe(0);
    await screenshot(page, 'migration-09b-history-lupopedia-row');
  });

  it('applies a chosen file that fails: shows the statement, the server error and the choices', async () => {
    await mkdir(join(workspaceDir, 'migrations'), { recursive: true });
    await writeFile(
      join(workspaceDir, 'migrations', 'V900__broken.sql'),
      [
        '-- lupo-target-role: ephemeral',
        'CREATE TABLE IF NOT EXISTS `lupo_probes` (`probe_id` bigint NOT NULL AUTO_INCREMENT, `created_ymdhis` bigint NOT NULL, `updated_ymdhis` bigint NOT NULL,',
        '  `is_deleted` tinyint NOT NULL DEFAULT 0, `deleted_ymdhis` bigint, PRIMARY KEY (`probe_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
        'INSERT INTO `no_such_table` (`x`) VALUES (1);',
        '',
      ].join('\n'),
    );
    await page.getByTestId('nav-migration').click();
    await page.getByTestId('migration-new').click();
    await page.getByText('Files from the migrations folder').click();
    await page.getByTestId('migration-file-V900__broken.sql').click();
    await page.getByTestId('migration-plan-button').click();
    await expect.poll(() => page.getByTestId('plan-statement-row').count(), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('migration-validate-button').click();
    await page.getByTestId('migration-to-confirm').click();
    const ephemeral = scratch.names[2]!;
    await page.getByTestId('confirm-database-input').fill(ephemeral);
    await page.getByTestId('migration-apply-button').click();
    await page.getByTestId('run-failure').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-failure-message').textContent()).toMatch(
      /V900__broken\.sql:4 failed: .*no_such_table/,
    );
    expect(await page.getByTestId('run-failure-statement').textContent()).toContain('INSERT INTO `no_such_table`');
    await page.getByTestId('failure-resume').waitFor();
    await page.getByTestId('failure-rollback').waitFor();
    await screenshot(page, 'migration-10-failure');
    await page.getByTestId('failure-later').click();
    await page.getByTestId('migration-source').waitFor();
  });
});

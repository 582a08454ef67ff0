import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../support/databases';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { connectWithForm, copyDemoWorkspace, installDemo, tableNames } from './support/demo-workspace';

/** Saves `name.png` in the light scheme and `name-dark.png` in the dark one (the app follows the system scheme). */
async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(200); // let button/loader transitions settle
  await screenshot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(250);
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(60);
}

/**
 * The operator's walk through the app (issue 7), in browser mode against the throwaway
 * server: reopen-able workspace → connect → overview shows the drift → explorer search →
 * relationship map → guarded apply with progress → history → guarded rollback → report
 * saved. One screenshot per step, light and dark, at 1440×900.
 */
describe('operator walk (browser mode)', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: Awaited<ReturnType<typeof copyDemoWorkspace>>;
  let reportDir: string;
  let core: string;

  const coreTables = (): Promise<string[]> => tableNames(url, core);

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['walk_core', 'walk_orch', 'walk_eph']);
    core = scratch.names[0]!;
    await installDemo(url, scratch.names);
    workspace = await copyDemoWorkspace(scratch.names);
    reportDir = await mkdtemp(join(tmpdir(), 'lupo-e2e-walk-report-'));
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await scratch?.drop();
    await workspace?.remove();
    if (reportDir) await rm(reportDir, { recursive: true, force: true });
  });

  it('opens the workspace from the palette, remembers it across a reload, and connects', async () => {
    await expect.poll(() => page.getByTestId('workspace-badge').textContent(), { timeout: 15_000 }).toContain('Demo');
    await page.getByTestId('palette-button').click();
    await page.keyboard.type('open workspace');
    await page.keyboard.press('Enter');
    await page.getByTestId('workspace-dialog-path').fill(join(workspace.dir, 'no-such-folder'));
    await page.getByTestId('workspace-dialog-open').click();
    await expect.poll(() => page.getByTestId('workspace-dialog-error').textContent()).toBeTruthy();
    await page.getByTestId('workspace-dialog-path').fill(workspace.dir);
    await page.getByTestId('workspace-dialog-open').click();
    await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBe(basename(workspace.dir));
    await page.reload();
    await expect
      .poll(() => page.getByTestId('workspace-badge').textContent(), { timeout: 15_000 })
      .toBe(basename(workspace.dir));
    await connectWithForm(page, url);
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent()).toBe('20');
    await shoot(page, 'walk-01-connect');
  });

  it('shows the drift on the overview: the two missing core tables', async () => {
    await page.getByTestId('nav-overview').click();
    await expect.poll(() => page.getByTestId('role-core-live').textContent(), { timeout: 30_000 }).toBe('20');
    expect(await page.getByTestId('drift-missing').textContent()).toBe('2');
    expect(await page.getByTestId('role-core-definitions').textContent()).toBe('22');
    await page.getByTestId('last-run-none').waitFor();
    await shoot(page, 'walk-02-overview');
  });

  it('finds a table in the explorer by part of its name', async () => {
    await page.getByTestId('nav-explorer').click();
    await page.getByTestId('explorer-search').fill('actor_coll');
    await expect.poll(() => page.getByTestId('explorer-count').textContent()).toMatch(/^1 of \d+ tables$/);
    await page.getByTestId('table-row').first().click();
    await expect.poll(() => page.getByTestId('table-detail-name').textContent()).toBe('lupo_actor_collections');
    await shoot(page, 'walk-03-explorer');
  });

  it('renders the relationship map', async () => {
    await page.getByTestId('nav-relationships').click();
    const map = page.getByTestId('relationship-map');
    await page.locator('[data-testid=map-node]').first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(await map.getAttribute('data-edge-count'))).toBeGreaterThan(0);
    await shoot(page, 'walk-04-relationships');
  });

  it('plans the drift and applies it with progress; the sidebar counts follow', async () => {
    await page.getByTestId('nav-migration').click();
    await page.getByTestId('migration-plan-button').click();
    await expect.poll(() => page.getByTestId('plan-target').textContent(), { timeout: 30_000 }).toBe(core);
    expect(await page.getByTestId('plan-statement-row').count()).toBe(2);
    await shoot(page, 'walk-05-migration-review');
    await page.getByTestId('migration-validate-button').click();
    await page.getByTestId('validation-ok').waitFor();
    await page.getByTestId('migration-to-confirm').click();
    await page.getByTestId('confirm-database-input').fill(core);
    await page.getByTestId('migration-apply-button').click();
    await page.getByTestId('run-progress').waitFor();
    await page.getByTestId('migration-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-percent').textContent()).toBe('100%');
    expect(await page.getByTestId('migration-done-file').textContent()).toMatch(/2 executed.*verified/);
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent(), { timeout: 15_000 }).toBe('22');
    await shoot(page, 'walk-06-migration-done');
    expect(await coreTables()).toEqual(expect.arrayContaining(['lupo_actor_collections', 'lupo_permissions']));
  });

  it('shows the batch in the history and as the overview’s last run', async () => {
    await page.getByTestId('nav-overview').click();
    await expect.poll(() => page.getByTestId('last-run-status').textContent(), { timeout: 15_000 }).toBe('completed');
    await expect.poll(() => page.getByTestId('drift-missing').textContent(), { timeout: 15_000 }).toBe('0');
    await page.getByTestId('last-run-history').click();
    const batch = page.locator('[data-testid^="history-batch-"]').first();
    await batch.click();
    await page.getByTestId('history-detail').waitFor();
    expect(await page.getByTestId('history-file-row').textContent()).toContain('__drift_core.sql');
    // Every check's result reads whole ("PASS", not "P…" squeezed by the details beside it).
    const labels = page.getByTestId('history-validations').locator('.mantine-Badge-label');
    await expect.poll(() => labels.count()).toBeGreaterThan(3);
    const clipped = await labels.evaluateAll((nodes) =>
      nodes.filter((node) => node.scrollWidth > node.clientWidth).map((node) => node.textContent),
    );
    expect(clipped).toEqual([]);
    await shoot(page, 'walk-07-history');
  });

  it('undoes the batch with the rollback wizard; the sidebar counts follow', async () => {
    await page.getByTestId('nav-rollback').click();
    await page.locator('[data-testid^="rollback-batch-"]').first().click();
    await page.getByTestId('rollback-preview').waitFor();
    await page.getByTestId('rollback-to-confirm').click();
    await page.getByTestId('rollback-confirm-input').fill(core);
    await page.getByTestId('rollback-run-button').click();
    await page.getByTestId('rollback-done').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent(), { timeout: 15_000 }).toBe('20');
    await shoot(page, 'walk-08-rollback');
    expect(await coreTables()).not.toContain('lupo_permissions');
  });

  it('exports the sync report to a file', async () => {
    await page.getByTestId('nav-overview').click();
    await expect.poll(() => page.getByTestId('last-run-title').textContent(), { timeout: 15_000 }).toMatch(/rollback/);
    await page.getByTestId('report-open').click();
    await expect
      .poll(() => page.getByTestId('report-preview-text').textContent(), { timeout: 20_000 })
      .toContain('lupo_permissions');
    const target = join(reportDir, 'walk-report.md');
    await page.getByTestId('report-path').fill(target);
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-saved').textContent(), { timeout: 15_000 }).toContain(target);
    expect((await stat(target)).size).toBeGreaterThan(500);
    await shoot(page, 'walk-09-report');
  });
});

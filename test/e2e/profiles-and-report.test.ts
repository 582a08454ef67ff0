import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../support/databases';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { fillServerFields, installDemo } from './support/demo-workspace';

/** Issues 4 and 5/7: a saved profile connects to its three role databases; the sync report is previewed and saved. */
describe('connection profiles and report export (browser mode)', () => {
  const url = inject('mysqlUrl');
  const server = new URL(url);
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let out: string;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['e2e_prof_core', 'e2e_prof_orch', 'e2e_prof_eph']);
    await installDemo(url, scratch.names);
    out = await mkdtemp(join(tmpdir(), 'lupo-e2e-report-'));
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await scratch?.drop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('saves a profile, connects with it, shows the role databases, previews and saves the report', async () => {
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    // Wait for the demo workspace, so the new form starts from its role database names.
    await expect.poll(() => page.getByTestId('workspace-badge').textContent(), { timeout: 15_000 }).toContain('Demo');

    await page.getByTestId('profile-name').fill('E2E local');
    await fillServerFields(page, url);
    await page.getByTestId('profile-save-password').check();
    await page.getByTestId('tab-databases').click();
    // Issue 13 item 6: the profile's own names count only with the explicit switch on.
    expect(await page.getByTestId('profile-db-core').isDisabled()).toBe(true);
    await page.getByTestId('profile-override-databases').check();
    expect(await page.getByTestId('tab-databases').textContent()).toContain('own names');
    await page.getByTestId('profile-db-core').fill(core);
    await page.getByTestId('profile-db-orchestration').fill(orchestration);
    await page.getByTestId('profile-db-ephemeral').fill(ephemeral);
    await page.getByTestId('connect-test').click();
    await expect
      .poll(() => page.getByTestId('connect-test-result').getAttribute('data-ok'), { timeout: 15_000 })
      .toBe('true');
    await page.getByTestId('profile-save').click();
    const list = page.getByTestId('profile-list');
    await expect.poll(() => list.textContent()).toContain('E2E local');
    // The throwaway server's root has no password; with one, the list says it is saved.
    if (server.password) expect(await list.textContent()).toContain('password saved');
    await screenshot(page, 'profiles-01-saved');

    // A fresh page: the profile comes from the engine, the password from the profile's saved secret.
    await page.reload();
    await page.getByTestId('profile-item-E2E local').click();
    await page.getByTestId('connect-submit').click();
    await expect.poll(() => page.getByTestId('role-db-count-core').textContent(), { timeout: 15_000 }).toContain('20');
    expect(await page.getByTestId('role-db-count-orchestration').textContent()).toContain('8');
    expect(await page.getByTestId('role-db-count-ephemeral').textContent()).toContain('3');
    expect(await page.getByTestId('sidebar-count-core').textContent()).toBe('20');
    expect(await page.getByTestId('role-db-core').textContent()).toContain(core);
    await screenshot(page, 'profiles-02-connected');

    // Export from the overview, against the live databases.
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('report-open').click();
    const preview = page.getByTestId('report-preview-text');
    await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toContain('Missing tables');
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain('lupo_actor_collections');
    expect(text).toContain('lupo_permissions');
    await screenshot(page, 'report-01-markdown');

    await page.getByTestId('report-format').getByText('HTML').click();
    const frame = page.frameLocator('[data-testid="report-preview-html"]');
    await expect.poll(() => frame.locator('h1').first().textContent(), { timeout: 15_000 }).toMatch(/report/i);
    await screenshot(page, 'report-02-html');

    await page.getByTestId('report-format').getByText('Markdown').click();
    const target = join(out, 'nested', 'sync-report.md');
    await page.getByTestId('report-path').fill(target);
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-saved').textContent(), { timeout: 15_000 }).toContain(target);
    const saved = await readFile(target, 'utf8');
    expect(saved).toContain('Missing tables');
    expect(saved).toContain('lupo_permissions');
    await screenshot(page, 'report-03-saved');
    await page.close();
  });

  it('opens the export dialog from the command palette and the drift view', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('workspace-badge').textContent(), { timeout: 15_000 }).toContain('Demo');
    await page.getByTestId('palette-button').click();
    await page.keyboard.type('export sync report');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('report-preview-text').textContent(), { timeout: 15_000 })
      .toContain('lupo_actor_collections');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-drift').click();
    await page.getByTestId('report-open').click();
    await expect.poll(() => page.getByTestId('report-preview-text').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.close();
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { copyDemoWorkspace, openWorkspaceFolder } from './support/demo-workspace';

/**
 * Issue 13 item 9: in browser mode (remote use over SSH) the PDF is downloaded through the
 * contract, and "Save to" is remembered per workspace — a report of one workspace never
 * lands on a path typed for another.
 */
describe('report export (browser mode)', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let first: Awaited<ReturnType<typeof copyDemoWorkspace>>;
  let second: Awaited<ReturnType<typeof copyDemoWorkspace>>;

  beforeAll(async () => {
    first = await copyDemoWorkspace(['rx_core_a', 'rx_orch_a', 'rx_eph_a']);
    second = await copyDemoWorkspace(['rx_core_b', 'rx_orch_b', 'rx_eph_b']);
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await first?.remove();
    await second?.remove();
  });

  it('downloads the PDF and keeps the save path per workspace', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('workspace-badge').textContent(), { timeout: 15_000 }).toBeTruthy();

    await openWorkspaceFolder(page, first.dir);
    await page.getByTestId('report-open').click();
    await expect.poll(() => page.getByTestId('report-preview-text').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('report-format').getByText('PDF').click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('report-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sync-report-e2e-walk-\d{8}\.pdf$/);
    const file = await download.path();
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(page, 'report-export-01-pdf');

    const typed = join(first.dir, 'out', 'first-report.pdf');
    await page.getByTestId('report-path').fill(typed);
    await page.keyboard.press('Escape');

    await openWorkspaceFolder(page, second.dir);
    await page.getByTestId('report-open').click();
    await expect.poll(() => page.getByTestId('report-path').inputValue()).toBe('reports/sync-report.pdf');
    await page.keyboard.press('Escape');

    await openWorkspaceFolder(page, first.dir);
    await page.getByTestId('report-open').click();
    await expect.poll(() => page.getByTestId('report-path').inputValue()).toBe(typed);
    await context.close();
  }, 120_000);
});

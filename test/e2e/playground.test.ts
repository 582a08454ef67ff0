import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { stopSandbox } from '../../electron/engine/sandbox/sandbox-state';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';

/** Issue 6 item 7: with no saved profile, the local playground is the offered first connection. */
describe('local playground in browser mode', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    // The playground is detached: stop it even when the test failed before its Stop click.
    if (app) await stopSandbox(app.userDataDir).catch(() => undefined);
    await app?.close();
  });

  it('starts the playground from the connection screen, connects to it, and stops it', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(app.url);
    // With no saved profile the screen offers the playground; opening it highlights its entry of the list.
    await expect.poll(() => page.getByTestId('playground-offer').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('playground-offer-open').click();
    expect(await page.getByTestId('profile-item-playground').getAttribute('aria-selected')).toBe('true');
    const card = page.getByTestId('playground-card');
    const status = page.getByTestId('playground-status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Not running');

    await page.getByTestId('playground-start').click();
    await expect
      .poll(() => status.textContent(), { timeout: 60_000 })
      .toMatch(/^Running at 127\.0\.0\.1:\d+ since .+\(\d+\.\d+\.\d+/);
    const port = /127\.0\.0\.1:(\d+)/.exec((await status.textContent()) ?? '')?.[1];

    await page.getByTestId('playground-connect').click();
    await expect
      .poll(() => page.getByTestId('server-version').textContent(), { timeout: 15_000 })
      .toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.getByTestId('connection-result').textContent()).toContain(`root@127.0.0.1:${port}`);
    // The list marks the playground entry as the connection (issue 13 item 12: one Connect path).
    expect(await page.getByTestId('profile-item-playground').locator('[aria-label="connected"]').count()).toBe(1);
    // The open (demo) workspace's role database names came along.
    expect(await page.getByTestId('role-databases').textContent()).toContain('lupo_demo_core');
    await expect.poll(() => card.getAttribute('data-running')).toBe('true');
    // Nothing is loaded yet: a login that sees the role databases absent, not "no privilege" (root sees mysql & co.).
    expect(await page.getByTestId('role-db-core').getAttribute('data-exists')).toBe('false');

    // Issue 13 item 16: "Load demo install.sql" fills the playground; the sidebar follows.
    await page.getByTestId('playground-load-demo').click();
    await expect
      .poll(() => page.getByTestId('playground-demo-result').textContent(), { timeout: 30_000 })
      .toContain('lupo_demo_core: 20 tables');
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent(), { timeout: 15_000 }).toBe('20');
    await screenshot(page, 'playground-01');

    // Issue 13 item 11: Stop deletes the playground's data, so it asks first; "Keep it running" keeps it.
    await page.getByTestId('playground-stop').click();
    await expect
      .poll(() => page.getByTestId('playground-stop-dialog').textContent())
      .toContain('deletes its databases');
    await page.getByTestId('playground-stop-cancel').click();
    await expect.poll(() => page.getByTestId('playground-stop-confirm').count()).toBe(0);
    expect(await status.textContent()).toMatch(/^Running at/);
    await page.getByTestId('playground-stop').click();
    await page.getByTestId('playground-stop-confirm').click();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Not running');
    // Stopping closed the connection to it first.
    await expect.poll(() => page.getByTestId('server-version').count()).toBe(0);
    await expect.poll(() => page.getByTestId('playground-start').isVisible()).toBe(true);
    await page.close();
  });
});

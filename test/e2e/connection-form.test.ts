import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { fillServerFields } from './support/demo-workspace';

/**
 * Issue 13 item 12: the connection form tells one story — a failed Test or a closed port is
 * one alert (never "connection lost"), and the form shows the connected profile (not an
 * empty unsaved form) when the screen is opened again.
 */
describe('connection form (browser mode)', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a failed Test and a closed port each give one clear alert', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await page.getByTestId('connect-host').fill('127.0.0.1');
    await page.getByTestId('connect-port').fill('1');
    await page.getByTestId('connect-user').fill('root');
    await page.getByTestId('connect-test').click();
    await expect.poll(() => page.getByTestId('connect-test-result').count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(1_000);
    const alerts = async () => page.locator('[role="alert"], .mantine-Notification-root').allTextContents();
    const afterTest = await alerts();
    expect(afterTest.filter((text) => /Nothing accepted/.test(text))).toHaveLength(1);

    await page.getByTestId('connect-submit').click();
    await expect.poll(() => page.getByTestId('connect-error').count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(1_500);
    const afterConnect = (await alerts()).join('\n');
    expect(afterConnect).not.toMatch(/connection lost/i);
    expect((await alerts()).filter((text) => /Nothing accepted/.test(text))).toHaveLength(1);
    await screenshot(page, 'connection-form-01-closed-port');
    await page.close();
  }, 60_000);

  it('shows the connected profile when the screen is opened again', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await page.getByTestId('profile-name').fill('Form e2e');
    await fillServerFields(page, url);
    await page.getByTestId('profile-save').click();
    await expect.poll(() => page.getByTestId('profile-list').textContent()).toContain('Form e2e');
    await page.reload();
    await page.getByTestId('profile-connect-Form e2e').click();
    await expect.poll(() => page.getByTestId('server-version').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('nav-connect').click();
    await expect.poll(() => page.getByTestId('profile-name').inputValue()).toBe('Form e2e');
    expect(await page.getByTestId('screen-connect').textContent()).not.toMatch(/unsaved/i);
    await screenshot(page, 'connection-form-02-connected-profile');
    await page.close();
  }, 60_000);
});

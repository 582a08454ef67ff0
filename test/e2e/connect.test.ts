import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';

/** Issue 2's first feature, end to end: browser mode → connection screen → databases listed. */
describe('connect in browser mode', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  const server = new URL(inject('mysqlUrl'));

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('refuses the app URL without its token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(app.url.replace(/\?token=.*$/, ''));
    expect(response?.status()).toBe(401);
    await page.close();
  });

  it('connects to the server and lists its databases', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(app.url);
    await page.getByTestId('connect-host').fill(server.hostname);
    await page.getByTestId('connect-port').fill(server.port || '3306');
    await page.getByTestId('connect-user').fill(decodeURIComponent(server.username || 'root'));
    await page.getByTestId('connect-password').fill(decodeURIComponent(server.password));
    await screenshot(page, '01-connect');
    await page.getByTestId('connect-submit').click();
    await expect
      .poll(() => page.getByTestId('server-version').textContent(), { timeout: 15_000 })
      .toMatch(/MariaDB|\d+\.\d+/);
    const list = page.getByTestId('database-list');
    await expect.poll(() => list.textContent()).toContain('mysql');
    await screenshot(page, '02-databases');
    await page.close();
  });

  it('shows what to check when the password is wrong', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByTestId('connect-host').fill(server.hostname);
    await page.getByTestId('connect-port').fill(server.port || '3306');
    await page.getByTestId('connect-user').fill('no_such_user');
    await page.getByTestId('connect-password').fill('wrong-password');
    await page.getByTestId('connect-submit').click();
    const error = page.getByTestId('connect-error');
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toMatch(/Access denied/);
    expect(await error.textContent()).toMatch(/password/i);
    await page.close();
  });

  it('shows what to check when nothing listens on the port', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByTestId('connect-host').fill('127.0.0.1');
    await page.getByTestId('connect-port').fill('1');
    await page.getByTestId('connect-user').fill('root');
    await page.getByTestId('connect-submit').click();
    await expect
      .poll(() => page.getByTestId('connect-error').textContent(), { timeout: 15_000 })
      .toMatch(/Nothing accepted/);
    await page.close();
  });
});

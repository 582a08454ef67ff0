import mysql from 'mysql2/promise';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';
import { demoConfigWorkspace, fillServerFields, openWorkspaceFolder } from './support/demo-workspace';

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
    await page.getByTestId('profile-item-Form e2e').click();
    await page.getByTestId('connect-submit').click();
    await expect.poll(() => page.getByTestId('server-version').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('nav-connect').click();
    await expect.poll(() => page.getByTestId('profile-name').inputValue()).toBe('Form e2e');
    expect(await page.getByTestId('screen-connect').textContent()).not.toMatch(/unsaved/i);
    await screenshot(page, 'connection-form-02-connected-profile');
    await page.close();
  }, 60_000);

  it('has one Connect, for exactly the highlighted entry; the list works with the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    const item = (name: string) => page.getByTestId(`profile-item-${name}`);
    const connectButtons = page.getByRole('button', { name: 'Connect', exact: true });
    // "Form e2e" was saved by the test before; highlight it.
    await expect.poll(() => item('Form e2e').count(), { timeout: 15_000 }).toBe(1);
    await item('Form e2e').click();
    expect(await item('Form e2e').getAttribute('aria-selected')).toBe('true');
    expect(await item('playground').getAttribute('aria-selected')).toBe('false');
    expect(await connectButtons.count()).toBe(1);
    expect(await page.getByTestId('playground-connect').count()).toBe(0);

    // The playground is an entry of the same list: highlighting it replaces the form (and its Connect).
    await item('playground').click();
    expect(await item('playground').getAttribute('aria-selected')).toBe('true');
    expect(await item('Form e2e').getAttribute('aria-selected')).toBe('false');
    await expect.poll(() => page.getByTestId('playground-card').count()).toBe(1);
    expect(await page.getByTestId('connect-submit').count()).toBe(0);
    expect(await connectButtons.count()).toBeLessThanOrEqual(1);
    expect(await page.getByTestId('profile-list').getAttribute('role')).toBe('listbox');
    await screenshot(page, 'connection-form-03-playground-entry');

    // Keyboard (issue 13 item 13): one Tab stop for the list, arrows move, Enter opens.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    expect(await item('playground').getAttribute('tabindex')).toBe('0');
    expect(await item('Form e2e').getAttribute('tabindex')).toBe('-1');
    await item('playground').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('profile-item-Form e2e');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('profile-item-playground');
    await page.keyboard.press('End');
    expect(await focused()).toBe('profile-item-Form e2e');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('profile-name').inputValue()).toBe('Form e2e');
    expect(await item('Form e2e').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('profile-item-playground');

    // Connect acts on the highlighted profile, and the list marks it connected.
    await page.getByTestId('connect-submit').click();
    await expect.poll(() => item('Form e2e').locator('[aria-label="connected"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await item('playground').locator('[aria-label="connected"]').count()).toBe(0);
    await page.close();
  }, 60_000);
});

/**
 * Issue 13 item 12: a server that goes away (its port closed) while the app is connected.
 * Acting in the app then gives one "Connection lost" (the banner, with Reconnect) — no
 * second alert, no raw socket error — and what was read before is marked as such, not shown
 * as current; Reconnect after the server is back reads everything again.
 */
describe('a server that goes away while connected (browser mode)', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let server: LocalServer;
  let workspace: Awaited<ReturnType<typeof demoConfigWorkspace>>;
  const names = ['lost_core', 'lost_orch', 'lost_eph'];

  beforeAll(async () => {
    [app, browser, server, workspace] = await Promise.all([
      startApp(),
      launchBrowser(),
      startLocalServer(),
      demoConfigWorkspace(names),
    ]);
    const admin = await mysql.createConnection({ uri: server.url });
    try {
      await admin.query('CREATE DATABASE lost_core');
      for (const table of ['a', 'b', 'c'])
        await admin.query(`CREATE TABLE lost_core.${table} (${table}_id bigint NOT NULL, PRIMARY KEY (${table}_id))`);
    } finally {
      await admin.end();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await server?.destroy();
    await workspace?.remove();
  });

  it('says "connection lost" once, marks what it read as stale, and reconnects', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await openWorkspaceFolder(page, workspace.dir);
    await page.getByTestId('nav-connect').click();
    await fillServerFields(page, server.url);
    await page.getByTestId('connect-submit').click();
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent(), { timeout: 15_000 }).toBe('3');
    await page.getByTestId('nav-overview').click();
    await expect.poll(() => page.getByTestId('role-core-live').textContent(), { timeout: 15_000 }).toBe('3');

    await server.kill();
    // Act in the app: analyze again, then read the ledger.
    await page.getByTestId('workspace-analyze').click();
    await expect.poll(() => page.getByTestId('connection-lost-banner').count(), { timeout: 15_000 }).toBe(1);
    const lossAlerts = async () =>
      (await page.locator('[role="alert"], .mantine-Notification-root').allTextContents()).filter((text) =>
        /lost|ECONNREFUSED|refused|internal|bug in Lupo/i.test(text),
      );
    await expect.poll(() => page.getByTestId('analysis-error').count()).toBe(0);
    expect(await lossAlerts(), (await lossAlerts()).join(' | ')).toHaveLength(1);
    expect((await lossAlerts())[0]).toMatch(/^Connection lost — The connection to 127\.0\.0\.1:\d+ was lost/);
    // What was read before stays, marked as such.
    expect(await page.getByTestId('overview-stale').count()).toBe(1);
    expect(await page.getByTestId('role-core-live').textContent()).toBe('3');
    expect(await page.getByTestId('role-core-live').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('sidebar-count-core').getAttribute('data-stale')).toBe('true');
    await screenshot(page, 'connection-lost-01-overview');

    await page.getByTestId('nav-history').click();
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId('history-error').count()).toBe(0);
    expect(await lossAlerts(), (await lossAlerts()).join(' | ')).toHaveLength(1);
    await page.getByTestId('nav-explorer').click();
    await page.waitForTimeout(500);
    expect(await lossAlerts(), (await lossAlerts()).join(' | ')).toHaveLength(1);

    // The server comes back on its port: Reconnect reads everything again.
    await server.restart();
    await page.getByTestId('connection-reconnect').click();
    await expect.poll(() => page.getByTestId('connection-lost-banner').count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('nav-overview').click();
    await expect.poll(() => page.getByTestId('overview-stale').count()).toBe(0);
    expect(await page.getByTestId('sidebar-count-core').getAttribute('data-stale')).toBeNull();
    await expect.poll(() => page.getByTestId('role-core-live').textContent(), { timeout: 15_000 }).toBe('3');
    await page.close();
  }, 120_000);
});

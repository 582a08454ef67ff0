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

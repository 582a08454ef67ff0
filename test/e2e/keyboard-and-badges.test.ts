import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { fillServerFields } from './support/demo-workspace';

/** Issue 13 item 13: every screen is reachable with Tab, and status badges are never cut ("ABSE…"). */
describe('keyboard and badges (browser mode)', () => {
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

  it('reaches every sidebar screen with Tab and opens it with Enter', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId('nav-overview').count(), { timeout: 15_000 }).toBe(1);
    const navIds = await page
      .locator('nav[aria-label="Screens"] [data-testid^="nav-"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(navIds.length).toBeGreaterThan(5);
    const reached = new Set<string>();
    for (let i = 0; i < 60 && reached.size < navIds.length; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
      if (id.startsWith('nav-')) reached.add(id);
    }
    expect([...reached].sort()).toEqual([...navIds].sort());
    await page.getByTestId('nav-history').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('nav-history').getAttribute('aria-current')).toBe('page');
    await page.close();
  }, 60_000);

  it('offers a way forward from an empty Migration screen when disconnected', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(app.url);
    await page.getByTestId('nav-migration').click();
    await expect.poll(() => page.getByTestId('migration-not-connected').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('migration-new').isDisabled()).toBe(true);
    await page.getByTestId('migration-go-connect').click();
    await expect.poll(() => page.getByTestId('nav-connect').getAttribute('aria-current')).toBe('page');
    await page.close();
  }, 60_000);

  it('says when a search matches no table, and clears it', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(app.url);
    await page.getByTestId('nav-explorer').click();
    await expect.poll(() => page.getByTestId('explorer-count').textContent(), { timeout: 15_000 }).toMatch(/ of [1-9]/);
    await page.getByTestId('explorer-search').fill('no_such_table_anywhere');
    await expect.poll(() => page.getByTestId('explorer-no-match').textContent()).toContain('no_such_table_anywhere');
    await page.getByTestId('explorer-clear-filters').click();
    await expect.poll(() => page.getByTestId('explorer-no-match').count()).toBe(0);
    expect(await page.getByTestId('explorer-search').inputValue()).toBe('');
    await page.close();
  }, 60_000);

  it('shows status badges whole in the sidebar of a narrow window', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(app.url);
    await fillServerFields(page, url);
    await page.getByTestId('connect-submit').click();
    const badges = page.locator('[data-testid^="sidebar-absent-"], [data-testid^="sidebar-no-privilege-"]');
    // The demo names (lupo_demo_*) are not on the throwaway server: each role shows a status badge.
    await expect.poll(() => badges.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const texts = await badges.allTextContents();
    expect(texts.every((text) => text === 'absent' || text === 'no privilege')).toBe(true);
    const cut = await badges.evaluateAll((elements) =>
      elements.some((element) =>
        [element, ...element.querySelectorAll('*')].some((node) => node.scrollWidth > node.clientWidth + 1),
      ),
    );
    expect(cut).toBe(false);
    await screenshot(page, 'sidebar-absent-badge');
    await page.close();
  }, 60_000);
});

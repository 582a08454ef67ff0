import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';

/** Every map node inside the visible map area (the view was fitted to the whole graph). */
async function allNodesInView(page: Page): Promise<boolean> {
  return page.getByTestId('relationship-map').evaluate((map) => {
    const frame = map.getBoundingClientRect();
    return [...map.querySelectorAll('.react-flow__node')].every((node) => {
      const box = node.getBoundingClientRect();
      return (
        box.left >= frame.left - 2 &&
        box.right <= frame.right + 2 &&
        box.top >= frame.top - 2 &&
        box.bottom <= frame.bottom + 2
      );
    });
  });
}

/** Issue 13 item 10: the relationship map has a minimap, search-to-highlight, and refits when "Centre on table" is cleared. */
describe('relationship map (browser mode)', () => {
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

  it('highlights tables by name, shows a minimap, and refits after centring', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await page.getByTestId('nav-relationships').click();
    const map = page.getByTestId('relationship-map');
    await expect.poll(() => map.getAttribute('data-node-count'), { timeout: 20_000 }).not.toBe('0');
    const total = Number(await map.getAttribute('data-node-count'));
    expect(await map.locator('.react-flow__minimap').count()).toBe(1);
    // The minimap draws every node of the map.
    await expect.poll(() => map.locator('.react-flow__minimap-node').count()).toBe(total);

    await page.getByTestId('map-highlight').fill('migration_');
    await expect
      .poll(() => page.getByTestId('map-highlight-count').textContent())
      .toMatch(/^\d+ table\(s\) highlighted$/);
    const highlighted = Number(/^(\d+)/.exec((await page.getByTestId('map-highlight-count').textContent()) ?? '')?.[1]);
    expect(highlighted).toBeGreaterThan(0);
    expect(highlighted).toBeLessThan(total);
    expect(await page.locator('.react-flow__node.lupo-map-match').count()).toBe(highlighted);
    await screenshot(page, 'map-01-highlight');
    await page.getByTestId('map-highlight').fill('zz_no_such');
    await expect.poll(() => page.getByTestId('map-highlight-count').textContent()).toBe('No table on the map matches');
    await page.getByTestId('map-highlight').fill('');

    await page.getByTestId('map-focus').click();
    await page.getByTestId('map-focus').fill('lupo_actors');
    await page.getByRole('option', { name: 'lupo_actors', exact: true }).click();
    await expect.poll(() => map.getAttribute('data-node-count')).not.toBe(String(total));
    // Clearing the centre shows the whole graph again, fitted to the view.
    await page.locator('.mantine-Select-section button').first().click();
    await expect.poll(() => map.getAttribute('data-node-count'), { timeout: 15_000 }).toBe(String(total));
    await expect.poll(() => allNodesInView(page), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'map-02-refit');
    await page.close();
  }, 90_000);
});

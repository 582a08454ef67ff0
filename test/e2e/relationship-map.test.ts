import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { relatedTables, writeRelatedWorkspace } from '../support/related-schema';
import { openWorkspaceFolder } from './support/demo-workspace';

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

/** Width / height of the box around every drawn node (on screen, after fitting the view). */
async function drawnAspect(page: Page): Promise<number> {
  return page.getByTestId('relationship-map').evaluate((map) => {
    const boxes = [...map.querySelectorAll('.react-flow__node')].map((node) => node.getBoundingClientRect());
    const width = Math.max(...boxes.map((b) => b.right)) - Math.min(...boxes.map((b) => b.left));
    const height = Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top));
    return width / height;
  });
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function exported(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()])) as [
    Download,
    unknown,
  ];
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
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

/** Issue 13 item 10 at the size of a real system: 185 tables, 164 inferred relationships. */
describe('relationship map of a 185-table system (browser mode)', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lupo-e2e-map185-'));
    await writeRelatedWorkspace(dir, 185, { core: 'map_core', orchestration: 'map_orch', ephemeral: 'map_eph' });
    app = await startApp();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('clusters by name prefix or connected group, collapses, labels edges on hover, exports PNG and SVG', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await openWorkspaceFolder(page, dir);
    await page.getByTestId('nav-relationships').click();
    const map = page.getByTestId('relationship-map');
    await expect.poll(() => map.getAttribute('data-table-count'), { timeout: 30_000 }).toBe('185');
    await expect.poll(() => map.getAttribute('data-laying-out'), { timeout: 30_000 }).toBe('false');
    expect(await map.getAttribute('data-edge-count')).toBe('164');
    // Grouped by name prefix into labelled clusters, every one open at this size.
    const clusters = map.getByTestId('map-cluster');
    await expect.poll(() => clusters.count()).toBeGreaterThan(10);
    expect(await map.locator('[data-testid="map-cluster"][data-cluster="lupo_doctrine_*"]').count()).toBe(1);
    expect(await map.locator('[data-testid="map-cluster"][data-expanded="false"]').count()).toBe(0);
    // Readable: the clusters are packed into a wide block, not one tall column.
    expect(await drawnAspect(page)).toBeGreaterThan(0.8);
    // Edge labels only where they can be read: none at the fitted zoom, a table's own on hover.
    expect(await map.getByTestId('map-edge-label').count()).toBe(0);
    await map.locator('[data-testid="map-node"][data-table="lupo_doctrine_edges"]').hover();
    await expect.poll(() => map.getByTestId('map-edge-label').allTextContents()).toContain('doctrine_id');
    await screenshot(page, 'map-03-clusters-185');

    // Exports of the map as drawn: a real PNG, and an SVG holding every table's name.
    const png = await exported(page, 'map-export-png');
    expect(png.name).toBe('relationship-map.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(1000); // IHDR width
    expect(png.bytes.length).toBeGreaterThan(50_000);
    const svg = await exported(page, 'map-export-svg');
    expect(svg.name).toBe('relationship-map.svg');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? '',
        root: doc.documentElement.localName,
        texts: [...doc.querySelectorAll('text')].map((t) => t.firstChild?.textContent ?? ''),
      };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBe('');
    expect(parsed.root).toBe('svg');
    for (const table of relatedTables(185)) expect(parsed.texts).toContain(table.name);

    // Collapsed, each cluster is one node; relationships between clusters are bundled with a count.
    await page.getByTestId('map-collapse-all').click();
    await expect.poll(() => map.getAttribute('data-table-count')).toBe('0');
    await expect.poll(() => map.getByTestId('map-edge-label').count()).toBeGreaterThan(0);
    expect(await map.getByTestId('map-edge-label').first().textContent()).toMatch(/^\d+ links?$/);
    await map.locator('[data-cluster="lupo_doctrine_*"]').getByTestId('map-cluster-toggle').click();
    await expect.poll(() => map.getAttribute('data-table-count')).toBe('10');
    await screenshot(page, 'map-04-collapsed');

    // By connected group: the hub everyone refers to stands apart, the families form the groups.
    await page.getByTestId('map-grouping').getByText('Connected').click();
    await expect.poll(() => map.locator('[data-cluster="around lupo_doctrines"]').count()).toBe(1);
    expect(await map.locator('[data-cluster="shared by many"]').count()).toBe(1);
    await page.close();
  }, 120_000);
});

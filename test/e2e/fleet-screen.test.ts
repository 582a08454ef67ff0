import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../support/databases';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { connectWithForm, demoConfigWorkspace, openWorkspaceFolder } from './support/demo-workspace';

const TARGETS = 200;
const TABLES = 200;

/**
 * The Fleet screen in a real Chromium (issue 15): 200 targets × 200 tables (every target
 * points at the same scratch database of the test server, one of them at another that lacks
 * a table), the matrix virtualized — a bounded number of cells in the DOM while scrolling to
 * the last target — and the topology badge in the sidebar.
 */
describe('fleet screen in browser mode', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: Awaited<ReturnType<typeof demoConfigWorkspace>>;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['e2e_fcore', 'e2e_forch', 'e2e_feph', 'e2e_fother']);
    const [core, , , other] = scratch.names as [string, string, string, string];
    const c = await mysql.createConnection({ uri: url, multipleStatements: true });
    const ddl = (db: string, n: number): string =>
      Array.from(
        { length: n },
        (_, i) =>
          `CREATE TABLE \`${db}\`.\`fleet_t${String(i).padStart(3, '0')}\` (\`fleet_t${i}_id\` bigint NOT NULL AUTO_INCREMENT, \`label\` varchar(64) NOT NULL, PRIMARY KEY (\`fleet_t${i}_id\`)) ENGINE=InnoDB`,
      ).join(';\n');
    await c.query(ddl(core, TABLES));
    await c.query(ddl(other, TABLES - 1));
    await c.end();
    workspace = await demoConfigWorkspace(scratch.names.slice(0, 3));
    await writeFile(
      join(workspace.dir, 'lupo.fleet.json'),
      JSON.stringify({
        name: 'e2e-fleet',
        parallelism: 8,
        targets: Array.from({ length: TARGETS }, (_, i) => ({
          name: `t${String(i + 1).padStart(3, '0')}`,
          url,
          databases: { core: i === TARGETS - 1 ? other : core },
          canary: i === 0,
        })),
      }),
    );
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await scratch?.drop();
    await workspace?.remove();
  });

  it('shows the topology badge, then the 200 × 200 matrix with only the cells in view rendered', async () => {
    await openWorkspaceFolder(page, workspace.dir);
    await connectWithForm(page, url);
    await expect.poll(() => page.getByTestId('topology-badge').getAttribute('data-kind')).toBe('standalone');

    await page.getByTestId('nav-fleet').click();
    await page.getByTestId('fleet-load').click();
    await expect
      .poll(() => page.getByTestId('fleet-summary').textContent(), { timeout: 60_000 })
      .toContain(`${TARGETS} targets × ${TABLES} tables`);
    expect(await page.getByTestId('fleet-summary').textContent()).toContain(`${TARGETS - 1} in sync`);
    const rendered = async (): Promise<number> =>
      Number(await page.getByTestId('fleet-matrix').getAttribute('data-rendered-cells'));
    expect(await rendered()).toBeGreaterThan(100);
    expect(await rendered()).toBeLessThan(3000);

    // Scroll to the last target and table, one viewport per frame: the DOM stays bounded and the last row shows its drift.
    await page.getByTestId('fleet-matrix-scroll').evaluate(
      (element) =>
        new Promise<void>((done) => {
          const { requestAnimationFrame } = globalThis as unknown as {
            requestAnimationFrame(callback: () => void): number;
          };
          const step = (): void => {
            element.scrollTop += element.clientHeight;
            element.scrollLeft += element.clientWidth;
            if (
              element.scrollTop + element.clientHeight >= element.scrollHeight - 1 &&
              element.scrollLeft + element.clientWidth >= element.scrollWidth - 1
            )
              done();
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    await expect.poll(() => page.locator(`[data-target="t${TARGETS}"]`).count()).toBe(1);
    expect(await rendered()).toBeLessThan(3000);
    expect(await page.locator('[data-testid="fleet-matrix"] [data-cell="missing"]').count()).toBe(1);
    await screenshot(page, 'fleet-01-matrix');
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { captureIo } from '../support/cli-io';
import { createScratchDatabases } from '../support/databases';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { createTableSql } from '../integration/orchestrator/migration-fixtures';
import { demoConfigWorkspace, fillServerFields, openWorkspaceFolder } from './support/demo-workspace';

/** The data-testid of the focused element. */
const focusedId = (page: Page): Promise<string> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
/** The roving index of the focused list item (-1: none). */
const focusedItem = (page: Page): Promise<number> =>
  page.evaluate(() => Number(document.activeElement?.getAttribute('data-roving-item') ?? -1));

/**
 * Issue 13 item 13: every screen is reachable with Tab, the lists (explorer, doctrine,
 * history; the connection list in connection-form) work with the arrow keys, and status
 * badges are never cut ("ABSE…").
 */
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

  it('moves through the explorer, doctrine and history lists with the arrow keys; Enter opens', async () => {
    const scratch = await createScratchDatabases(url, ['kbd_core', 'kbd_orch', 'kbd_eph']);
    const workspace = await demoConfigWorkspace(scratch.names, { migrations: 'migrations' });
    try {
      // Two batches in the ledger, applied by the CLI.
      await mkdir(join(workspace.dir, 'migrations'));
      for (const version of [1, 2])
        await writeFile(
          join(workspace.dir, 'migrations', `V${version}__kbd.sql`),
          `-- keyboard test\n${createTableSql(version, 'lupo_kbd')};\n`,
        );
      const io = captureIo({ cwd: workspace.dir });
      expect(await runCli(['apply', '--pending', '--db', '--url', url, '--yes'], io), io.err.join('')).toBe(0);
      // A live table that breaks the doctrine, so the Doctrine screen has findings to walk through.
      const admin = await mysql.createConnection({ uri: url });
      await admin.query(`CREATE TABLE \`${scratch.names[0]}\`.kbd_bad (id int PRIMARY KEY) ENGINE=MyISAM`);
      await admin.end();

      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(app.url);
      await openWorkspaceFolder(page, workspace.dir);
      await page.getByTestId('nav-connect').click();
      await fillServerFields(page, url);
      await page.getByTestId('connect-submit').click();
      await expect.poll(() => page.getByTestId('server-version').count(), { timeout: 15_000 }).toBe(1);

      // Explorer: a listbox whose active row follows the keys (aria-activedescendant).
      await page.getByTestId('nav-explorer').click();
      const list = page.getByTestId('table-list');
      await expect.poll(() => list.getAttribute('data-row-count'), { timeout: 15_000 }).toMatch(/^[1-9]\d*$/);
      const rows = Number(await list.getAttribute('data-row-count'));
      const active = async () => {
        const id = await list.getAttribute('aria-activedescendant');
        return id ? page.locator(`#${id}`).getAttribute('data-table') : undefined;
      };
      const rowName = (index: number) => page.locator(`#explorer-table-${index}`).getAttribute('data-table');
      await list.focus();
      await page.keyboard.press('Home');
      const first = await rowName(0);
      await expect.poll(active).toBe(first);
      await page.keyboard.press('ArrowDown');
      await expect.poll(active).toBe(await rowName(1));
      await page.keyboard.press('End');
      await expect.poll(() => page.locator(`#explorer-table-${rows - 1}`).count()).toBe(1);
      await expect.poll(active).toBe(await rowName(rows - 1));
      expect(await page.locator(`#explorer-table-${rows - 1}`).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('Home');
      await expect.poll(active).toBe(first);

      // Doctrine: one Tab stop for the findings; arrows move; Enter opens the finding's table.
      await page.getByTestId('nav-doctrine').click();
      const findings = page.getByTestId('doctrine-finding');
      await expect.poll(() => findings.count(), { timeout: 15_000 }).toBeGreaterThan(2);
      expect(await page.getByTestId('doctrine-groups').getAttribute('role')).toBe('list');
      expect(await findings.nth(0).getAttribute('tabindex')).toBe('0');
      expect(await findings.nth(1).getAttribute('tabindex')).toBe('-1');
      await findings.nth(0).focus();
      await page.keyboard.press('ArrowDown');
      expect(await focusedItem(page)).toBe(1);
      await page.keyboard.press('End');
      expect(await focusedItem(page)).toBe((await findings.count()) - 1);
      await page.keyboard.press('Home');
      expect(await focusedItem(page)).toBe(0);
      const withTable = findings.locator('xpath=self::*[@data-table]').first();
      const table = await withTable.getAttribute('data-table');
      await withTable.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('nav-explorer').getAttribute('aria-current')).toBe('page');
      await expect
        .poll(() => page.locator('[data-testid="table-row"][aria-selected="true"]').getAttribute('data-table'))
        .toBe(table);

      // History: the batches are a listbox; arrows move, Enter opens the batch.
      await page.getByTestId('nav-history').click();
      const batches = page.locator('[data-testid="history-timeline"] [role="option"]');
      await expect.poll(() => batches.count(), { timeout: 15_000 }).toBe(2);
      await batches.nth(0).focus();
      await page.keyboard.press('ArrowDown');
      expect(await focusedItem(page)).toBe(1);
      await page.keyboard.press('Enter');
      await expect.poll(() => batches.nth(1).getAttribute('aria-selected')).toBe('true');
      await page.getByTestId('history-detail').waitFor();
      await page.keyboard.press('Home');
      expect(await focusedId(page)).toBe(await batches.nth(0).getAttribute('data-testid'));
      await screenshot(page, 'keyboard-history');
      await page.close();
    } finally {
      await workspace.remove();
      await scratch.drop();
    }
  }, 90_000);
});

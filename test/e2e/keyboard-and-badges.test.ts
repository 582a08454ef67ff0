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
      // Connected: the rows are final once the live schema is in (its tables join the definitions').
      await expect.poll(() => list.getAttribute('data-compared'), { timeout: 15_000 }).toBe('yes');
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

  it('wraps database names only between their segments (1024×700, 1440×900, light and dark)', async () => {
    const scratch = await createScratchDatabases(url, [
      'lupo_wrap_core_catalogue_of_everything',
      'lupo_wrap_orchestration_history_archive',
    ]);
    // The ephemeral database is absent: its sidebar entry carries a status badge beside the name.
    const names = [...scratch.names, 'lupo_wrap_ephemeral_sessions_never_created'];
    const workspace = await demoConfigWorkspace(names);
    try {
      const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
      await page.goto(app.url);
      await openWorkspaceFolder(page, workspace.dir);
      await page.getByTestId('nav-connect').click();
      await fillServerFields(page, url);
      await page.getByTestId('connect-submit').click();
      await expect.poll(() => page.getByTestId('server-version').count(), { timeout: 15_000 }).toBe(1);
      // Every visible occurrence of a database name on the screen (marked up or inside a
      // sentence): the character before each of its line breaks, and whether it runs out of
      // its card (or the sidebar) to be clipped.
      const lineBreaks = () =>
        page.evaluate((names) => {
          const found: Array<{ name: string; breaks: string[]; overflows: boolean }> = [];
          const deepest = [...document.querySelectorAll<HTMLElement>('body *')].filter(
            (element) =>
              element.getClientRects().length > 0 &&
              names.some(
                (name) =>
                  element.textContent?.includes(name) &&
                  ![...element.children].some((child) => child.textContent?.includes(name)),
              ),
          );
          const range = document.createRange();
          for (const element of deepest) {
            const chars: Array<{ node: Text; offset: number }> = [];
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null)
              for (let i = 0; i < node.length; i++) chars.push({ node, offset: i });
            const text = chars.map((c) => c.node.data[c.offset]).join('');
            const box = element.closest('.mantine-Card-root, .mantine-AppShell-navbar')?.getBoundingClientRect();
            for (const name of names) {
              for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
                const breaks: string[] = [];
                let overflows = false;
                let previous: { top: number; char: string } | undefined;
                for (const { node, offset } of chars.slice(at, at + name.length)) {
                  range.setStart(node, offset);
                  range.setEnd(node, offset + 1);
                  const rect = range.getClientRects()[0];
                  if (!rect) continue;
                  if (box && rect.right > box.right + 1) overflows = true;
                  if (previous && rect.top > previous.top + 2) breaks.push(previous.char);
                  previous = { top: rect.top, char: node.data[offset]! };
                }
                found.push({ name, breaks, overflows });
              }
            }
          }
          return found;
        }, names);
      let wrapped = 0;
      for (const [width, height] of [
        [1024, 700],
        [1440, 900],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const scheme of ['light', 'dark'] as const) {
          const current = await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
          if (current !== scheme) await page.getByRole('button', { name: 'Toggle colour scheme' }).click();
          await expect
            .poll(() => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme')))
            .toBe(scheme);
          for (const screen of ['connect', 'overview'] as const) {
            await page.getByTestId(`nav-${screen}`).click();
            if (screen === 'overview') await page.getByTestId('role-card-orchestration').waitFor();
            const names = await lineBreaks();
            expect(names.length).toBeGreaterThan(2);
            for (const { name, breaks, overflows } of names) {
              expect(overflows, `${name} overflows its card at ${width}×${height}`).toBe(false);
              // Every break falls right after a separator: never inside a word segment.
              expect(
                breaks.filter((char) => char !== '_' && char !== '.'),
                `${name} at ${width}×${height}`,
              ).toEqual([]);
              wrapped += breaks.length;
            }
            await screenshot(page, `db-names-${screen}-${width}-${scheme}`);
          }
        }
      }
      // The names are long enough that some did wrap (so the check above measured real breaks).
      expect(wrapped).toBeGreaterThan(0);
      await page.close();
    } finally {
      await workspace.remove();
      await scratch.drop();
    }
  }, 90_000);
});

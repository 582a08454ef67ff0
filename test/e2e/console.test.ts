import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBrowserMode } from '../../electron/browser-host/main';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { createScratchDatabases } from '../support/databases';
import { connectWithForm, copyDemoWorkspace, installDemo, openWorkspaceFolder } from './support/demo-workspace';

/** The SQL console in browser mode against the throwaway server. */
describe('SQL console in browser mode', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: Awaited<ReturnType<typeof copyDemoWorkspace>>;

  const typeInEditor = async (text: string): Promise<void> => {
    await page.locator('[data-testid="console-editor"] .cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  };
  const sleeping = async (): Promise<number> => {
    const c = await mysql.createConnection({ uri: url });
    try {
      const [rows] = await c.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(30)%'",
      );
      return Number(rows[0]!.n);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['con_core', 'con_orch', 'con_eph']);
    await installDemo(url, scratch.names);
    workspace = await copyDemoWorkspace(scratch.names);
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

  it('types a query with autocomplete from the live model and shows its rows', async () => {
    await openWorkspaceFolder(page, workspace.dir);
    await connectWithForm(page, url);
    await page.getByTestId('nav-console').click();
    await page.getByTestId('console-editor').waitFor();
    await typeInEditor('SELECT seq, seq * 2 AS twice FROM seq_1_to_5000;\nSELECT * FROM lupo_acto');
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Control+Space');
          return page
            .locator('.cm-tooltip-autocomplete')
            .textContent()
            .catch(() => '');
        },
        { timeout: 30_000 },
      )
      .toContain('lupo_actors');
    await page.keyboard.press('Escape');
    // Cursor on the first statement: Ctrl-Enter runs only that one.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('console-status').textContent()).toMatch(/1,000 row\(s\) fetched/);
    expect(await page.locator('[data-testid="result-grid"] [role="columnheader"]').allTextContents()).toEqual([
      'seq',
      'twice',
    ]);
    await expect.poll(() => page.locator('[data-testid="result-grid"] [data-row="0"]').textContent()).toBe('12');
    await screenshot(page, 'console-01-results');
  });

  it('cancels SELECT SLEEP(30): the server process list shows it gone', async () => {
    await typeInEditor('SELECT SLEEP(30)');
    await page.keyboard.press('Control+Enter');
    await expect.poll(sleeping, { timeout: 10_000 }).toBe(1);
    await page.getByTestId('console-cancel').click();
    await expect.poll(sleeping, { timeout: 5_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('console-run').isEnabled()).toBe(true);
  });

  it('exports the whole result to CSV, streamed by the engine', async () => {
    await typeInEditor('SELECT seq AS n FROM seq_1_to_2500');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('console-status').textContent()).toMatch(/1,000 row\(s\) fetched/);
    const file = join(workspace.dir, 'export.csv');
    await page.getByLabel('Export path').fill(file);
    await page.getByTestId('console-export').click();
    await expect
      .poll(
        () =>
          readFile(file, 'utf8')
            .then((t) => t.split('\r\n').length)
            .catch(() => 0),
        { timeout: 15_000 },
      )
      .toBe(2502);
  });

  it('refuses an UPDATE without WHERE until the typed confirmation, and marks a syntax error', async () => {
    await typeInEditor('SELEC 1');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('console-error').textContent()).toMatch(/SQL syntax/);
    await typeInEditor('CREATE TABLE console_e2e (console_e2e_id BIGINT NOT NULL PRIMARY KEY)');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('console-notice').textContent()).toMatch(/outside the migration ledger/);
    await typeInEditor('DELETE FROM console_e2e');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('console-confirm-input').fill(scratch.names[0]!);
    await page.getByRole('button', { name: 'Run it' }).click();
    await expect.poll(() => page.getByTestId('console-status').textContent()).toMatch(/0 row\(s\) affected/);
  });

  it('draws EXPLAIN of a join and shows *_ymdhis as UTC date-times', async () => {
    const c = await mysql.createConnection({ uri: url, database: scratch.names[0] });
    await c.query(
      "INSERT INTO lupo_actors (display_name, created_ymdhis, updated_ymdhis) SELECT CONCAT('a', seq), 20261125144718, 20261125144718 FROM seq_1_to_50",
    );
    await c.query(
      'INSERT INTO lupo_actor_profiles (actor_id, created_ymdhis, updated_ymdhis) SELECT actor_id, 20261125144718, 20261125144718 FROM lupo_actors',
    );
    await c.end();
    await typeInEditor(
      'SELECT a.display_name, p.created_ymdhis FROM lupo_actors a JOIN lupo_actor_profiles p ON p.actor_id = a.actor_id',
    );
    await page.getByTestId('console-explain').click();

    await expect.poll(() => page.getByTestId('explain-node').count()).toBe(2);
    const plan = await page.getByTestId('explain-plan').textContent();
    expect(plan).toMatch(/ALL/);
    expect(plan).toMatch(/eq_ref|ref/);
    await screenshot(page, 'console-02-explain');
    await page.getByTestId('console-run').click();
    await expect
      .poll(() => page.locator('[data-testid="result-grid"] [data-row="0"]').textContent())
      .toBe('a12026-11-25 14:47:18');
  });

  it('keeps the tabs across a restart on a new port (a new origin with empty storage)', async () => {
    await typeInEditor('SELECT 42 AS kept_across_restarts');
    const settings = async () => JSON.parse(await readFile(join(app.userDataDir, 'ui-settings.json'), 'utf8'));
    await expect
      .poll(async () => JSON.stringify((await settings()).consoleTabs ?? {}))
      .toContain('kept_across_restarts');
    const again = await startBrowserMode({ userDataDir: app.userDataDir, openBrowser: false, log: () => {} });
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      expect(again.host.port).not.toBe(app.port);
      const next = await fresh.newPage();
      await next.goto(again.host.url);
      await openWorkspaceFolder(next, workspace.dir);
      await connectWithForm(next, url);
      await next.getByTestId('nav-console').click();
      await expect
        .poll(() => next.locator('[data-testid="console-editor"] .cm-content').textContent())
        .toContain('SELECT 42 AS kept_across_restarts');
    } finally {
      await fresh.close();
      await again.stop();
    }
  });
});

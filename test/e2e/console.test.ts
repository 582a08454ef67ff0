import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBrowserMode } from '../../electron/browser-host/main';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { createScratchDatabases } from '../support/databases';
import {
  connectWithForm,
  copyDemoWorkspace,
  installDemo,
  openWorkspaceFolder,
  tableNames,
} from './support/demo-workspace';

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

  it('selects cells and rows in the grid and copies them as TSV, Markdown, JSON and SQL INSERT', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    const clipboard = (): Promise<string> => page.evaluate('navigator.clipboard.readText()') as Promise<string>;
    const cell = (row: number, col: number) =>
      page.locator(`[data-testid="result-grid"] [data-row="${row}"] [data-col="${col}"]`);
    const copyAs = async (format: string): Promise<string> => {
      await page.evaluate("navigator.clipboard.writeText('')");
      await page.getByTestId('result-grid-copy').click();
      await page.getByTestId(`result-grid-copy-${format}`).click();
      await expect.poll(clipboard).not.toBe('');
      return clipboard();
    };
    await typeInEditor(
      "SELECT seq AS n, CONCAT('it''s ', seq) AS label, IF(seq = 2, NULL, seq / 2) AS half FROM seq_1_to_5",
    );
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('console-status').textContent()).toMatch(/^5 row\(s\)/);
    // click, then shift-click: a 2 × 3 rectangle; Ctrl-C copies it as TSV
    await cell(0, 0).click();
    await cell(1, 2).click({ modifiers: ['Shift'] });
    await expect
      .poll(() => page.getByTestId('result-grid-selection').textContent())
      .toBe('2 row(s) × 3 column(s) selected');
    await page.getByTestId('result-grid-copy').click();
    await page.getByTestId('result-grid-copy-sql').waitFor();
    await screenshot(page, 'console-03-copy');
    await page.keyboard.press('Escape');
    await page.getByTestId('result-grid').focus();
    await page.keyboard.press('Control+C');
    await expect.poll(clipboard).toBe("1\tit's 1\t0.5000\n2\tit's 2\t\\N\n");
    expect(await copyAs('markdown')).toBe(
      "| n | label | half |\n| --- | --- | --- |\n| 1 | it's 1 | 0.5000 |\n| 2 | it's 2 | NULL |\n",
    );
    expect(JSON.parse(await copyAs('json'))).toEqual([
      { n: '1', label: "it's 1", half: '0.5000' },
      { n: '2', label: "it's 2", half: null },
    ]);
    expect(await copyAs('sql')).toBe(
      "INSERT INTO `result` (`n`, `label`, `half`) VALUES (1, 'it''s 1', 0.5000);\n" +
        "INSERT INTO `result` (`n`, `label`, `half`) VALUES (2, 'it''s 2', NULL);\n",
    );
    // keyboard: move with the arrows, extend with Shift; one cell copies as its bare value
    await cell(0, 0).click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+C');
    await expect.poll(clipboard).toBe("it's 2");
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+C');
    await expect.poll(clipboard).toBe("it's 2\nit's 3\n");
    // a row number selects the whole row; Ctrl-A everything
    await page.locator('[data-testid="result-grid"] [data-gutter="4"]').click();
    expect(JSON.parse(await copyAs('json'))).toEqual([{ n: '5', label: "it's 5", half: '2.5000' }]);
    // after "Copy as…" the grid has the keyboard again: Ctrl-A without a click
    await expect.poll(() => page.evaluate('document.activeElement?.dataset.testid')).toBe('result-grid');
    await page.keyboard.press('Control+A');
    await expect
      .poll(() => page.getByTestId('result-grid-selection').textContent())
      .toBe('5 row(s) × 3 column(s) selected');
    await page.keyboard.press('Control+C');
    await expect
      .poll(clipboard)
      .toBe("1\tit's 1\t0.5000\n2\tit's 2\t\\N\n3\tit's 3\t1.5000\n4\tit's 4\t2.0000\n5\tit's 5\t2.5000\n");
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

  it('saves a typed CREATE TABLE as a migration and applies it through the Migration wizard (table and ledger row)', async () => {
    const [core, orchestration] = scratch.names as [string, string];
    const table = 'console_walk';
    await typeInEditor(
      `CREATE TABLE ${table} (console_walk_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, created_ymdhis BIGINT NOT NULL)`,
    );
    await page.getByTestId('console-save-migration-open').click();
    await page.getByTestId('console-save-migration-name').fill('console_walk');
    await page.getByTestId('console-save-migration-submit').click();
    await expect
      .poll(() => page.getByTestId('console-notice').textContent())
      .toMatch(/Saved as V\d+__console_walk\.sql/);
    const fileName = /(V\d+__console_walk\.sql)/.exec((await page.getByTestId('console-notice').textContent())!)![1]!;
    const saved = await readFile(join(workspace.dir, 'migrations', fileName), 'utf8');
    expect(saved).toContain('CREATE TABLE IF NOT EXISTS console_walk (');
    expect(await tableNames(url, core)).not.toContain(table); // saved, not run
    await screenshot(page, 'console-04-save-as-migration');

    await page.getByTestId('nav-migration').click();
    await page.getByText('Files from the migrations folder').click();
    await page.getByTestId(`migration-file-${fileName}`).click();
    await page.getByTestId('migration-plan-button').click();
    await expect.poll(() => page.getByTestId('plan-statement-row').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('plan-target').textContent()).toBe(core);
    await expect.poll(() => page.getByTestId('plan-sql').textContent()).toContain('`console_walk`');
    await page.getByTestId('migration-validate-button').click();
    await page.getByTestId('validation-ok').waitFor();
    await page.getByTestId('migration-rehearse-button').click();
    await expect
      .poll(() => page.getByTestId('rehearsal-result').getAttribute('data-ok'), { timeout: 60_000 })
      .toBe('true');
    expect(await tableNames(url, core)).not.toContain(table); // the rehearsal ran elsewhere
    await page.getByTestId('migration-to-confirm').click();
    await page.getByTestId('confirm-database-input').fill(core);
    await page.getByTestId('migration-apply-button').click();
    await page.getByTestId('migration-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-progress').getAttribute('data-status')).toBe('succeeded');
    await screenshot(page, 'console-05-migration-applied');
    expect(await tableNames(url, core)).toContain(table);
    const c = await mysql.createConnection({ uri: url });
    try {
      const [rows] = await c.query<RowDataPacket[]>(
        `SELECT file_status FROM \`${orchestration}\`.migration_files WHERE file_path LIKE ?`,
        [`%${fileName}`],
      );
      expect(rows.map((r) => String(r.file_status))).toEqual(['completed']);
    } finally {
      await c.end();
    }
    await page.getByTestId('nav-console').click();
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

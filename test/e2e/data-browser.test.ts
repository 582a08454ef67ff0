import { basename } from 'node:path';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { createScratchDatabases } from '../support/databases';
import {
  connectWithForm,
  copyDemoWorkspace,
  fillServerFields,
  installDemo,
  openWorkspaceFolder,
} from './support/demo-workspace';

/** The data browser in browser mode: a walk through doctrine tables of the demo install. */
describe('data browser in browser mode', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: Awaited<ReturnType<typeof copyDemoWorkspace>>;

  const cells = (column: string): Promise<string[]> =>
    page.locator(`[data-testid="data-row"] td[data-column="${column}"]`).allTextContents();

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['db_core', 'db_orch', 'db_eph']);
    await installDemo(url, scratch.names);
    const c = await mysql.createConnection({ uri: url, database: scratch.names[0] });
    await c.query(
      `INSERT INTO lupo_actors (actor_id, display_name, created_ymdhis, updated_ymdhis, is_deleted, deleted_ymdhis) VALUES
        (1, 'Ada', 20260115093000, 20260115093000, 0, NULL),
        (2, 'Bob', 20260116100000, 20260116100000, 1, 20260201000000),
        (3, 'Cleo', 20260117110000, 20260117110000, 0, NULL)`,
    );
    await c.query(
      `INSERT INTO lupo_actor_profiles (actor_profile_id, actor_id, bio, created_ymdhis, updated_ymdhis) VALUES
        (10, 3, 'writes', 20260120080910, 20260120080910)`,
    );
    await c.end();
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

  const openFromExplorer = async (table: string): Promise<void> => {
    await page.getByTestId('nav-explorer').click();
    await page.getByTestId('explorer-search').fill(table);
    await page.locator(`[data-testid="table-row"][data-table="${table}"]`).click();
    await page.getByTestId('table-detail-browse').click();
    await page.getByTestId('data-grid').waitFor({ timeout: 30_000 });
  };

  it('walks a doctrine table: readable dates, soft delete toggle, a filter, an *_id link', async () => {
    await openWorkspaceFolder(page, workspace.dir);
    await connectWithForm(page, url);
    await openFromExplorer('lupo_actors');
    await expect.poll(() => cells('display_name')).toEqual(['Ada', 'Cleo']);
    expect((await cells('created_ymdhis'))[0]).toBe('2026-01-15 09:30:00');
    expect(
      await page.locator('[data-testid="data-row"] td[data-column="created_ymdhis"]').first().getAttribute('title'),
    ).toBe('20260115093000');
    await page.getByTestId('data-show-deleted').check();
    await expect.poll(() => cells('display_name')).toEqual(['Ada', 'Bob', 'Cleo']);
    await page.getByTestId('data-sort-display_name').click();
    await page.getByTestId('data-sort-display_name').click();
    await expect.poll(() => cells('display_name')).toEqual(['Cleo', 'Bob', 'Ada']);
    // A raw WHERE that writes is refused by the engine's read guard; the table is untouched.
    await page.getByTestId('data-where').fill('1; DELETE FROM lupo_actors');
    await page.getByTestId('data-apply-where').click();
    await expect.poll(() => page.getByTestId('data-error').textContent()).toContain('only reads');
    await page.getByTestId('data-where').fill("display_name <> 'Ada'");
    await page.getByTestId('data-apply-where').click();
    await expect.poll(() => cells('display_name')).toEqual(['Cleo', 'Bob']);
    await page.getByTestId('data-where').fill('');
    await page.getByTestId('data-apply-where').click();
    await expect.poll(() => cells('display_name')).toEqual(['Cleo', 'Bob', 'Ada']);
    await page.getByTestId('data-filter-display_name').fill('le');
    await expect.poll(() => cells('display_name')).toEqual(['Cleo']);
    await page.getByTestId('data-filter-display_name').fill('');
    await page.getByTestId('data-filter-created_ymdhis').fill('2026-01-16');
    await expect.poll(() => cells('display_name')).toEqual(['Bob']);
    await page.getByTestId('data-exact-count').click();
    await expect.poll(() => page.getByTestId('data-exact').textContent()).toBe('1 rows match');
    await page.getByTestId('data-show-create').click();
    await expect.poll(() => page.getByTestId('data-create-sql').textContent()).toContain('CREATE TABLE `lupo_actors`');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('data-grid').waitFor({ state: 'detached' });

    await openFromExplorer('lupo_actor_profiles');
    await expect.poll(() => page.getByTestId('data-link-actor_id').allTextContents()).toEqual(['3']);
    await page.getByTestId('data-link-actor_id').click();
    await expect.poll(() => page.getByTestId('data-table-name').textContent()).toBe(`${scratch.names[0]}.lupo_actors`);
    await expect.poll(() => cells('display_name')).toEqual(['Cleo']);
    await screenshot(page, 'data-browser');
    // The row's panel lists the rows pointing at it (the same inference, the other way).
    await page.locator('[data-testid="data-row"]').first().click();
    await page.getByTestId('data-pointing-lupo_actor_profiles-actor_id').click();
    await expect
      .poll(() => page.getByTestId('data-table-name').textContent())
      .toBe(`${scratch.names[0]}.lupo_actor_profiles`);
    await expect.poll(() => cells('bio')).toEqual(['writes']);
    await page.getByTestId('data-back').click();
    await expect.poll(() => page.getByTestId('data-table-name').textContent()).toBe(`${scratch.names[0]}.lupo_actors`);
    await expect.poll(() => cells('display_name')).toEqual(['Cleo']);
  });

  it('edits from the Data screen: a cell edit shows its SQL and commits; soft delete, insert, typed hard delete; none read-only', async () => {
    const db = await mysql.createConnection({ uri: url, database: scratch.names[0] });
    try {
      await page.keyboard.press('Escape');
      await page.getByTestId('nav-data').click();
      await page.getByTestId('data-pick-table').click();
      await page.getByRole('option', { name: 'lupo_actors', exact: true }).click();
      await expect.poll(() => cells('display_name')).toEqual(['Ada', 'Cleo']);
      await page.locator('[data-testid="data-row"] td[data-column="display_name"]').first().dblclick();
      await page.getByTestId('data-cell-input').fill("Ada 'Countess' Lovelace");
      await page.getByTestId('data-cell-input').press('Enter');
      await expect.poll(() => cells('display_name')).toEqual(["Ada 'Countess' Lovelace", 'Cleo']);
      await page.getByTestId('data-review').click();
      const literal = page.getByTestId('edit-statement-literal');
      await expect
        .poll(() => literal.textContent())
        .toMatch(
          new RegExp(
            `^UPDATE \`${scratch.names[0]}\`\\.\`lupo_actors\` SET \`display_name\` = 'Ada ''Countess'' Lovelace', \`updated_ymdhis\` = \\d{14} WHERE \`actor_id\` = '?1'?$`,
          ),
        );
      expect(await page.getByTestId('edit-statement-sql').textContent()).toContain('SET `display_name` = ?');
      await screenshot(page, 'data-edit-review');
      await page.getByTestId('edit-commit').click();
      await expect.poll(() => page.getByTestId('data-edit-notice').textContent()).toBe('1 change committed.');
      const [[ada]] = await db.query<mysql.RowDataPacket[]>(
        'SELECT display_name, updated_ymdhis FROM lupo_actors WHERE actor_id = 1',
      );
      expect(ada!.display_name).toBe("Ada 'Countess' Lovelace");
      expect(Number(ada!.updated_ymdhis)).toBeGreaterThan(20260115093000);

      // Delete on a soft-delete table sets is_deleted; the row leaves the grid, stays in the table.
      await page.locator('[data-testid="data-row"]').nth(1).getByTestId('data-delete-row').click();
      await page.getByTestId('data-review').click();
      await expect.poll(() => literal.textContent()).toContain('SET `is_deleted` = 1, `deleted_ymdhis` = ');
      await page.getByTestId('edit-commit').click();
      await expect.poll(() => cells('display_name')).toEqual(["Ada 'Countess' Lovelace"]);
      const [[cleo]] = await db.query<mysql.RowDataPacket[]>(
        'SELECT is_deleted, deleted_ymdhis FROM lupo_actors WHERE actor_id = 3',
      );
      expect(cleo!.is_deleted).toBe(1);
      expect(String(cleo!.deleted_ymdhis)).toMatch(/^20\d{12}$/);

      // A new row (blank columns take their defaults, the doctrine's stamps are set) and a hard
      // delete: an explicit choice, then the database name typed as in the migration wizard.
      await page.getByTestId('data-add-row').click();
      await page.getByTestId('data-add-display_name').fill('Dan');
      await page.getByTestId('data-add-confirm').click();
      await page.locator('[data-testid="data-row"]').first().getByTestId('data-delete-row').click();
      await page.getByTestId('data-review').click();
      await expect.poll(() => literal.count()).toBe(2);
      expect(await literal.nth(0).textContent()).toMatch(
        /^INSERT INTO .*\(`display_name`, `created_ymdhis`, `updated_ymdhis`\) VALUES \('Dan', \d{14}, \d{14}\)$/,
      );
      await page.getByTestId('edit-hard-delete').check();
      await expect.poll(() => literal.nth(1).textContent()).toMatch(/^DELETE FROM .* WHERE `actor_id` = '?1'?$/);
      expect(await page.getByTestId('edit-commit').isDisabled()).toBe(true);
      await page.getByTestId('edit-confirm-database').fill(scratch.names[0]!);
      await page.getByTestId('edit-commit').click();
      await expect.poll(() => cells('display_name')).toEqual(['Dan']);
      const [actors] = await db.query<mysql.RowDataPacket[]>(
        'SELECT actor_id, display_name, created_ymdhis FROM lupo_actors WHERE actor_id = 1 OR display_name = ?',
        ['Dan'],
      );
      expect(actors.map((a) => a.display_name)).toEqual(['Dan']);
      expect(String(actors[0]!.created_ymdhis)).toMatch(/^20\d{12}$/);

      // Pending edits are never lost silently: an *_id link asks first, and Stay keeps the edit.
      await page.getByTestId('data-pick-table').click();
      await page.getByRole('option', { name: 'lupo_actor_profiles', exact: true }).click();
      await expect.poll(() => cells('bio')).toEqual(['writes']);
      await page.locator('[data-testid="data-row"] td[data-column="bio"]').first().dblclick();
      await page.getByTestId('data-cell-input').fill('edits');
      await page.getByTestId('data-cell-input').press('Enter');
      await page.getByTestId('data-link-actor_id').click();
      await expect
        .poll(() => page.getByTestId('data-guard').textContent())
        .toContain('1 change to lupo_actor_profiles');
      await page.getByTestId('data-guard-cancel').click();
      await page.getByTestId('data-guard').waitFor({ state: 'detached' });
      expect(await page.getByTestId('data-table-name').textContent()).toBe(`${scratch.names[0]}.lupo_actor_profiles`);
      expect(await cells('bio')).toEqual(['edits']);
      expect(await page.getByTestId('data-review').textContent()).toBe('Review 1 change');
      // Within the table (a sort), the edit can be kept: it follows the rows by their key.
      await page.getByTestId('data-sort-bio').click();
      await page.getByTestId('data-guard-keep').click();
      await expect.poll(() => page.getByTestId('data-sort-bio').textContent()).toBe('bio ▲');
      expect(await cells('bio')).toEqual(['edits']);
      expect(await page.getByTestId('data-review').textContent()).toBe('Review 1 change');
      // Leaving the screen asks too; Discard drops the edit (nothing was sent) and goes.
      await page.getByTestId('nav-explorer').click();
      await page.getByTestId('data-guard-discard').click();
      await page.getByTestId('explorer-search').waitFor();
      const [[profile]] = await db.query<mysql.RowDataPacket[]>(
        'SELECT bio FROM lupo_actor_profiles WHERE actor_profile_id = 10',
      );
      expect(profile!.bio).toBe('writes');

      // A read-only profile: no edit controls, and the browser says why.
      await page.getByTestId('nav-connect').click();
      await fillServerFields(page, url);
      await page.getByTestId('profile-read-only').check({ force: true });
      await page.getByTestId('connect-submit').click();
      await page.getByTestId('sidebar-read-only').waitFor();
      await page.getByTestId('nav-data').click();
      await page.getByTestId('data-pick-table').click();
      await page.getByRole('option', { name: 'lupo_actors', exact: true }).click();
      await expect.poll(() => page.getByTestId('data-not-editable').textContent()).toContain('read-only');
      expect(await page.getByTestId('data-edit-bar').count()).toBe(0);
      expect(await page.getByTestId('data-delete-row').count()).toBe(0);
    } finally {
      await db.end();
    }
  });

  it('copies selected rows as JSON and SQL INSERT (raw *_ymdhis), and the page as TSV with Ctrl-A, Ctrl-C', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    const clipboard = (): Promise<string> => page.evaluate('navigator.clipboard.readText()') as Promise<string>;
    const copyAs = async (format: string): Promise<string> => {
      await page.evaluate("navigator.clipboard.writeText('')");
      await page.getByTestId('data-copy').click();
      await page.getByTestId(`data-copy-${format}`).click();
      await expect.poll(clipboard).not.toBe('');
      return clipboard();
    };
    // Still on the read-only profile's lupo_actors: copying reads only.
    await page.getByTestId('data-show-deleted').check();
    await expect.poll(() => cells('display_name')).toEqual(['Bob', 'Cleo', 'Dan']);
    const rows = page.locator('[data-testid="data-row"]');
    await rows.nth(0).getByTestId('data-row-number').click();
    await rows
      .nth(1)
      .locator('td[data-column="display_name"]')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('data-selection').textContent()).toBe('2 rows selected');
    expect((await cells('created_ymdhis'))[0]).toBe('2026-01-16 10:00:00');
    const copied = JSON.parse(await copyAs('json')) as Record<string, unknown>[];
    expect(copied.map((r) => [String(r.actor_id), r.display_name, String(r.created_ymdhis)])).toEqual([
      ['2', 'Bob', '20260116100000'],
      ['3', 'Cleo', '20260117110000'],
    ]);
    // The INSERTs name the table and re-create the rows exactly: run them into a copy of it.
    const inserts = await copyAs('sql');
    const target = `\`${scratch.names[0]}\`.\`lupo_actors\``;
    expect(inserts.split('\n').filter(Boolean)).toHaveLength(2);
    expect(inserts.startsWith(`INSERT INTO ${target} (\`actor_id\`, `)).toBe(true);
    const db = await mysql.createConnection({ uri: url, database: scratch.names[2], multipleStatements: true });
    try {
      await db.query(`CREATE TABLE lupo_actors_copy LIKE ${target}`);
      await db.query(inserts.replaceAll(target, 'lupo_actors_copy'));
      const [copy] = await db.query<mysql.RowDataPacket[]>('SELECT * FROM lupo_actors_copy ORDER BY actor_id');
      const [original] = await db.query<mysql.RowDataPacket[]>(
        `SELECT * FROM ${target} WHERE actor_id IN (2, 3) ORDER BY actor_id`,
      );
      expect(copy).toEqual(original);
    } finally {
      await db.end();
    }
    // After the menu the grid has the keyboard: Ctrl-A selects the page, Ctrl-C copies it as TSV.
    await page.keyboard.press('Control+A');
    await expect.poll(() => page.getByTestId('data-selection').textContent()).toBe('3 rows selected');
    await page.keyboard.press('Control+C');
    await expect
      .poll(async () =>
        (await clipboard())
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('\t').find((v) => ['Bob', 'Cleo', 'Dan'].includes(v))),
      )
      .toEqual(['Bob', 'Cleo', 'Dan']);
    await screenshot(page, 'data-browser-copy');
  });
  it('pending edits survive a disconnect, another workspace, a shortcut, a reload or leaving the page unless discarded; Commit and continue commits then moves', async () => {
    const db = await mysql.createConnection({ uri: url, database: scratch.names[0] });
    const bio = async (): Promise<string> => {
      const [[row]] = await db.query<mysql.RowDataPacket[]>(
        'SELECT bio FROM lupo_actor_profiles WHERE actor_profile_id = 10',
      );
      return String(row!.bio);
    };
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      // Stay on the page: what an operator does when told edits are pending.
      void dialog.dismiss();
    });
    const guardAnswers = async (answer: 'cancel' | 'apply' | 'discard'): Promise<void> => {
      await expect
        .poll(() => page.getByTestId('data-guard').textContent())
        .toContain('1 change to lupo_actor_profiles');
      await page.getByTestId(`data-guard-${answer}`).click();
      await page.getByTestId('data-guard').waitFor({ state: 'detached' });
    };
    const runCommand = async (text: string, id: string): Promise<void> => {
      // A click while the guard's modal is still fading out can miss: click until the palette shows.
      const input = page.getByTestId('palette-input');
      await expect
        .poll(async () => (await input.isVisible()) || (await page.getByTestId('palette-button').click(), false))
        .toBe(true);
      await input.fill(text);
      await page.getByTestId(`palette-item-${id}`).click();
    };
    const editBio = async (value: string): Promise<void> => {
      await page.getByTestId('nav-data').click();
      // The screen opens on the table selected last (picking it again would deselect it).
      if ((await page.getByTestId('data-pick-table').inputValue()) !== 'lupo_actor_profiles') {
        await page.getByTestId('data-pick-table').click();
        await page.getByRole('option', { name: 'lupo_actor_profiles', exact: true }).click();
      }
      await expect.poll(() => cells('bio')).toHaveLength(1);
      await page.locator('[data-testid="data-row"] td[data-column="bio"]').first().dblclick();
      await page.getByTestId('data-cell-input').fill(value);
      await page.getByTestId('data-cell-input').press('Enter');
      await expect.poll(() => page.getByTestId('data-review').textContent()).toBe('Review 1 change');
    };
    const stillPending = async (value: string): Promise<void> => {
      expect(await page.getByTestId('data-table-name').textContent()).toBe(`${scratch.names[0]}.lupo_actor_profiles`);
      expect(await cells('bio')).toEqual([value]);
      expect(await page.getByTestId('data-review').textContent()).toBe('Review 1 change');
    };
    try {
      // A writable profile again (the test before ended on a read-only one).
      await page.getByTestId('nav-connect').click();
      await fillServerFields(page, url);
      await page.getByTestId('profile-read-only').uncheck({ force: true });
      await page.getByTestId('connect-submit').click();
      await page.getByTestId('sidebar-read-only').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('sidebar-count-core').textContent()).toBe('20');
      await editBio('kept');

      // Disconnecting from the palette asks before closing the connection; Stay keeps both.
      await runCommand('disconnect', 'action:disconnect');
      await guardAnswers('cancel');
      await stillPending('kept');
      expect(await page.getByTestId('data-edit-bar').count()).toBe(1);
      // Another workspace (its role databases can differ) asks too; Stay keeps the workspace.
      await runCommand('open demo workspace', 'action:open-demo');
      await guardAnswers('cancel');
      expect(await page.getByTestId('workspace-badge').textContent()).toBe(basename(workspace.dir));
      await stillPending('kept');
      // ...from the Open workspace dialog as well: staying leaves the dialog open.
      await runCommand('open workspace', 'action:open-workspace');
      await page.getByTestId('workspace-dialog-demo').click();
      await guardAnswers('cancel');
      expect(await page.getByTestId('workspace-dialog-path').isVisible()).toBe(true);
      await page.getByTestId('workspace-dialog').getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('workspace-dialog-path').waitFor({ state: 'detached' });
      expect(await page.getByTestId('workspace-badge').textContent()).toBe(basename(workspace.dir));
      await stillPending('kept');
      // A screen shortcut goes through the same guard.
      await page.getByTestId('data-grid-keys').focus();
      await page.keyboard.press('Alt+1');
      await guardAnswers('cancel');
      await stillPending('kept');

      // Reloading or navigating the tab away: the page refuses to unload, the browser asks
      // ("Leave site?"), staying keeps the edit. (Closing the tab runs the same beforeunload;
      // this headless Chromium closes a page without asking, so the test reloads instead.)
      await page.evaluate('location.reload()');
      await expect.poll(() => dialogs).toEqual(['beforeunload']);
      await stillPending('kept');
      await page.evaluate("location.href = 'about:blank'");
      await expect.poll(() => dialogs).toEqual(['beforeunload', 'beforeunload']);
      expect(new URL(page.url()).origin).toBe(new URL(app.url).origin);
      await stillPending('kept');

      // Commit and continue: the review's guarded commit, then the move the operator asked for.
      await page.getByTestId('nav-explorer').click();
      await guardAnswers('apply');
      await expect.poll(() => page.getByTestId('edit-statement-literal').textContent()).toContain("`bio` = 'kept'");
      await page.getByTestId('edit-commit').click();
      await page.getByTestId('explorer-search').waitFor();
      expect(await bio()).toBe('kept');

      // Discard and continue on another workspace drops the edit (nothing sent) and opens it.
      await editBio('dropped');
      await runCommand('open demo workspace', 'action:open-demo');
      await guardAnswers('discard');
      await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBe('Demo workspace');
      expect(await bio()).toBe('kept');

      // Nothing pending: the page reloads without a question.
      await page.reload();
      await expect.poll(() => page.getByTestId('workspace-badge').textContent()).toBe('Demo workspace');
      expect(dialogs).toEqual(['beforeunload', 'beforeunload']);
    } finally {
      await db.end();
    }
  });
});

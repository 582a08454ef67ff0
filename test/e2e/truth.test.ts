import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../support/databases';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { connectWithForm, openWorkspaceFolder } from './support/demo-workspace';

const FIELDS = (id: string, extra: readonly string[] = []) => [
  `\`${id}\` bigint NOT NULL auto_increment`,
  '`label` varchar(64) NOT NULL',
  ...extra,
  '`created_ymdhis` bigint NOT NULL',
  '`updated_ymdhis` bigint NOT NULL',
  '`is_deleted` tinyint NOT NULL DEFAULT 0',
  '`deleted_ymdhis` bigint DEFAULT NULL',
];

/** A legacy-JSON definition; `extra` columns can break the doctrine on purpose. */
function definition(table: string, id: string, extra: readonly string[] = []): string {
  return JSON.stringify(
    {
      table_name: table,
      fields: FIELDS(id, extra),
      data: [],
      primary_key: { column_name: id, expected_name: id, is_correct: true, needs_rename: false },
    },
    null,
    2,
  );
}

/** A workspace folder with two core tables, one with a DATETIME column (a ymdhis finding), naming `names`. */
async function workspace(names: readonly string[]): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-e2e-truth-'));
  await mkdir(join(dir, 'toon/core'), { recursive: true });
  await writeFile(
    join(dir, 'toon/core/lupo_things.toon'),
    definition('lupo_things', 'thing_id', ['`seen_at` datetime NOT NULL']),
  );
  await writeFile(join(dir, 'toon/core/lupo_notes.toon'), definition('lupo_notes', 'note_id'));
  const [core, orchestration, ephemeral] = names;
  const config = join(dir, 'lupo.config.json');
  await writeFile(
    config,
    JSON.stringify({ definitions: 'toon', databases: { core, orchestration, ephemeral } }, null, 2) + '\n',
  );
  return { dir, config };
}

/**
 * Issue 13 in the browser: switching workspace while connected re-reads the new
 * workspace's databases; a disconnected explorer says "not compared", never "missing";
 * the Doctrine screen filters findings found in two sources without counting their table
 * twice, and a waiver round-trips through the workspace config file.
 */
describe('the app tells the truth', () => {
  const url = inject('mysqlUrl');
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let a: Awaited<ReturnType<typeof createScratchDatabases>>;
  let b: Awaited<ReturnType<typeof createScratchDatabases>>;
  let first: { dir: string; config: string };
  let second: { dir: string; config: string };

  beforeAll(async () => {
    a = await createScratchDatabases(url, ['tru_a_core', 'tru_a_orch', 'tru_a_eph']);
    b = await createScratchDatabases(url, ['tru_b_core', 'tru_b_orch', 'tru_b_eph']);
    const admin = await mysql.createConnection({ uri: url });
    try {
      // Workspace A's core: lupo_things live with the same DATETIME column (found in definitions and live).
      await admin.query(
        `CREATE TABLE \`${a.names[0]}\`.lupo_things (thing_id bigint NOT NULL AUTO_INCREMENT, label varchar(64) NOT NULL, seen_at datetime NOT NULL, created_ymdhis bigint NOT NULL, updated_ymdhis bigint NOT NULL, is_deleted tinyint NOT NULL DEFAULT 0, deleted_ymdhis bigint DEFAULT NULL, PRIMARY KEY (thing_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      );
      for (const name of ['x1', 'x2', 'x3', 'x4', 'x5'])
        await admin.query(
          `CREATE TABLE \`${b.names[0]}\`.${name} (${name}_id bigint NOT NULL, PRIMARY KEY (${name}_id))`,
        );
    } finally {
      await admin.end();
    }
    first = await workspace(a.names);
    second = await workspace(b.names);
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await a?.drop();
    await b?.drop();
    for (const folder of [first, second]) if (folder) await rm(folder.dir, { recursive: true, force: true });
  });

  it('disconnected, the explorer compares nothing and marks nothing missing', async () => {
    await openWorkspaceFolder(page, first.dir);
    await page.getByTestId('nav-explorer').click();
    await expect.poll(() => page.getByTestId('explorer-count').textContent()).toContain('2 of 2');
    expect(await page.getByTestId('screen-explorer').getByText('missing', { exact: true }).count()).toBe(0);
    await page.getByTestId('screen-explorer').getByText('lupo_notes', { exact: true }).click();
    await expect.poll(() => page.getByTestId('table-detail-not-compared').count()).toBe(1);
  });

  it('switching workspace while connected reads the new workspace’s databases', async () => {
    await connectWithForm(page, url);
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent()).toBe('1');
    expect(await page.getByTestId('sidebar-role-core').textContent()).toContain(a.names[0]);
    await openWorkspaceFolder(page, second.dir);
    // The sidebar, the overview's live counts and drift now come from B's databases.
    await expect.poll(() => page.getByTestId('sidebar-role-core').textContent()).toContain(b.names[0]);
    await expect.poll(() => page.getByTestId('sidebar-count-core').textContent()).toBe('5');
    await expect.poll(() => page.getByTestId('role-core-live').textContent(), { timeout: 20_000 }).toBe('5');
    expect(await page.getByTestId('drift-extra').textContent()).toBe('5');
    await screenshot(page, 'truth-01-switched-workspace');
    await openWorkspaceFolder(page, first.dir);
    await expect.poll(() => page.getByTestId('role-core-live').textContent(), { timeout: 20_000 }).toBe('1');
  });

  it('the Doctrine screen filters findings and counts a table found in two sources once', async () => {
    await page.getByTestId('overview-open-doctrine').click();
    await page.getByTestId('doctrine-filter-table').fill('lupo_things');
    const findings = page.getByTestId('doctrine-finding');
    await expect.poll(() => findings.count()).toBeGreaterThan(1);
    const sources = await page.getByTestId('doctrine-finding-source').allTextContents();
    expect(new Set(sources)).toEqual(new Set(['definitions', 'live']));
    expect(await page.getByTestId('doctrine-count').textContent()).toMatch(/ on 1 table\(s\)/);
    await page.getByTestId('doctrine-filter-source').click();
    await page.getByRole('option', { name: 'live' }).click();
    await expect
      .poll(async () => new Set(await page.getByTestId('doctrine-finding-source').allTextContents()))
      .toEqual(new Set(['live']));
    await page
      .getByTestId('doctrine-filter-source')
      .locator('..')
      .locator('button')
      .click()
      .catch(() => {});
    await screenshot(page, 'truth-02-doctrine');
  });

  it('a waiver round-trips through the workspace config file', async () => {
    await page.goto(app.url); // fresh screen state; the workspace and connection come back
    await openWorkspaceFolder(page, first.dir);
    await connectWithForm(page, url);
    await page.getByTestId('nav-doctrine').click();
    await page.getByTestId('doctrine-filter-table').fill('lupo_things');
    const rule = await page.getByTestId('doctrine-finding').first().getAttribute('data-rule');
    const before = await page.getByTestId('doctrine-finding').count();
    await page.getByTestId('doctrine-waive').first().click();
    await page.getByTestId('doctrine-waive-reason').fill('legacy column, migrated in Q3');
    await page.getByTestId('doctrine-waive-save').click();
    await expect
      .poll(async () => JSON.parse(await readFile(first.config, 'utf8')).waivers)
      .toEqual([{ rule, table: 'lupo_things', reason: 'legacy column, migrated in Q3' }]);
    // Waived findings leave the list (both sources) and come back marked with "Show waived".
    await expect.poll(() => page.getByTestId('doctrine-finding').count()).toBeLessThan(before);
    await page.getByTestId('doctrine-show-waived').click({ force: true });
    await expect.poll(() => page.getByTestId('doctrine-finding-waived').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('doctrine-waiver').textContent()).toContain('legacy column, migrated in Q3');
    await screenshot(page, 'truth-03-waived');
    await page.getByTestId('doctrine-waiver-remove').click();
    await expect.poll(async () => JSON.parse(await readFile(first.config, 'utf8')).waivers).toEqual([]);
    await expect.poll(() => page.getByTestId('doctrine-finding-waived').count()).toBe(0);
  });

  it('a 180-table workspace: the same budget on the overview, the plan and Validate (blocked)', async () => {
    const c = await createScratchDatabases(url, ['tru_c_core', 'tru_c_orch', 'tru_c_eph']);
    const dir = await mkdtemp(join(tmpdir(), 'lupo-e2e-180-'));
    try {
      const names = Array.from({ length: 180 }, (_, i) => `lupo_g${String(i).padStart(3, '0')}_notes`);
      await mkdir(join(dir, 'toon/core'), { recursive: true });
      for (const name of names)
        await writeFile(join(dir, `toon/core/${name}.toon`), definition(name, `${name.slice(5, -1)}_id`));
      const [core, orchestration, ephemeral] = c.names;
      await writeFile(
        join(dir, 'lupo.config.json'),
        JSON.stringify({
          definitions: 'toon',
          databases: { core, orchestration, ephemeral },
          tableBudget: { total: 178 },
        }),
      );
      // 176 of the 180 exist live: the plan creates 4 and would cross the budget of 178 by 2.
      const admin = await mysql.createConnection({ uri: url, multipleStatements: true });
      try {
        const ddl = names.slice(0, 176).map((name) => {
          const id = `${name.slice(5, -1)}_id`;
          return `CREATE TABLE \`${core}\`.\`${name}\` (\`${id}\` bigint NOT NULL AUTO_INCREMENT, \`label\` varchar(64) NOT NULL, \`created_ymdhis\` bigint NOT NULL, \`updated_ymdhis\` bigint NOT NULL, \`is_deleted\` tinyint NOT NULL DEFAULT 0, \`deleted_ymdhis\` bigint DEFAULT NULL, PRIMARY KEY (\`${id}\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;
        });
        await admin.query(ddl.join(';\n'));
      } finally {
        await admin.end();
      }
      await openWorkspaceFolder(page, dir);
      await expect.poll(() => page.getByTestId('role-core-live').textContent(), { timeout: 30_000 }).toBe('176');
      expect(await page.getByTestId('role-core-definitions').textContent()).toBe('180');
      expect(await page.getByTestId('budget-figure').textContent()).toMatch(/^176\s*\/ 178/);
      expect(await page.getByTestId('budget-headroom').textContent()).toContain('-2');
      await screenshot(page, 'truth-04-budget-overview');

      await page.getByTestId('nav-migration').click();
      await page.getByTestId('migration-new').click();
      await page.getByTestId('migration-plan-button').click();
      await expect
        .poll(() => page.getByTestId('plan-tables').textContent(), { timeout: 30_000 })
        .toBe('176 → 180 of 178 (headroom -2)');
      await page.getByTestId('migration-validate-button').click();
      await page.getByTestId('validation-blocked').waitFor();
      expect(await page.getByTestId('validation-check-budget').textContent()).toContain(
        'System tables 176 → 180 (budget 178, headroom -2)',
      );
      await screenshot(page, 'truth-05-budget-validate');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await c.drop();
    }
  });
});

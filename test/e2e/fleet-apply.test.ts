import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../electron/engine/connection/secret-cipher';
import { mapLimit } from '../../electron/engine/jobs/map-limit';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import { demoConfigWorkspace, openWorkspaceFolder } from './support/demo-workspace';

const FLEET = 'e2e-apply';
const BROKEN = 1; // t2: first of the second wave

/** A migration whose guarded index fails where `fleet_e` lacks the `note` column. */
const MIGRATION = [
  '-- fleet e2e migration',
  `CREATE TABLE IF NOT EXISTS \`fleet_e\` (
  \`fleet_e_id\` bigint NOT NULL AUTO_INCREMENT,
  \`note\` varchar(255) NOT NULL DEFAULT '',
  \`created_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`updated_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`is_deleted\` tinyint NOT NULL DEFAULT 0,
  \`deleted_ymdhis\` bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (\`fleet_e_id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`,
  "SET @lupo_sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'fleet_e' AND INDEX_NAME = 'idx_note') = 0, 'ALTER TABLE `fleet_e` ADD INDEX `idx_note` (`note`)', 'DO 0');",
  'PREPARE lupo_stmt FROM @lupo_sql;',
  'EXECUTE lupo_stmt;',
  'DEALLOCATE PREPARE lupo_stmt;',
  '',
].join('\n');

/**
 * Fleet applies from the app (issue 15, point 5) in a real Chromium against four throwaway
 * servers, one of them broken and one reached through a saved profile: the operator picks
 * the migration, reads the wave plan, types the fleet's name, and follows the waves live;
 * the run halts at the broken target with its message, the others of the fleet are shown
 * halted; after the fix, Resume completes the fleet and the matrix shows every target in sync.
 */
describe('fleet apply from the app', () => {
  let servers: LocalServer[] = [];
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  let workspace: Awaited<ReturnType<typeof demoConfigWorkspace>>;

  beforeAll(async () => {
    [servers, app, browser] = await Promise.all([
      mapLimit([0, 1, 2, 3], 2, () => startLocalServer()),
      startApp(),
      launchBrowser(),
    ]);
    workspace = await demoConfigWorkspace(['fleet_core', 'fleet_orch', 'fleet_eph']);
    await mkdir(join(workspace.dir, 'migrations'));
    await writeFile(join(workspace.dir, 'migrations', 'V1__fleet_e.sql'), MIGRATION);
    // t3 is a saved profile of the app (its secrets stay in the engine).
    const third = new URL(servers[2]!.url);
    await new ProfileStore(app.userDataDir, createOwnerOnlyFileCipher()).save({
      name: 'lab-3',
      host: third.hostname,
      port: Number(third.port),
      user: 'root',
    });
    await writeFile(
      join(workspace.dir, 'lupo.fleet.json'),
      JSON.stringify({
        name: FLEET,
        parallelism: 1,
        waveSize: 2,
        targets: [
          { name: 't1', url: servers[0]!.url, canary: true },
          { name: 't2', url: servers[1]!.url },
          { name: 't3', profile: 'lab-3' },
          { name: 't4', url: servers[3]!.url },
        ],
      }),
    );
    const broken = await mysql.createConnection({ uri: servers[BROKEN]!.url });
    await broken.query('CREATE DATABASE fleet_core');
    await broken.query(
      'CREATE TABLE fleet_core.fleet_e (fleet_e_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, created_ymdhis BIGINT NOT NULL DEFAULT 0, updated_ymdhis BIGINT NOT NULL DEFAULT 0, is_deleted TINYINT NOT NULL DEFAULT 0, deleted_ymdhis BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    );
    await broken.end();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await workspace?.remove();
    await Promise.all(servers.map((s) => s.destroy()));
  });

  it('plans the waves, runs them live, halts at the broken target, and resumes after the fix', async () => {
    await openWorkspaceFolder(page, workspace.dir);
    await page.getByTestId('nav-fleet').click();

    await page.getByTestId('fleet-apply-open').click();
    await page.getByTestId('fleet-apply-file').selectOption('V1__fleet_e.sql');
    await expect.poll(() => page.getByTestId('fleet-apply-plan').textContent()).toContain('3 waves, 1 targets at once');
    expect(await page.getByTestId('fleet-plan-wave-1').textContent()).toBe('canariest1');
    expect(await page.getByTestId('fleet-plan-wave-2').textContent()).toBe('wave 2t2, t3');
    expect(await page.getByTestId('fleet-plan-wave-3').textContent()).toBe('wave 3t4');
    // Nothing starts until the fleet's name is typed.
    expect(await page.getByTestId('fleet-apply-start').isDisabled()).toBe(true);
    await page.getByTestId('fleet-apply-confirm').fill('e2e-appl');
    expect(await page.getByTestId('fleet-apply-start').isDisabled()).toBe(true);
    await page.getByTestId('fleet-apply-confirm').fill(FLEET);
    // Record every state a target badge shows while the run goes (the live view, not the end state only).
    await page.evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { fleetSeen: string[] }).fleetSeen = seen;
      const { document, MutationObserver } = globalThis as unknown as {
        document: { body: unknown; querySelectorAll(s: string): Iterable<{ textContent: string | null }> };
        MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
      };
      new MutationObserver(() => {
        for (const badge of document.querySelectorAll('[data-testid^="fleet-target-"]'))
          if (badge.textContent && seen.at(-1) !== badge.textContent && !seen.includes(badge.textContent))
            seen.push(badge.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByTestId('fleet-apply-start').click();

    // Live: the canary is seen done while the run is still going or just ended, then the halt.
    await expect
      .poll(() => page.getByTestId('fleet-target-t1').getAttribute('data-phase'), { timeout: 60_000 })
      .toBe('done');
    await expect
      .poll(() => page.getByTestId('fleet-run').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('halted');
    const phases = async (): Promise<(string | null)[]> =>
      Promise.all(
        ['t1', 't2', 't3', 't4'].map((n) => page.getByTestId(`fleet-target-${n}`).getAttribute('data-phase')),
      );
    expect(await phases()).toEqual(['done', 'failed', 'halted', 'halted']);
    const seen = await page.evaluate(() => (globalThis as unknown as { fleetSeen: string[] }).fleetSeen);
    // Engine events drove the view: targets were seen queued and running, at a statement of the file.
    expect(seen).toContain('t4: queued');
    expect(
      seen.some((text) => /^t[12]: running \d+\/\d+$/.test(text)),
      seen.join(' | '),
    ).toBe(true);
    expect(await page.getByTestId('fleet-halted').textContent()).toContain('Fleet halted at t2');
    expect(await page.getByTestId('fleet-failure-t2').textContent()).toMatch(/t2: .*Key column 'note' doesn't exist/);
    // The matrix was read again after the run: t2 differs, t3 and t4 miss the table.
    await expect.poll(() => page.getByTestId('fleet-summary').textContent()).toContain('4 targets × 1 tables');
    await screenshot(page, 'fleet-02-halted');

    // Fix the broken target, then resume from the app.
    const broken = await mysql.createConnection({ uri: servers[BROKEN]!.url });
    await broken.query(
      "ALTER TABLE fleet_core.fleet_e ADD COLUMN note varchar(255) NOT NULL DEFAULT '' AFTER fleet_e_id",
    );
    await broken.end();
    expect(await page.getByTestId('fleet-resume').isDisabled()).toBe(true);
    await page.getByTestId('fleet-resume-confirm').fill(FLEET);
    await page.getByTestId('fleet-resume').click();
    await expect
      .poll(() => page.getByTestId('fleet-run').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('completed');
    expect(await phases()).toEqual(['done', 'done', 'done', 'done']);
    await expect
      .poll(() => page.getByTestId('fleet-summary').textContent(), { timeout: 30_000 })
      .toContain('4 in sync, 0 unreachable');
    // The profile target really was applied through the profile: its own ledger holds the batch.
    const third = await mysql.createConnection({ uri: servers[2]!.url });
    const [rows] = await third.query<mysql.RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM fleet_orch.migration_batches WHERE batch_status = 'completed'",
    );
    await third.end();
    expect(Number(rows[0]!.n)).toBe(1);
    await screenshot(page, 'fleet-03-resumed');
  });
});

import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { Pool } from 'mysql2/promise';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from '../orchestrator/support';
import { migrationText } from '../orchestrator/migration-fixtures';

/**
 * `lupo rollback --yes` (issue 16): nobody reads the preview, so the rows of the tables to drop
 * are probed once, under the target's lock, not also at the preview. The refusal and the backup
 * come from that probe, and --json reports what it found.
 */
describe('lupo rollback --yes probes the rows once, as the rollback starts', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  let drop: () => Promise<void>;
  let target: string;
  let ledger: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabases(url, ['rby_core', 'rby_orch']);
    [target, ledger] = scratch.names as [string, string];
    drop = scratch.drop;
    pool = poolFor(url);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await pool.end();
    await drop();
  });

  /** Counts the row-probe queries (`SELECT ? AS k FROM … LIMIT 1`) sent on any pool of this process. */
  function countProbes(): { readonly count: () => number } {
    // The CLI opens its own pool; every mysql2 promise pool shares this prototype.
    const query = vi.spyOn(Object.getPrototypeOf(pool) as Pool, 'query');
    return {
      count: () => query.mock.calls.filter(([sql]) => String(sql as unknown).includes(' AS k FROM ')).length,
    };
  }

  it('refuses a table holding rows without --allow-data-loss (table kept); with it, backs the rows up', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lupo-rby-'));
    const path = await writeMigration('V1__rby.sql', migrationText(2, 0, 'lupo_rby'), cwd);
    await applyFile(pool, path, target, ledger);
    await pool.query(`INSERT INTO \`${target}\`.lupo_rby2_items (item_name, item_count) VALUES ('kept', 5)`);
    const common = [
      'rollback',
      '--last',
      '--db',
      '--yes',
      '--url',
      url,
      '--core-db',
      target,
      '--orchestration-db',
      ledger,
    ];

    const probes = countProbes();
    const refused = captureIo({ cwd });
    expect(await runCli(['--json', ...common], refused)).toBe(1);
    expect(probes.count()).toBe(1);
    const error = (JSON.parse(refused.out.join('')) as { error: { code: string; message: string; hint: string } })
      .error;
    expect(error.code).toBe('rollback/data-loss');
    expect(error.message).toContain('lupo_rby2_items hold rows (found as the rollback started)');
    expect(error.message).not.toContain('lupo_rby1_items');
    expect(error.hint).toContain('Nothing was changed');
    expect(error.hint).toContain('--allow-data-loss');
    expect(Object.keys(await schemaSnapshot(pool, target)).sort()).toEqual(['lupo_rby1_items', 'lupo_rby2_items']);
    expect(await readdir(cwd)).not.toContain('backups');

    // The same refusal in text, on stderr.
    const text = captureIo({ cwd });
    expect(await runCli(common, text)).toBe(1);
    expect(text.err.join('')).toContain('lupo_rby2_items hold rows (found as the rollback started)');

    vi.restoreAllMocks();
    const again = countProbes();
    const allowed = captureIo({ cwd });
    expect(await runCli(['--json', ...common, '--allow-data-loss'], allowed)).toBe(0);
    expect(again.count()).toBe(1);
    const { outcome } = JSON.parse(allowed.out.join('')) as {
      outcome: { status: string; backupPath: string; drops: Array<{ table: string; rows: boolean }> };
    };
    expect(outcome.status).toBe('completed');
    expect(outcome.drops).toEqual([
      { table: 'lupo_rby2_items', rows: true },
      { table: 'lupo_rby1_items', rows: false },
    ]);
    expect(Object.keys(await schemaSnapshot(pool, target))).toEqual([]);
    const backup = await readFile(outcome.backupPath, 'utf8');
    expect(backup).toContain('CREATE TABLE IF NOT EXISTS `lupo_rby2_items`');
    // Text values are written as hex: 'kept' is 6B657074.
    expect(backup).toMatch(/INSERT INTO[^;]*6B657074/i);
    expect(backup).not.toContain('lupo_rby1_items');
  });
});

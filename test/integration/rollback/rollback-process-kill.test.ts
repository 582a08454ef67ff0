import { spawn } from 'node:child_process';
import { access, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { inspectUnfinished } from '../../../electron/engine/orchestrator/inspect-unfinished';
import { TABLES_PER_DROP } from '../../../electron/engine/orchestrator/rollback';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from '../orchestrator/support';
import { migrationText } from '../orchestrator/migration-fixtures';

const CHILD = resolve(__dirname, '../../../bin/lupo.mjs');
/**
 * 64 tables: the generated rollback drops them TABLES_PER_DROP (16) to a statement, newest
 * first, so lupo_rbk1_items goes in the fourth and last statement.
 */
const TABLES = 4 * TABLES_PER_DROP;
/** The rollback is SIGKILLed as this step starts (it may get a step further first). */
const KILL_AT = 2;

/** Runs the CLI child; with `killAtStep` it is SIGKILLed when that step (1-based) starts. */
function runCli(
  args: string[],
  cwd: string,
  killAtStep?: number,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHILD, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killAtStep !== undefined && new RegExp(`^statement ${killAtStep}/\\d+ start`, 'm').test(stdout))
        child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

describe('`lupo rollback` SIGKILLed, rows arrive, then `lupo apply --resume`', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(() => {
    pool = poolFor(url);
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
    await pool.end();
  });

  it('refuses to drop the rows without --allow-data-loss; with it, backs them up, then drops', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lupo-rbk-'));
    const scratch = await createScratchDatabases(url, ['rbk_core', 'rbk_orch']);
    cleanups.push(scratch.drop);
    const [target, ledger] = scratch.names as [string, string];
    const path = await writeMigration('V1__rbk.sql', migrationText(TABLES, 0, 'lupo_rbk'), cwd);
    const applied = await applyFile(pool, path, target, ledger);
    const common = ['--db', '--yes', '--url', url, '--core-db', target, '--orchestration-db', ledger];

    // Every table is empty: the rollback needs no --allow-data-loss and writes no backup.
    const killed = await runCli(['rollback', '--batch', String(applied.batchId), ...common], cwd, KILL_AT);
    expect(killed.signal).toBe('SIGKILL');
    expect((await inspectUnfinished(pool, ledger)).map((u) => u.batch.kind)).toEqual(['rollback']);
    // lupo_rbk1_items is dropped last: still there. A row arrives before the resume.
    await pool.query(`INSERT INTO \`${target}\`.lupo_rbk1_items (item_name) VALUES ('late')`);

    const refused = await runCli(['apply', '--resume', ...common], cwd);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('lupo_rbk1_items hold rows (found as the rollback resumed)');
    expect(refused.stderr).toContain('--allow-data-loss');
    expect(Object.keys(await schemaSnapshot(pool, target))).toContain('lupo_rbk1_items');
    expect(await inspectUnfinished(pool, ledger)).toHaveLength(1);

    const resumed = await runCli(['apply', '--resume', '--allow-data-loss', ...common], cwd);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(Object.keys(await schemaSnapshot(pool, target))).toEqual([]);
    const backups = await readdir(join(cwd, 'backups'));
    expect(backups).toHaveLength(1);
    const backupPath = join(cwd, 'backups', backups[0]!);
    expect(resumed.stdout).toContain(backupPath);
    const backup = await readFile(backupPath, 'utf8');
    // Text values are written as hex: 'late' is 6C617465.
    expect(backup).toMatch(/INSERT INTO[^;]*6C617465/i);
    const [log] = await pool.query<RowDataPacket[]>(
      `SELECT rollback_status AS status, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.backup_path')) AS backup_path,
              JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.data_loss_warning')) AS data_loss
         FROM \`${ledger}\`.migration_rollback_log`,
    );
    expect(log).toEqual([{ status: 'completed', backup_path: backupPath, data_loss: '1' }]);
    await access(backupPath);
    expect(await inspectUnfinished(pool, ledger)).toEqual([]);
  });
});

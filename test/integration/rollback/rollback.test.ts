import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { type LupoError } from '../../../shared/errors';
import { silentSink } from '../../../shared/engine-events';
import { executeRollback, planRollback } from '../../../electron/engine/orchestrator/rollback';
import { resumeApply } from '../../../electron/engine/orchestrator/resume';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from '../orchestrator/support';
import { createTableSql, migrationText } from '../orchestrator/migration-fixtures';

describe('guarded rollback', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  let drop: () => Promise<void>;
  let names: string[];
  const signal = new AbortController().signal;

  beforeAll(async () => {
    const scratch = await createScratchDatabases(url, ['rb_a', 'rb_b', 'rb_c', 'rb_orch', 'rb_d', 'rb_fk']);
    names = scratch.names;
    drop = scratch.drop;
    pool = poolFor(url);
  });
  afterAll(async () => {
    await pool.end();
    await drop();
  });

  it('restores the exact previous schema from generated inverses (pre-existing tables untouched)', async () => {
    const [target, , , ledger] = names as [string, string, string, string];
    // A table that exists before the batch: the batch's CREATE TABLE IF NOT EXISTS of it is a no-op.
    await pool.query(`USE \`${target}\``);
    await pool.query(createTableSql(1, 'lupo_rb'));
    await pool.query(`INSERT INTO \`${target}\`.lupo_rb1_items (item_name) VALUES ('kept')`);
    const before = await schemaSnapshot(pool, target);
    const path = await writeMigration('V1__rb.sql', migrationText(4, 2, 'lupo_rb'));
    const applied = await applyFile(pool, path, target, ledger);
    expect(Object.keys(await schemaSnapshot(pool, target))).toHaveLength(4);

    const plan = await planRollback(pool, {
      ledgerDatabase: ledger,
      selector: { batchId: applied.batchId! },
      cwd: dirname(path),
    });
    expect(plan.source).toBe('generated');
    // Column extra2 on a created table, column extra1 on the pre-existing table, then the 3
    // created tables in one statement, newest first.
    expect(plan.steps.map((s) => s.sql)).toEqual([
      expect.stringMatching(/DROP COLUMN `extra2_ymdhis`$/),
      expect.stringMatching(/DROP COLUMN `extra1_ymdhis`$/),
      'DROP TABLE IF EXISTS `lupo_rb4_items`, `lupo_rb3_items`, `lupo_rb2_items`',
    ]);
    expect(plan.drops.filter((d) => d.column === undefined).map((d) => d.table)).toEqual([
      'lupo_rb4_items',
      'lupo_rb3_items',
      'lupo_rb2_items',
    ]);
    expect(plan.drops.find((d) => d.table === 'lupo_rb1_items' && d.column === 'extra1_ymdhis')?.rows).toBe(true);
    const refused = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      backupDir: await mkdtemp(join(tmpdir(), 'lupo-bk-')),
      sink: silentSink,
      signal,
    }).catch((e: unknown) => e);
    expect((refused as LupoError).code).toBe('rollback/data-loss');

    const backupDir = await mkdtemp(join(tmpdir(), 'lupo-bk-'));
    const outcome = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      allowDataLoss: true,
      backupDir,
      sink: silentSink,
      signal,
    });
    expect(outcome.status).toBe('completed');
    expect(await schemaSnapshot(pool, target)).toEqual(before);
    expect(outcome.backupPath).toBeDefined();
    const [log] = await pool.query<RowDataPacket[]>(
      `SELECT JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.down_source')) AS classification, rollback_status AS status, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.data_loss_warning')) AS data_loss_warning,
              JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.backup_path')) AS backup_path FROM \`${ledger}\`.migration_rollback_log`,
    );
    expect(log[0]).toMatchObject({
      classification: 'generated',
      status: 'completed',
      data_loss_warning: '1',
      backup_path: outcome.backupPath,
    });
    const [batches] = await pool.query<RowDataPacket[]>(
      `SELECT JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.batch_kind')) AS batch_kind, batch_status AS status FROM \`${ledger}\`.migration_batches ORDER BY batch_id`,
    );
    expect(batches.map((b) => `${b.batch_kind}:${b.status}`)).toEqual(['apply:rolled_back', 'rollback:completed']);
  });

  it('refuses when a created table holds rows; with allowDataLoss writes a restorable backup, then drops', async () => {
    const [, target, , ledger] = names as [string, string, string, string];
    const before = await schemaSnapshot(pool, target);
    const path = await writeMigration('V1__rows.sql', migrationText(2, 0, 'lupo_rows'));
    const applied = await applyFile(pool, path, target, ledger);
    await pool.query(`INSERT INTO \`${target}\`.lupo_rows2_items (item_name, item_count) VALUES (?, 3), (?, 4)`, [
      "it's",
      'b\\c',
    ]);
    const plan = await planRollback(pool, {
      ledgerDatabase: ledger,
      selector: { last: true, targetDatabase: target },
      cwd: dirname(path),
    });
    expect(plan.batch.batchId).toBe(applied.batchId);
    expect(plan.drops).toEqual([
      { table: 'lupo_rows2_items', rows: true },
      { table: 'lupo_rows1_items', rows: false },
    ]);
    const backupDir = await mkdtemp(join(tmpdir(), 'lupo-bk-'));
    const refused = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      backupDir,
      sink: silentSink,
      signal,
    }).catch((e: unknown) => e);
    expect((refused as LupoError).code).toBe('rollback/data-loss');
    expect(await readdir(backupDir)).toEqual([]);
    expect(Object.keys(await schemaSnapshot(pool, target))).toHaveLength(2);

    const outcome = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      allowDataLoss: true,
      backupDir,
      sink: silentSink,
      signal,
    });
    expect(await schemaSnapshot(pool, target)).toEqual(before);
    const backup = await readFile(outcome.backupPath!, 'utf8');
    expect(backup).toContain('CREATE TABLE IF NOT EXISTS `lupo_rows2_items`');
    // The backup restores the rows.
    const conn = await pool.getConnection();
    try {
      await conn.query(`USE \`${target}\``);
      for (const statement of backup
        .split(/;\n/)
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('--')))
        await conn.query(statement.replace(/^(--[^\n]*\n)+/, ''));
    } finally {
      conn.release();
    }
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT item_name, item_count FROM \`${target}\`.lupo_rows2_items ORDER BY item_count`,
    );
    expect(rows.map((r) => Number(r.item_count))).toEqual([3, 4]);
  });

  it('probes again at execution: rows that arrived after an empty preview refuse, or go into the backup', async () => {
    const [, , , ledger, target] = names as [string, string, string, string, string];
    const path = await writeMigration('V1__late.sql', migrationText(2, 0, 'lupo_late'));
    await applyFile(pool, path, target, ledger);
    const plan = await planRollback(pool, {
      ledgerDatabase: ledger,
      selector: { last: true, targetDatabase: target },
      cwd: dirname(path),
    });
    expect(plan.dataLoss).toBe(false);
    // A row arrives between the preview and the run.
    await pool.query(`INSERT INTO \`${target}\`.lupo_late1_items (item_name, item_count) VALUES ('late', 7)`);
    const backupDir = await mkdtemp(join(tmpdir(), 'lupo-bk-'));
    const refused = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      backupDir,
      sink: silentSink,
      signal,
    }).catch((e: unknown) => e);
    expect((refused as LupoError).code).toBe('rollback/data-loss');
    expect((refused as LupoError).message).toContain('lupo_late1_items hold rows (found as the rollback started)');
    expect(Object.keys(await schemaSnapshot(pool, target))).toHaveLength(2);

    const outcome = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      allowDataLoss: true,
      backupDir,
      sink: silentSink,
      signal,
    });
    expect(outcome.status).toBe('completed');
    expect(Object.keys(await schemaSnapshot(pool, target))).toHaveLength(0);
    const backup = await readFile(outcome.backupPath!, 'utf8');
    expect(backup).toContain('CREATE TABLE IF NOT EXISTS `lupo_late1_items`');
    // Text values are written as hex: 'late' is 6C617465.
    expect(backup).toMatch(/INSERT INTO[^;]*6C617465/i);
    expect(backup).not.toContain('lupo_late2_items');
    const [log] = await pool.query<RowDataPacket[]>(
      `SELECT JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.data_loss_warning')) AS data_loss_warning
         FROM \`${ledger}\`.migration_rollback_log WHERE batch_id = ?`,
      [plan.batch.batchId],
    );
    expect(log.map((r) => r.data_loss_warning)).toEqual(['1']);
  });

  it('uses an authored down-file when one sits beside the applied file', async () => {
    const [, , target, ledger] = names as [string, string, string, string];
    const before = await schemaSnapshot(pool, target);
    const path = await writeMigration('V7__auth.sql', migrationText(2, 0, 'lupo_auth'));
    await writeFile(
      path.replace(/\.sql$/, '.down.sql'),
      'DROP TABLE IF EXISTS `lupo_auth2_items`;\nDROP TABLE IF EXISTS `lupo_auth1_items`;\n',
    );
    await applyFile(pool, path, target, ledger);
    const plan = await planRollback(pool, {
      ledgerDatabase: ledger,
      selector: { last: true, targetDatabase: target },
      cwd: dirname(path),
    });
    expect(plan.source).toBe('authored');
    await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      backupDir: dirname(path),
      sink: silentSink,
      signal,
    });
    expect(await schemaSnapshot(pool, target)).toEqual(before);
    // The file can be applied again after its rollback.
    expect((await applyFile(pool, path, target, ledger)).status).toBe('completed');
  });

  it('a generated drop of several tables that fails on a referenced one resumes once the reference is gone', async () => {
    const [, , , ledger, , target] = names as [string, string, string, string, string, string];
    const before = await schemaSnapshot(pool, target);
    const path = await writeMigration('V1__fk.sql', migrationText(3, 0, 'lupo_fk'));
    const applied = await applyFile(pool, path, target, ledger);
    // A table outside the batch references the middle one: the server refuses to drop it.
    await pool.query(
      `CREATE TABLE \`${target}\`.outside_ref (fk2_item_id bigint, FOREIGN KEY (fk2_item_id) REFERENCES \`${target}\`.lupo_fk2_items (fk2_item_id))`,
    );
    const plan = await planRollback(pool, {
      ledgerDatabase: ledger,
      selector: { batchId: applied.batchId! },
      cwd: dirname(path),
    });
    expect(plan.steps.map((s) => s.sql)).toEqual([
      'DROP TABLE IF EXISTS `lupo_fk3_items`, `lupo_fk2_items`, `lupo_fk1_items`',
    ]);
    const failed = await executeRollback(pool, plan, {
      confirmation: { typedDatabase: target },
      backupDir: await mkdtemp(join(tmpdir(), 'lupo-bk-')),
      sink: silentSink,
      signal,
    }).catch((e: unknown) => e);
    expect((failed as LupoError).code).toBe('apply/statement-failed');
    expect((failed as LupoError).message).toMatch(/foreign key/i);
    // MariaDB drops the other two and stops at the referenced one; MySQL 8 drops none. Either way it is still there.
    expect(Object.keys(await schemaSnapshot(pool, target))).toContain('lupo_fk2_items');

    await pool.query(`DROP TABLE \`${target}\`.outside_ref`);
    const outcome = await resumeApply(pool, {
      targetDatabase: target,
      ledgerDatabase: ledger,
      backupDir: await mkdtemp(join(tmpdir(), 'lupo-bk-')),
      sink: silentSink,
      signal,
    });
    expect(outcome.status).toBe('completed');
    expect(await schemaSnapshot(pool, target)).toEqual(before);
    const [batches] = await pool.query<RowDataPacket[]>(
      `SELECT batch_status AS status FROM \`${ledger}\`.migration_batches WHERE batch_id >= ? ORDER BY batch_id`,
      [applied.batchId],
    );
    expect(batches.map((b) => b.status)).toEqual(['rolled_back', 'completed']);
  });
});

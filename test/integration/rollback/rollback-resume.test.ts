import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import { startLocalServer, type LocalServer } from '../../../electron/engine/sandbox/local-server';
import { inspectUnfinished } from '../../../electron/engine/orchestrator/inspect-unfinished';
import { resumeApply } from '../../../electron/engine/orchestrator/resume';
import { executeRollback, planRollback, TABLES_PER_DROP } from '../../../electron/engine/orchestrator/rollback';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from '../orchestrator/support';
import { migrationText } from '../orchestrator/migration-fixtures';
import { readHistoryBatch, readHistoryBatches } from '../../../electron/engine/api/migration-history';

/** A fixed end time written onto the apply batch, so "kept" is checked without depending on the clock. */
const APPLY_ENDED = 20200102030405;

/** Ledger state that must be the same after an uninterrupted rollback and after a resumed one. */
async function ledgerState(pool: Pool, ledger: string) {
  const [batches] = await pool.query<RowDataPacket[]>(
    `SELECT JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.batch_kind')) AS batch_kind, batch_status AS status, completed_ymdhis AS ended_ymdhis
       FROM \`${ledger}\`.migration_batches ORDER BY batch_id`,
  );
  const [files] = await pool.query<RowDataPacket[]>(
    `SELECT IF(file_status = 'completed', 'applied', file_status) AS status FROM \`${ledger}\`.migration_files ORDER BY file_id`,
  );
  const [logs] = await pool.query<RowDataPacket[]>(
    `SELECT batch_id AS migration_batch_id, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.rollback_batch_id')) AS rollback_batch_id, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.down_source')) AS classification,
            rollback_status AS status, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.data_loss_warning')) AS data_loss_warning, NULLIF(JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.backup_path')), 'null') AS backup_path,
            JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.started_ymdhis')) AS started_ymdhis, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.ended_ymdhis')) AS ended_ymdhis
       FROM \`${ledger}\`.migration_rollback_log`,
  );
  return {
    batches: batches.map((b) => `${b.batch_kind}:${b.status}`),
    applyEnded: Number(batches[0]?.ended_ymdhis),
    /** The rollback batch carries its own (recent) end time; compared as a fact, not a clock value. */
    rollbackEndedAfterApply: Number(batches[1]?.ended_ymdhis ?? 0) > APPLY_ENDED,
    files: files.map((f) => String(f.status)),
    logs: logs.map((l) => ({
      batch: Number(l.migration_batch_id),
      rollbackBatch: Number(l.rollback_batch_id),
      classification: String(l.classification),
      status: String(l.status),
      dataLoss: Number(l.data_loss_warning),
      hasBackup: l.backup_path !== null,
      timed: Number(l.started_ymdhis) > APPLY_ENDED && Number(l.ended_ymdhis) >= Number(l.started_ymdhis),
    })),
    backupPath: logs[0]?.backup_path === null ? null : String(logs[0]?.backup_path),
  };
}

/** The backups the rollback log names as taken on resume, as the history screen reads them. */
async function resumeBackupPaths(pool: Pool, ledger: string): Promise<string[] | undefined> {
  const apply = (await readHistoryBatches(pool, ledger, 10)).find((batch) => batch.kind === 'apply');
  const detail = await readHistoryBatch(pool, ledger, apply!.batchId);
  return detail.rollbacks[0]?.resumeBackupPaths;
}

/**
 * Applies 4 × TABLES_PER_DROP tables (lupo_rbr1_items holding a row unless `withRow` is false)
 * to `target`, pins the apply's end time, and plans its generated rollback: 4 statements,
 * newest tables first, lupo_rbr1_items in the last.
 */
async function appliedBatch(pool: Pool, target: string, ledger: string, withRow = true) {
  await pool.query(`CREATE DATABASE \`${target}\``);
  const before = await schemaSnapshot(pool, target);
  const path = await writeMigration('V1__rbresume.sql', migrationText(4 * TABLES_PER_DROP, 0, 'lupo_rbr'));
  const applied = await applyFile(pool, path, target, ledger);
  if (withRow) await pool.query(`INSERT INTO \`${target}\`.lupo_rbr1_items (item_name) VALUES ('row')`);
  await pool.query(`UPDATE \`${ledger}\`.migration_batches SET completed_ymdhis = ? WHERE batch_id = ?`, [
    APPLY_ENDED,
    applied.batchId,
  ]);
  const plan = await planRollback(pool, {
    ledgerDatabase: ledger,
    selector: { batchId: applied.batchId! },
    cwd: dirname(path),
  });
  expect(plan.steps).toHaveLength(4);
  return { before, plan };
}

describe('a rollback interrupted by a server crash, then resumed', () => {
  let server: LocalServer;
  let backupDir: string;
  let reference: Awaited<ReturnType<typeof ledgerState>>;

  beforeAll(async () => {
    server = await startLocalServer();
    backupDir = await mkdtemp(join(tmpdir(), 'lupo-rbr-bk-'));
    const pool = poolFor(server.url);
    try {
      const { before, plan } = await appliedBatch(pool, 'rbr_reference', 'rbr_reference_ledger');
      await executeRollback(pool, plan, {
        confirmation: { typedDatabase: 'rbr_reference' },
        allowDataLoss: true,
        backupDir,
        sink: silentSink,
        signal: new AbortController().signal,
      });
      expect(await schemaSnapshot(pool, 'rbr_reference')).toEqual(before);
      reference = await ledgerState(pool, 'rbr_reference_ledger');
    } finally {
      await pool.end();
    }
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('an uninterrupted rollback keeps the apply batch end time and completes its log row', () => {
    expect(reference.batches).toEqual(['apply:rolled_back', 'rollback:completed']);
    expect(reference.applyEnded).toBe(APPLY_ENDED);
    expect(reference.rollbackEndedAfterApply).toBe(true);
    expect(reference.files).toEqual(['rolled_back', 'rolled_back']);
    expect(reference.logs).toEqual([
      {
        batch: 1,
        rollbackBatch: 2,
        classification: 'generated',
        status: 'completed',
        dataLoss: 1,
        hasBackup: true,
        timed: true,
      },
    ]);
  });

  it.each([
    { step: 1, phase: 'done' as const },
    { step: 2, phase: 'start' as const },
  ])(
    'killed at rollback step $step ($phase): resume leaves the ledger as an uninterrupted rollback',
    async ({ step, phase }) => {
      const target = `rbr_${step}_${phase}`;
      const ledger = `${target}_ledger`;
      let pool = poolFor(server.url);
      let before: Record<string, string>;
      let killing: Promise<void> | undefined;
      try {
        const prepared = await appliedBatch(pool, target, ledger);
        before = prepared.before;
        const sink: EngineSink = (event) => {
          if (event.type === 'statement' && event.index === step && event.phase === phase && !killing)
            killing = server.kill();
        };
        const error = await executeRollback(pool, prepared.plan, {
          confirmation: { typedDatabase: target },
          allowDataLoss: true,
          backupDir,
          sink,
          signal: new AbortController().signal,
        }).catch((e: unknown) => e);
        await killing;
        expect(error).toBeInstanceOf(LupoError);
        expect((error as LupoError).code).toBe('apply/connection-lost');
      } finally {
        await pool.end().catch(() => {});
      }
      await server.restart();
      pool = poolFor(server.url);
      try {
        const unfinished = await inspectUnfinished(pool, ledger);
        expect(unfinished.map((u) => `${u.batch.kind}:${u.batch.status}`)).toEqual(['rollback:running']);
        const crashed = await ledgerState(pool, ledger);
        expect(crashed.batches).toEqual(['apply:completed', 'rollback:running']);

        // lupo_rbr1_items is not dropped yet and holds its row: the resume re-asks for data loss.
        const refused = await resumeApply(pool, {
          targetDatabase: target,
          ledgerDatabase: ledger,
          sink: silentSink,
          signal: new AbortController().signal,
        }).catch((e: unknown) => e);
        expect((refused as LupoError).code).toBe('rollback/data-loss');
        const outcome = await resumeApply(pool, {
          targetDatabase: target,
          ledgerDatabase: ledger,
          allowDataLoss: true,
          backupDir,
          sink: silentSink,
          signal: new AbortController().signal,
        });
        expect(outcome.status).toBe('completed');
        // It backed the row up again: it may have changed since the first backup.
        await access(outcome.backupPath!);
        // A file of its own: it never replaces the first backup, even written in the same second.
        expect(outcome.backupPath).toMatch(/-batch-1-resume-\d{14}\.sql$/);
        expect(await resumeBackupPaths(pool, ledger)).toEqual([outcome.backupPath]);
        expect(await schemaSnapshot(pool, target)).toEqual(before);
        const resumed = await ledgerState(pool, ledger);
        expect({ ...resumed, backupPath: null }).toEqual({ ...reference, backupPath: null });
        // The backup written before the crash is still the one the log names.
        expect(resumed.backupPath).toBe(crashed.backupPath);
        await access(resumed.backupPath!);
        expect(await inspectUnfinished(pool, ledger)).toEqual([]);
      } finally {
        await pool.end();
      }
    },
  );

  it('killed again while resuming: every backup a resume took stays named in the log', async () => {
    const target = 'rbr_twice';
    const ledger = `${target}_ledger`;
    const resume = (sink: EngineSink, pool: Pool) =>
      resumeApply(pool, {
        targetDatabase: target,
        ledgerDatabase: ledger,
        allowDataLoss: true,
        backupDir,
        sink,
        signal: new AbortController().signal,
      });
    /**
     * Runs `work` with a sink that kills the server once statement `step` is done (or the
     * first statement starts), expects the lost connection, and restarts the server.
     */
    const crashDuring = async (step: number | 'first', work: (pool: Pool, sink: EngineSink) => Promise<unknown>) => {
      const pool = poolFor(server.url);
      let killing: Promise<void> | undefined;
      const sink: EngineSink = (event) => {
        if (event.type !== 'statement' || killing) return;
        if (step === 'first' ? event.phase === 'start' : event.index === step && event.phase === 'done')
          killing = server.kill();
      };
      try {
        const error = await work(pool, sink).catch((e: unknown) => e);
        await killing;
        expect((error as LupoError).code).toBe('apply/connection-lost');
      } finally {
        await pool.end().catch(() => {});
      }
      await server.restart();
    };
    await crashDuring(1, async (pool, sink) => {
      const { plan } = await appliedBatch(pool, target, ledger);
      return executeRollback(pool, plan, {
        confirmation: { typedDatabase: target },
        allowDataLoss: true,
        backupDir,
        sink,
        signal: new AbortController().signal,
      });
    });
    // The first resume backs lupo_rbr1_items up again, then the server dies under it.
    await crashDuring('first', (pool, sink) => resume(sink, pool));
    const pool = poolFor(server.url);
    try {
      const crashedTwice = await resumeBackupPaths(pool, ledger);
      expect(crashedTwice).toHaveLength(1);
      const outcome = await resume(silentSink, pool);
      expect(outcome.status).toBe('completed');
      const named = await resumeBackupPaths(pool, ledger);
      // Both resumes' backups, oldest first, each its own file: none replaced another.
      expect(named).toEqual([crashedTwice![0], outcome.backupPath]);
      expect(new Set(named).size).toBe(2);
      for (const path of named!)
        expect(await readFile(path, 'utf8')).toContain('CREATE TABLE IF NOT EXISTS `lupo_rbr1_items`');
      // The rollback's own backup is still the one the log names first.
      const state = await ledgerState(pool, ledger);
      expect(state.batches).toEqual(['apply:rolled_back', 'rollback:completed']);
      await access(state.backupPath!);
      expect(named).not.toContain(state.backupPath);
    } finally {
      await pool.end();
    }
  });

  it('rows that arrive in a table not yet dropped before the resume refuse it, or go into a new backup', async () => {
    const target = 'rbr_late';
    const ledger = `${target}_ledger`;
    let pool = poolFor(server.url);
    let plan: Awaited<ReturnType<typeof appliedBatch>>['plan'];
    let killing: Promise<void> | undefined;
    try {
      ({ plan } = await appliedBatch(pool, target, ledger, false));
      expect(plan.dataLoss).toBe(false);
      const sink: EngineSink = (event) => {
        if (event.type === 'statement' && event.index === 1 && event.phase === 'done' && !killing)
          killing = server.kill();
      };
      // Every table is empty: the rollback runs without data loss allowed and writes no backup.
      const error = await executeRollback(pool, plan, {
        confirmation: { typedDatabase: target },
        backupDir,
        sink,
        signal: new AbortController().signal,
      }).catch((e: unknown) => e);
      await killing;
      expect((error as LupoError).code).toBe('apply/connection-lost');
    } finally {
      await pool.end().catch(() => {});
    }
    await server.restart();
    pool = poolFor(server.url);
    try {
      expect((await ledgerState(pool, ledger)).backupPath).toBeNull();
      // lupo_rbr1_items is dropped last: still there. A row arrives before the resume.
      await pool.query(`INSERT INTO \`${target}\`.lupo_rbr1_items (item_name) VALUES ('late')`);
      const refused = await resumeApply(pool, {
        targetDatabase: target,
        ledgerDatabase: ledger,
        backupDir,
        sink: silentSink,
        signal: new AbortController().signal,
      }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LupoError);
      expect((refused as LupoError).code).toBe('rollback/data-loss');
      expect((refused as LupoError).message).toContain('lupo_rbr1_items hold rows (found as the rollback resumed)');
      expect((refused as LupoError).hint).toContain('--allow-data-loss');
      expect(Object.keys(await schemaSnapshot(pool, target))).toContain('lupo_rbr1_items');
      // Refused before anything ran: the batch is still there to resume.
      expect((await inspectUnfinished(pool, ledger)).map((u) => u.batch.kind)).toEqual(['rollback']);

      const outcome = await resumeApply(pool, {
        targetDatabase: target,
        ledgerDatabase: ledger,
        allowDataLoss: true,
        backupDir,
        sink: silentSink,
        signal: new AbortController().signal,
      });
      expect(outcome.status).toBe('completed');
      expect(Object.keys(await schemaSnapshot(pool, target))).toEqual([]);
      const backup = await readFile(outcome.backupPath!, 'utf8');
      expect(backup).toContain('CREATE TABLE IF NOT EXISTS `lupo_rbr1_items`');
      // Text values are written as hex: 'late' is 6C617465.
      expect(backup).toMatch(/INSERT INTO[^;]*6C617465/i);
      const resumed = await ledgerState(pool, ledger);
      expect(resumed.batches).toEqual(['apply:rolled_back', 'rollback:completed']);
      expect(resumed.logs).toMatchObject([{ status: 'completed', dataLoss: 1, hasBackup: true }]);
      expect(resumed.backupPath).toBe(outcome.backupPath);
      expect(await inspectUnfinished(pool, ledger)).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { silentSink } from '../../../shared/engine-events';
import { runCli } from '../../../electron/cli/program';
import { readHistoryBatch, readHistoryBatches, UNBATCHED_KEY } from '../../../electron/engine/api/migration-history';
import { Ledger } from '../../../electron/engine/orchestrator/ledger';
import { detectLedgerShape } from '../../../electron/engine/orchestrator/ledger-shape';
import { executeRollback, planRollback } from '../../../electron/engine/orchestrator/rollback';
import { readMigrationFile } from '../../../electron/engine/migrations/migration-folder';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, writeMigration } from '../orchestrator/support';
import { migrationText } from '../orchestrator/migration-fixtures';
import { createLupopediaLedger, type LupopediaShape } from './lupopedia-ledger';

const props = (value: unknown): Record<string, unknown> =>
  typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown>);
const admin = (value: unknown): Record<string, unknown> => (props(value).lupo_admin ?? {}) as Record<string, unknown>;

async function rows(pool: Pool, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result;
}

describe.each<LupopediaShape>(['toon', 'sql'])(
  "Lupopedia's own ledger built from its %s: plan → apply → re-apply → rollback",
  (shape) => {
    const url = inject('mysqlUrl');
    let pool: Pool;
    let drop: () => Promise<void>;
    let target = '';
    let ledger = '';
    let path = '';
    let applyBatch = 0;
    let applyFileId = 0;

    beforeAll(async () => {
      pool = poolFor(url);
      const scratch = await createScratchDatabases(url, ['lpl_core', 'lpl_orch']);
      drop = scratch.drop;
      [target, ledger] = scratch.names as [string, string];
      await pool.query(`DROP DATABASE \`${ledger}\``);
      await createLupopediaLedger(url, ledger, shape);
      path = await writeMigration('V7__two_core_tables.sql', migrationText(2, 0, 'lupo_pair'));
    });
    afterAll(async () => {
      await pool.end();
      await drop();
    });

    it('detects the shape before writing: Lupopedia, keyed as built', async () => {
      const found = await detectLedgerShape(pool, ledger);
      expect(found.verdict).toBe('lupopedia');
      expect(found.keyStyle).toBe(shape === 'sql' ? 'pk' : 'nokey');
      expect(found.journal).toBe('absent');
    });

    it('applies, writing Lupopedia rows in its columns (named batch, non-zero ids, completed, file hash)', async () => {
      const outcome = await applyFile(pool, path, target, ledger);
      expect(outcome.status).toBe('completed');
      applyBatch = outcome.batchId!;
      applyFileId = outcome.fileId!;
      expect(applyBatch).toBeGreaterThan(0);
      const file = await readMigrationFile(path);

      const [batch] = await rows(pool, `SELECT * FROM \`${ledger}\`.migration_batches`);
      expect(batch!.batch_name).toBe(`apply V7__two_core_tables.sql to ${target}`);
      expect(batch!.batch_status).toBe('completed');
      expect(Number(batch!.total_files)).toBe(1);
      expect(Number(batch!.processed_files)).toBe(1);
      expect(Number(batch!.completed_ymdhis)).toBeGreaterThan(20200101000000);
      expect(Number(batch!.epoch_to)).toBeGreaterThan(Number(batch!.epoch_from));
      expect(admin(batch!.properties)).toMatchObject({
        ledger_format: 1,
        target_database: target,
        batch_kind: 'apply',
      });

      const [f] = await rows(pool, `SELECT * FROM \`${ledger}\`.migration_files`);
      expect(Number(f!.file_id)).toBe(applyFileId);
      expect(Number(f!.file_id)).toBeGreaterThan(0);
      expect(Number(f!.batch_id)).toBe(applyBatch);
      expect(f!.file_type).toBe('doctrine');
      expect(f!.file_status).toBe('completed');
      expect(f!.file_hash).toBe(file.sha256);
      expect(Number(f!.epoch_to)).toBe(Number(batch!.epoch_to));
      expect(props(f!.properties)).toMatchObject({ state_id: 6, description: 'V7__two_core_tables.sql' });

      const checks = await rows(
        pool,
        `SELECT validation_id, file_id, validation_phase, validation_type, validation_status FROM \`${ledger}\`.migration_validation_log`,
      );
      expect(checks.length).toBeGreaterThan(3);
      expect(checks.every((c) => Number(c.validation_id) > 0 && Number(c.file_id) === applyFileId)).toBe(true);
      expect(checks.filter((c) => c.validation_phase === 'pre').every((c) => c.validation_status === 'passed')).toBe(
        true,
      );
      expect(checks.some((c) => c.validation_phase === 'post' && c.validation_type === 'verify')).toBe(true);
      expect(new Set(checks.map((c) => Number(c.validation_id))).size).toBe(checks.length);

      const progress = await rows(pool, `SELECT * FROM \`${ledger}\`.migration_progress`);
      expect(progress).toHaveLength(1);
      expect(progress[0]).toMatchObject({ current_phase: 'completing', total_phases: 6, current_phase_index: 5 });
      expect(Number(progress[0]!.percentage_complete)).toBe(100);
      expect(Number(progress[0]!.progress_id)).toBeGreaterThan(0);

      // The ledger keeps the shape it had: no key added to a key-less ledger, the journal is J1.
      const after = await detectLedgerShape(pool, ledger);
      expect(after.verdict).toBe('lupopedia');
      expect(after.keyStyle).toBe(shape === 'sql' ? 'pk' : 'nokey');
      expect(after.journal).toBe('j1');
    });

    it('re-applies as a no-op, writing nothing', async () => {
      const before = await rows(pool, `SELECT COUNT(*) AS n FROM \`${ledger}\`.migration_batches`);
      const again = await applyFile(pool, path, target, ledger);
      expect(again.status).toBe('noop');
      const after = await rows(pool, `SELECT COUNT(*) AS n FROM \`${ledger}\`.migration_batches`);
      expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
    });

    it('rolls back the two core tables: rollback log, rolled_back apply batch, completed rollback batch', async () => {
      const plan = await planRollback(pool, {
        ledgerDatabase: ledger,
        selector: { last: true, targetDatabase: target },
        cwd: dirname(path),
      });
      expect(plan.batch.batchId).toBe(applyBatch);
      const outcome = await executeRollback(pool, plan, {
        confirmation: { typedDatabase: target },
        backupDir: await mkdtemp(join(tmpdir(), 'lpl-backup-')),
        sink: silentSink,
        signal: new AbortController().signal,
      });
      expect(outcome.status).toBe('completed');
      const tables = await rows(pool, 'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [
        target,
      ]);
      expect(tables).toHaveLength(0);

      const batches = await rows(
        pool,
        `SELECT batch_id, batch_name, batch_status, properties FROM \`${ledger}\`.migration_batches ORDER BY batch_id`,
      );
      expect(batches.map((b) => b.batch_status)).toEqual(['rolled_back', 'completed']);
      expect(batches[1]!.batch_name).toBe(`rollback batch ${applyBatch} (V7__two_core_tables.sql) on ${target}`);
      expect(admin(batches[1]!.properties).batch_kind).toBe('rollback');
      const [applyRow] = await rows(
        pool,
        `SELECT file_status, properties FROM \`${ledger}\`.migration_files WHERE file_id = ?`,
        [applyFileId],
      );
      expect(applyRow!.file_status).toBe('rolled_back');
      expect(props(applyRow!.properties).state_id).toBe(7);

      const log = await rows(pool, `SELECT * FROM \`${ledger}\`.migration_rollback_log`);
      expect(log).toHaveLength(1);
      expect(Number(log[0]!.rollback_id)).toBeGreaterThan(0);
      expect(Number(log[0]!.batch_id)).toBe(applyBatch);
      expect(Number(log[0]!.file_id)).toBe(applyFileId);
      expect(log[0]).toMatchObject({ rollback_classification: 'A', rollback_status: 'completed', files_affected: 1 });
      expect(Number(admin(log[0]!.properties).rollback_batch_id)).toBe(Number(batches[1]!.batch_id));
    });

    it('lupo status --json and the history list the runs with Lupopedia values and hand-written rows, without failing', async () => {
      // Rows as Lupopedia's PHP writes them: id 0, no properties, a file without a batch.
      await pool.query(
        `INSERT INTO \`${ledger}\`.migration_batches (batch_id, batch_name, batch_status, created_ymdhis) VALUES (0, 'php batch', 'running', 20250101000000)`,
      );
      await pool.query(
        `INSERT INTO \`${ledger}\`.migration_files (file_id, batch_id, file_path, file_type, file_status, file_hash, created_ymdhis, updated_ymdhis)
         VALUES (0, 0, 'database/migrations/x_4_0_33.sql', 'doctrine', 'completed', 'abc', 20250101000001, 20250101000001)`,
      );
      if (shape === 'toon') {
        // Without a key, duplicates happen too.
        await pool.query(
          `INSERT INTO \`${ledger}\`.migration_batches (batch_id, batch_name, created_ymdhis) VALUES (0, 'php batch 2', 20250102000000)`,
        );
      }
      const io = captureIo();
      const code = await runCli(['--json', 'status', '--url', url, '--orchestration-db', ledger], io);
      expect(io.err.join('')).toBe('');
      expect(code).toBe(0);
      const status = JSON.parse(io.out.join('')) as {
        ledger: {
          format: string;
          keys: string;
          recentBatches: Array<{ batchId: number; status: string; origin: string; name: string; kind: string }>;
          files: Array<{
            name: string;
            checksum: string;
            status: string;
            by: string;
            whenYmdhis: number;
            origin: string;
          }>;
          foreignUnfinished: unknown[];
        };
      };
      expect(status.ledger.format).toBe('lupopedia');
      expect(status.ledger.keys).toBe(shape === 'sql' ? 'pk' : 'nokey');
      const ours = status.ledger.recentBatches.filter((b) => b.origin === 'lupo-admin');
      expect(ours.map((b) => b.status).sort()).toEqual(['completed', 'rolled_back']);
      expect(ours.every((b) => b.batchId > 0)).toBe(true);
      const php = status.ledger.recentBatches.filter((b) => b.origin === 'lupopedia');
      expect(php.map((b) => b.name)).toContain('php batch');
      expect(php.every((b) => b.batchId === 0 && b.kind === 'external')).toBe(true);
      const applied = status.ledger.files.find(
        (f) => f.name === 'V7__two_core_tables.sql' && f.status === 'rolled_back',
      );
      expect(applied?.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(applied?.whenYmdhis).toBeGreaterThan(20200101000000);
      expect(applied?.by).not.toBe('');
      expect(status.ledger.files.find((f) => f.name === 'x_4_0_33.sql')).toMatchObject({
        status: 'applied',
        by: 'Lupopedia',
        origin: 'lupopedia',
      });
      expect(status.ledger.foreignUnfinished.length).toBeGreaterThan(0);

      const text = captureIo();
      expect(await runCli(['status', '--url', url, '--orchestration-db', ledger], text)).toBe(0);
      expect(text.out.join('')).toMatch(/V7__two_core_tables\.sql\s+[0-9a-f]{12}\s+rolled_back/);
      expect(text.out.join('')).toMatch(/#0 \(no id\) external running .*php batch.*\[written by Lupopedia\]/);

      const history = await readHistoryBatches(pool, ledger, 100);
      expect(history.some((b) => b.batchKey === UNBATCHED_KEY)).toBe(true);
      const detail = await readHistoryBatch(pool, ledger, applyBatch);
      expect(detail.files[0]).toMatchObject({ fileId: applyFileId, status: 'rolled_back', stateName: 'rolling_back' });
      expect(detail.rollbacks[0]).toMatchObject({ rollbackClass: 'A', status: 'completed' });
      const unbatched = await readHistoryBatch(pool, ledger, 0, UNBATCHED_KEY);
      expect(unbatched.files.map((f) => f.name)).toEqual(['x_4_0_33.sql']);
      const phpEntry = history.find((b) => b.name === 'php batch')!;
      const phpDetail = await readHistoryBatch(pool, ledger, phpEntry.batchId, phpEntry.batchKey);
      expect(phpDetail.batch.origin).toBe('lupopedia');
    });

    it('applies again beside the hand-written rows: ids stay MAX+1, never 0', async () => {
      const second = await writeMigration('V8__one_more.sql', migrationText(1, 0, 'lupo_more'), dirname(path));
      const outcome = await applyFile(pool, second, target, ledger);
      expect(outcome.status).toBe('completed');
      const ids = await rows(
        pool,
        `SELECT batch_id FROM \`${ledger}\`.migration_batches WHERE batch_id > 0 ORDER BY batch_id`,
      );
      expect(ids.map((r) => Number(r.batch_id))).toEqual([1, 2, 3]);
      // The unfinished batch Lupopedia wrote is noted, not blocking (LEDGER §5d.7).
      const notes = await rows(
        pool,
        `SELECT validation_status, validation_result FROM \`${ledger}\`.migration_validation_log WHERE batch_id = 3 AND validation_type = 'lupopedia-rows'`,
      );
      expect(notes).toHaveLength(1);
      expect(notes[0]!.validation_status).toBe('passed');
      expect(String(notes[0]!.validation_result)).toMatch(/unfinished batch\(es\) written by Lupopedia/);
    });

    it('refuses a write that names a column Lupopedia does not declare (strict writes)', async () => {
      const ledgerHandle = await Ledger.open(pool, ledger);
      await expect(
        ledgerHandle.tables.insert('migration_batches', { batch_name: 'x', target_database: 't' }),
      ).rejects.toThrow(/migration_batches\.target_database, which Lupopedia does not declare/);
    });
  },
);

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { runCli } from '../../../electron/cli/program';
import type { HistoryBatchView } from '../../../shared/contract/migration';
import type { LedgerFileRow } from '../../../electron/engine/orchestrator/ledger-file-rows';
import { readHistoryBatch, readHistoryBatches } from '../../../electron/engine/api/migration-history';
import { detectLedgerShape } from '../../../electron/engine/orchestrator/ledger-shape';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from '../orchestrator/support';
import { createTableSql, migrationText } from '../orchestrator/migration-fixtures';
import { inspectUnfinished } from '../../../electron/engine/orchestrator/inspect-unfinished';
import { resumeApply } from '../../../electron/engine/orchestrator/resume';
import { silentSink } from '../../../shared/engine-events';
import { createLegacyLedger, createLupopediaLedger } from './lupopedia-ledger';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function rows(pool: Pool, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result;
}

/** The HERITAGE-SAFE `migration_batches` of Lupopedia's migration_part7_remaining.sql (LEDGER §1.5): same name, other columns. */
const PART7_BATCHES = `CREATE TABLE migration_batches (
  batch_id bigint NOT NULL AUTO_INCREMENT,
  batch_name varchar(100) NOT NULL,
  batch_status enum('pending','running','completed','failed') NOT NULL DEFAULT 'pending',
  total_items int NOT NULL DEFAULT 0,
  processed_items int NOT NULL DEFAULT 0,
  started_ymdhis bigint NOT NULL DEFAULT 0,
  completed_ymdhis bigint NOT NULL DEFAULT 0,
  created_ymdhis bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (batch_id)
) ENGINE=InnoDB`;

describe('ledger shapes: refuse the unknown, repair the stray 0.1 journal, convert a 0.1 ledger', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  const cleanups: Array<() => Promise<void>> = [];
  let cwd = '';

  beforeAll(async () => {
    pool = poolFor(url);
    cwd = await mkdtemp(join(tmpdir(), 'lupo-shapes-'));
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
    await pool.end();
  });

  async function scratch(): Promise<[string, string]> {
    const s = await createScratchDatabases(url, ['shp_core', 'shp_orch']);
    cleanups.push(s.drop);
    return s.names as [string, string];
  }

  it('an unknown migration_batches is refused with exit 2 naming its missing columns; nothing changes in either database', async () => {
    const [target, ledger] = await scratch();
    await pool.query(`USE \`${ledger}\``);
    await pool.query(PART7_BATCHES);
    await pool.query(`INSERT INTO \`${ledger}\`.migration_batches (batch_name) VALUES ('theirs')`);
    await writeMigration('V1__refused.sql', migrationText(1, 0, 'lupo_refused'), cwd);
    const before = { core: await schemaSnapshot(pool, target), orch: await schemaSnapshot(pool, ledger) };
    const common = ['--url', url, '--core-db', target, '--orchestration-db', ledger];
    for (const argv of [
      ['apply', 'V1__refused.sql', '--db', '--yes', ...common],
      ['apply', 'V1__refused.sql', '--db', '--dry-run', ...common],
      ['status', '--url', url, '--orchestration-db', ledger],
    ]) {
      const io = captureIo({ cwd });
      const code = await runCli(argv, io);
      const err = io.err.join('');
      expect(code, argv.join(' ')).toBe(2);
      expect(err).toContain('has migration_* tables that Lupo Admin does not recognise');
      expect(err).toContain(`\`${ledger}\``);
      expect(err).toMatch(
        /migration_batches: missing epoch_from, epoch_to, total_files, processed_files, failed_files/,
      );
      expect(err).toMatch(/unexpected total_items, processed_items/);
      expect(err).not.toMatch(/this is a bug/i);
    }
    expect(await schemaSnapshot(pool, target)).toEqual(before.core);
    expect(await schemaSnapshot(pool, ledger)).toEqual(before.orch);
    expect(await rows(pool, `SELECT batch_name FROM \`${ledger}\`.migration_batches`)).toEqual([
      { batch_name: 'theirs' },
    ]);
  });

  it('Lupopedia tables beside the empty 0.1 journal that 0.1 left: the journal is replaced and the apply works', async () => {
    const [target, ledger] = await scratch();
    await pool.query(`DROP DATABASE \`${ledger}\``);
    await createLupopediaLedger(url, ledger, 'sql');
    const legacy = `${ledger}_legacy`;
    await createLegacyLedger(url, legacy);
    cleanups.push(async () => void (await pool.query(`DROP DATABASE IF EXISTS \`${legacy}\``)));
    await pool.query(
      `CREATE TABLE \`${ledger}\`.migration_statement_journal LIKE \`${legacy}\`.migration_statement_journal`,
    );
    expect((await detectLedgerShape(pool, ledger)).journal).toBe('j0-empty');
    const path = await writeMigration('V1__repair.sql', migrationText(1, 0, 'lupo_repair'));
    expect((await applyFile(pool, path, target, ledger)).status).toBe('completed');
    const shape = await detectLedgerShape(pool, ledger);
    expect(shape.verdict).toBe('lupopedia');
    expect(shape.journal).toBe('j1');
  });

  it('a 0.1 ledger with batches is refused until `lupo ledger convert --yes`, which keeps its history and the old tables', async () => {
    const [target, ledger] = await scratch();
    await pool.query(`DROP DATABASE \`${ledger}\``);
    await createLegacyLedger(url, ledger);
    const text = migrationText(1, 0, 'lupo_conv');
    const path = await writeMigration('V1__converted.sql', text, cwd);
    const { migrationChecksum } = await import('../../../electron/engine/migrations/checksum');
    const sha = migrationChecksum(text);
    // What Lupo Admin 0.1 wrote for one applied file (its own columns).
    await pool.query(`USE \`${target}\``);
    await pool.query(text.split(';')[0]!.replace(/^--.*\n/, ''));
    const q = (sql: string, params: unknown[] = []) => pool.query(sql.replaceAll('L.', `\`${ledger}\`.`), params);
    await q(
      `INSERT INTO L.migration_batches (migration_batch_id, batch_key, target_database, batch_kind, status, epoch_start, epoch_end,
         files_total, files_completed, operator_name, host_name, started_ymdhis, ended_ymdhis, created_ymdhis, updated_ymdhis)
       VALUES (4, 'k-1', ?, 'apply', 'completed', 20260101000000, 20260101000005, 1, 1, 'olga', 'h pid 1', 20260101000000, 20260101000005, 20260101000000, 20260101000005)`,
      [target],
    );
    await q(
      `INSERT INTO L.migration_files (migration_file_id, migration_batch_id, file_path, file_sha256, status, statements_total, statements_applied,
         created_ymdhis, updated_ymdhis) VALUES (9, 4, 'V1__converted.sql', ?, 'applied', 1, 1, 20260101000000, 20260101000005)`,
      [sha],
    );
    await q(
      `INSERT INTO L.migration_validation_log (migration_batch_id, migration_file_id, phase, check_name, result, details, checked_ymdhis, created_ymdhis, updated_ymdhis)
       VALUES (4, 9, 'post', 'verify', 'pass', 'ok', 20260101000005, 20260101000005, 20260101000005)`,
    );
    await q(
      `INSERT INTO L.migration_statement_journal (migration_batch_id, migration_file_id, target_database, statement_index, statement_sql, journal_status, created_ymdhis, updated_ymdhis)
       VALUES (4, 9, ?, 0, 'CREATE TABLE x (id int)', 'done', 20260101000000, 20260101000005)`,
      [target],
    );
    const common = ['--url', url, '--core-db', target, '--orchestration-db', ledger];
    const refused = captureIo({ cwd });
    expect(await runCli(['apply', 'V1__converted.sql', '--db', '--yes', ...common], refused)).toBe(2);
    expect(refused.err.join('')).toContain('holds the ledger of Lupo Admin 0.1');
    expect(refused.err.join('')).toContain('lupo ledger convert');

    const unconfirmed = captureIo({ cwd });
    expect(await runCli(['ledger', 'convert', '--url', url, '--orchestration-db', ledger], unconfirmed)).toBe(2);
    expect((await detectLedgerShape(pool, ledger)).verdict).toBe('lupo-admin-0.1');

    // A conversion killed before its final RENAME leaves staging tables and the 0.1 ledger intact; the next one rebuilds them.
    await pool.query(`CREATE TABLE \`${ledger}\`.migration_batches_lupo_new (x int)`);
    expect((await detectLedgerShape(pool, ledger)).verdict).toBe('lupo-admin-0.1');
    const io = captureIo({ cwd });
    expect(await runCli(['ledger', 'convert', '--yes', '--url', url, '--orchestration-db', ledger], io)).toBe(0);
    expect(io.out.join('')).toMatch(/1 batch\(es\) moved/);
    const shape = await detectLedgerShape(pool, ledger);
    expect(shape.verdict).toBe('lupopedia');
    expect(shape.journal).toBe('j1');
    const kept = await rows(
      pool,
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '%\\_lupo01' ORDER BY 1",
      [ledger],
    );
    expect(kept.map((r) => r.t)).toContain('migration_batches_lupo01');
    expect(kept.map((r) => r.t)).toContain('migration_statement_journal_lupo01');
    const [batch] = await rows(pool, `SELECT * FROM \`${ledger}\`.migration_batches`);
    expect(batch).toMatchObject({
      batch_id: '4',
      batch_status: 'completed',
      batch_name: `apply V1__converted.sql to ${target}`,
    });
    const [file] = await rows(pool, `SELECT file_id, file_status, file_hash FROM \`${ledger}\`.migration_files`);
    expect(file).toMatchObject({ file_id: '9', file_status: 'completed', file_hash: sha });
    const [journal] = await rows(
      pool,
      `SELECT batch_id, file_id, journal_status FROM \`${ledger}\`.migration_statement_journal`,
    );
    expect(journal).toMatchObject({ batch_id: '4', file_id: '9', journal_status: 'done' });
    const history = await readHistoryBatches(pool, ledger, 10);
    expect(history[0]).toMatchObject({ batchId: 4, status: 'completed', targetDatabase: target, origin: 'lupo-admin' });
    expect(history[0]!.runner.user).toBe('olga');

    // History intact: the converted row says the file is applied with this checksum, so the apply is a no-op.
    expect((await applyFile(pool, path, target, ledger)).status).toBe('noop');
    // Converting again is harmless.
    expect(
      await runCli(['ledger', 'convert', '--yes', '--url', url, '--orchestration-db', ledger], captureIo({ cwd })),
    ).toBe(0);
  });

  it('a 0.1 ledger is listed read-only by `lupo status` and the History API, labelled Lupo Admin 0.1, while writes still refuse', async () => {
    const [target, ledger] = await scratch();
    await pool.query(`DROP DATABASE \`${ledger}\``);
    await createLegacyLedger(url, ledger);
    const q = (sql: string, params: unknown[] = []) => pool.query(sql.replaceAll('L.', `\`${ledger}\`.`), params);
    await q(
      `INSERT INTO L.migration_batches (migration_batch_id, batch_key, target_database, batch_kind, status, files_total, files_completed,
         operator_name, host_name, started_ymdhis, ended_ymdhis, created_ymdhis, updated_ymdhis)
       VALUES (7, 'k-7', ?, 'apply', 'completed', 1, 1, 'olga', 'h pid 1', 20260101000000, 20260101000005, 20260101000000, 20260101000005),
              (8, 'k-8', ?, 'apply', 'failed', 1, 0, 'ivan', 'h pid 2', 20260102000000, 20260102000009, 20260102000000, 20260102000009)`,
      [target, target],
    );
    await q(
      `INSERT INTO L.migration_files (migration_file_id, migration_batch_id, file_path, file_sha256, execution_order, status, statements_total,
         statements_applied, started_ymdhis, ended_ymdhis, duration_ms, error_code, error_message, created_ymdhis, updated_ymdhis)
       VALUES (11, 7, 'migrations/V1__old.sql', ?, 0, 'applied', 2, 2, 20260101000000, 20260101000005, 5000, NULL, NULL, 20260101000000, 20260101000005),
              (12, 8, 'migrations/V2__broken.sql', ?, 0, 'failed', 3, 1, 20260102000000, 20260102000009, 9000, 1064, 'syntax error', 20260102000000, 20260102000009)`,
      ['a'.repeat(64), 'b'.repeat(64)],
    );
    await q(
      `INSERT INTO L.migration_validation_log (migration_batch_id, migration_file_id, phase, check_name, result, details, checked_ymdhis, created_ymdhis, updated_ymdhis)
       VALUES (8, 12, 'pre', 'checksum', 'pass', 'ok', 20260102000001, 20260102000001, 20260102000001)`,
    );
    await q(
      `INSERT INTO L.migration_alerts (migration_batch_id, alert_level, alert_code, message, created_ymdhis, updated_ymdhis)
       VALUES (8, 'error', 'apply/failed', 'V2 failed', 20260102000009, 20260102000009)`,
    );
    const before = await schemaSnapshot(pool, ledger);
    const checksumBefore = await rows(
      pool,
      `CHECKSUM TABLE \`${ledger}\`.migration_batches, \`${ledger}\`.migration_files`,
    );

    const json = captureIo({ cwd });
    expect(await runCli(['--json', 'status', '--url', url, '--orchestration-db', ledger], json)).toBe(0);
    const status = JSON.parse(json.out.join('')) as {
      ledger: {
        format: string;
        present: boolean;
        message: string;
        recentBatches: HistoryBatchView[];
        files: LedgerFileRow[];
      };
    };
    expect(status.ledger).toMatchObject({ format: 'lupo-admin-0.1', present: false });
    expect(status.ledger.message).toContain('holds the ledger of Lupo Admin 0.1');
    expect(status.ledger.recentBatches.map((b) => [b.batchId, b.status, b.origin, b.runner.user])).toEqual([
      [8, 'failed', 'lupo-admin-0.1', 'ivan'],
      [7, 'completed', 'lupo-admin-0.1', 'olga'],
    ]);
    expect(status.ledger.recentBatches[0]?.targetDatabase).toBe(target);
    expect(status.ledger.files.map((f) => [f.name, f.checksum, f.status, f.by, f.origin, f.whenYmdhis])).toEqual([
      ['V2__broken.sql', 'b'.repeat(64), 'failed', 'ivan', 'lupo-admin-0.1', 20260102000009],
      ['V1__old.sql', 'a'.repeat(64), 'applied', 'olga', 'lupo-admin-0.1', 20260101000005],
    ]);
    const textIo = captureIo({ cwd });
    expect(await runCli(['status', '--url', url, '--orchestration-db', ledger], textIo)).toBe(0);
    const out = textIo.out.join('');
    expect(out).toContain('lupo ledger convert');
    expect(out).toContain('Recent batches (Lupo Admin 0.1 ledger — convert it with `lupo ledger convert`)');
    expect(out).toMatch(/#8 apply failed .* by ivan on h pid 2 \[Lupo Admin 0\.1\]/);
    expect(out).toMatch(/V1__old\.sql +aaaaaaaaaaaa +applied +2026-01-01 00:00:05 .*by olga/);

    const history = await readHistoryBatches(pool, ledger, 10);
    expect(history.map((b) => [b.batchId, b.status, b.origin, b.filesTotal, b.openAlerts])).toEqual([
      [8, 'failed', 'lupo-admin-0.1', 1, 1],
      [7, 'completed', 'lupo-admin-0.1', 1, 0],
    ]);
    expect(history[0]!.name).toContain('Lupo Admin 0.1 ledger — convert it with `lupo ledger convert`');
    const detail = await readHistoryBatch(pool, ledger, 8);
    expect(detail.files).toMatchObject([
      {
        fileId: 12,
        name: 'V2__broken.sql',
        status: 'failed',
        errorCode: 1064,
        errorMessage: 'syntax error',
        statementsApplied: 1,
      },
    ]);
    expect(detail.validations).toMatchObject([{ fileId: 12, phase: 'pre', check: 'checksum', result: 'pass' }]);
    expect(detail.alerts).toMatchObject([{ level: 'error', code: 'apply/failed', acknowledged: false }]);
    await expect(readHistoryBatch(pool, ledger, 99)).rejects.toMatchObject({ code: 'history/no-batch' });

    // Writes still refuse until the ledger is converted, and nothing was written by the reads.
    await writeMigration('V3__still_refused.sql', migrationText(1, 0, 'lupo_legacy_read'), cwd);
    const apply = captureIo({ cwd });
    expect(
      await runCli(
        [
          'apply',
          'V3__still_refused.sql',
          '--db',
          '--yes',
          '--url',
          url,
          '--core-db',
          target,
          '--orchestration-db',
          ledger,
        ],
        apply,
      ),
    ).toBe(2);
    expect(apply.err.join('')).toContain('lupo ledger convert');
    expect(await schemaSnapshot(pool, ledger)).toEqual(before);
    expect(await rows(pool, `CHECKSUM TABLE \`${ledger}\`.migration_batches, \`${ledger}\`.migration_files`)).toEqual(
      checksumBefore,
    );
    expect(
      await rows(pool, 'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [target]),
    ).toEqual([]);
  });

  it('a 0.1 batch interrupted mid-run is converted and then resumed to completion on the Lupopedia ledger', async () => {
    const [target, ledger] = await scratch();
    await pool.query(`DROP DATABASE \`${ledger}\``);
    await createLegacyLedger(url, ledger);
    const first = createTableSql(1, 'lupo_mid');
    const second = createTableSql(2, 'lupo_mid');
    await pool.query(`USE \`${target}\``);
    await pool.query(first);
    const q = (sql: string, params: unknown[] = []) => pool.query(sql.replaceAll('L.', `\`${ledger}\`.`), params);
    // What 0.1 left after a crash: batch running, file running, step 0 done, step 1 in flight.
    await q(
      `INSERT INTO L.migration_batches (migration_batch_id, batch_key, target_database, batch_kind, status, files_total,
         operator_name, host_name, started_ymdhis, created_ymdhis, updated_ymdhis)
       VALUES (2, 'k-2', ?, 'apply', 'running', 1, 'olga', 'h pid 1', 20260101000000, 20260101000000, 20260101000000)`,
      [target],
    );
    await q(
      `INSERT INTO L.migration_files (migration_file_id, migration_batch_id, file_path, file_sha256, status, statements_total, created_ymdhis, updated_ymdhis)
       VALUES (3, 2, 'V1__mid.sql', ?, 'running', 2, 20260101000000, 20260101000000)`,
      ['0'.repeat(64)],
    );
    for (const [index, sql, status] of [
      [0, first, 'done'],
      [1, second, 'running'],
    ] as const) {
      await q(
        `INSERT INTO L.migration_statement_journal (migration_batch_id, migration_file_id, target_database, statement_index, statement_line,
           statement_kind, statement_summary, statement_sql, expected_effect, journal_status, created_ymdhis, updated_ymdhis)
         VALUES (2, 3, ?, ?, ?, 'create', 'create table', ?, 'change', ?, 20260101000000, 20260101000000)`,
        [target, index, index * 12 + 2, sql, status],
      );
    }
    expect(
      await runCli(['ledger', 'convert', '--yes', '--url', url, '--orchestration-db', ledger], captureIo({ cwd })),
    ).toBe(0);
    const runs = await inspectUnfinished(pool, ledger, target);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ batch: { batchId: 2, status: 'running' }, counts: { done: 1, running: 1 } });
    const outcome = await resumeApply(pool, {
      targetDatabase: target,
      ledgerDatabase: ledger,
      sink: silentSink,
      signal: new AbortController().signal,
    });
    expect(outcome.status).toBe('completed');
    const tables = await rows(
      pool,
      'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
      [target],
    );
    expect(tables.map((r) => r.t)).toEqual(['lupo_mid1_items', 'lupo_mid2_items']);
    const [batch] = await rows(
      pool,
      `SELECT batch_status, properties FROM \`${ledger}\`.migration_batches WHERE batch_id = 2`,
    );
    expect(batch!.batch_status).toBe('completed');
    const [file] = await rows(
      pool,
      `SELECT file_status, retry_count FROM \`${ledger}\`.migration_files WHERE file_id = 3`,
    );
    expect(file).toMatchObject({ file_status: 'completed', retry_count: 1 });
  });

  it("refuses Lupopedia's ledger under lupo_migration_* names, and a 0.1 journal holding rows beside Lupopedia's tables", async () => {
    const [target, renamedDb] = await scratch();
    await pool.query(
      `CREATE TABLE \`${renamedDb}\`.lupo_migration_batches (batch_id bigint NOT NULL DEFAULT 0, batch_name varchar(255) NOT NULL)`,
    );
    await writeMigration('V1__renamed.sql', migrationText(1, 0, 'lupo_renamed'), cwd);
    const common = ['--url', url, '--core-db', target];
    const renamed = captureIo({ cwd });
    expect(
      await runCli(['apply', 'V1__renamed.sql', '--db', '--yes', ...common, '--orchestration-db', renamedDb], renamed),
    ).toBe(2);
    expect(renamed.err.join('')).toMatch(/under other names \(lupo_migration_batches\)/);
    expect(
      await rows(pool, 'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [renamedDb]),
    ).toHaveLength(1);

    const [, mixed] = await scratch();
    await pool.query(`DROP DATABASE \`${mixed}\``);
    await createLupopediaLedger(url, mixed, 'toon');
    const legacy = `${mixed}_legacy`;
    await createLegacyLedger(url, legacy);
    cleanups.push(async () => void (await pool.query(`DROP DATABASE IF EXISTS \`${legacy}\``)));
    await pool.query(
      `CREATE TABLE \`${mixed}\`.migration_statement_journal LIKE \`${legacy}\`.migration_statement_journal`,
    );
    await pool.query(
      `INSERT INTO \`${mixed}\`.migration_statement_journal (migration_batch_id, statement_sql, created_ymdhis, updated_ymdhis) VALUES (1, 'DO 0', 1, 1)`,
    );
    const inconsistent = captureIo({ cwd });
    expect(
      await runCli(['apply', 'V1__renamed.sql', '--db', '--yes', ...common, '--orchestration-db', mixed], inconsistent),
    ).toBe(2);
    expect(inconsistent.err.join('')).toMatch(/0\.1 statement journal that still holds rows/);
  });
});

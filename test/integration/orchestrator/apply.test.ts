import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineEvent } from '../../../shared/engine-events';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, tableNames, writeMigration } from './support';
import { createTableSql, migrationText } from './migration-fixtures';
import { Ledger } from '../../../electron/engine/orchestrator/ledger';
import { executeApply } from '../../../electron/engine/orchestrator/apply-execute';
import { planApply } from '../../../electron/engine/orchestrator/apply-plan';
import { validateApply } from '../../../electron/engine/orchestrator/apply-validate';
import { readMigrationFile } from '../../../electron/engine/migrations/migration-folder';
import { silentSink } from '../../../shared/engine-events';
import { workspaceConfigSchema } from '../../../shared/workspace-config';

describe('guarded apply against a live server', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  let drop: () => Promise<void>;
  let target: string;
  let ledger: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabases(url, ['apply_core', 'apply_orch']);
    [target, ledger] = scratch.names as [string, string];
    drop = scratch.drop;
    pool = poolFor(url);
  });
  afterAll(async () => {
    await pool.end();
    await drop();
  });

  it('creates missing tables, verifies, journals, and a re-apply is a no-op; an edited file is refused', async () => {
    const path = await writeMigration('V1__things.sql', migrationText(5, 2));
    const events: EngineEvent[] = [];
    const outcome = await applyFile(pool, path, target, ledger, { sink: (e) => events.push(e) });
    expect(outcome.status).toBe('completed');
    expect(outcome.verification?.ok).toBe(true);
    expect(outcome.executed).toBe(7);
    expect(await tableNames(pool, target)).toHaveLength(5);
    expect(events.filter((e) => e.type === 'statement' && e.phase === 'done')).toHaveLength(7);
    const [cols] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND COLUMN_NAME LIKE 'extra%'",
      [target],
    );
    expect(Number(cols[0]?.n)).toBe(2);
    const [journal] = await pool.query<RowDataPacket[]>(
      `SELECT journal_status, execution_count FROM \`${ledger}\`.migration_statement_journal WHERE batch_id = ?`,
      [outcome.batchId],
    );
    expect(journal.every((r) => r.journal_status === 'done' && Number(r.execution_count) === 1)).toBe(true);
    const l = await Ledger.open(pool, ledger);
    expect((await l.batch(outcome.batchId!))?.status).toBe('completed');
    const [checks] = await pool.query<RowDataPacket[]>(
      `SELECT validation_phase, validation_type, validation_status FROM \`${ledger}\`.migration_validation_log WHERE batch_id = ?`,
      [outcome.batchId],
    );
    expect(
      checks.some(
        (c) => c.validation_phase === 'post' && c.validation_type === 'verify' && c.validation_status === 'passed',
      ),
    ).toBe(true);

    const again = await applyFile(pool, path, target, ledger);
    expect(again.status).toBe('noop');

    await writeFile(path, migrationText(6, 2));
    const edited = await applyFile(pool, path, target, ledger).catch((e: unknown) => e);
    expect(edited).toBeInstanceOf(LupoError);
    expect((edited as LupoError).code).toBe('apply/validation-failed');
    expect((edited as LupoError).message).toMatch(/content changed/);
  });

  it('stops at the first error with the statement position and server code, and records an alert', async () => {
    const text =
      migrationText(2, 0, 'lupo_err') +
      '\nCREATE TABLE IF NOT EXISTS `lupo_broken_items` (`broken_item_id` bigint NOT NULL, `x` nosuchtype, PRIMARY KEY (`broken_item_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n' +
      `${createTableSql(1, 'lupo_after')};\n`;
    const path = await writeMigration('V2__broken.sql', text);
    const error = (await applyFile(pool, path, target, ledger).catch((e: unknown) => e)) as LupoError;
    // Mark the failed batch abandoned so the next test on this target is not blocked by it.
    await pool.query(
      `UPDATE \`${ledger}\`.migration_batches SET properties = JSON_SET(properties, '$.lupo_admin.status', 'abandoned') WHERE batch_status = 'failed'`,
    );
    const line = text.slice(0, text.indexOf('CREATE TABLE IF NOT EXISTS `lupo_broken_items`')).split('\n').length;
    expect(error.code).toBe('apply/statement-failed');
    expect(error.details?.line).toBe(line);
    expect(error.details?.errno).toBeGreaterThan(1000);
    expect(error.message).toContain('nosuchtype');
    expect(String(error.message)).toContain(`V2__broken.sql:${line}`);
    const [alerts] = await pool.query<RowDataPacket[]>(
      `SELECT alert_type, JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.alert_code')) AS alert_code, file_id FROM \`${ledger}\`.migration_alerts`,
    );
    expect(alerts.some((a) => a.alert_code === 'apply/statement-failed' && a.alert_type === 'error')).toBe(true);
    expect(alerts.every((a) => Number(a.file_id) > 0)).toBe(true);
    // The four creates share one journal group: those that ran are done, the failed one
    // failed, the one after it is pending again (nothing is left `running`).
    const [journal] = await pool.query<RowDataPacket[]>(
      `SELECT journal_status, execution_count FROM \`${ledger}\`.migration_statement_journal
        WHERE batch_id = (SELECT MAX(batch_id) FROM \`${ledger}\`.migration_statement_journal) ORDER BY statement_index`,
    );
    expect(journal.map((r) => `${r.journal_status} ${r.execution_count}`)).toEqual([
      'done 1',
      'done 1',
      'failed 0',
      'pending 0',
    ]);
  });

  it('two concurrent applies on one target: exactly one runs, the other is refused naming the holder', async () => {
    // The first run is held mid-batch deterministically: its last step (a guarded ADD
    // COLUMN) waits for a table lock this test holds until the second run was refused.
    await pool.query(`USE \`${target}\``);
    await pool.query(createTableSql(1, 'lupo_conc'));
    const first = await writeMigration('V3__many.sql', migrationText(3, 1, 'lupo_conc'));
    const second = await writeMigration('V4__other.sql', migrationText(3, 0, 'lupo_conc_b'));
    const blocker = await pool.getConnection();
    await blocker.query(`LOCK TABLES \`${target}\`.lupo_conc1_items READ`);
    let blocked!: () => void;
    const reachedBlockedStep = new Promise<void>((resolve) => (blocked = resolve));
    const a = applyFile(pool, first, target, ledger, {
      sink: (e) => {
        if (e.type === 'statement' && e.phase === 'start' && e.index === 3) blocked();
      },
    });
    try {
      await Promise.race([reachedBlockedStep, a]);
      const b = await applyFile(pool, second, target, ledger).catch((e: unknown) => e);
      expect(b).toBeInstanceOf(LupoError);
      expect((b as LupoError).code).toBe('apply/locked');
      expect((b as LupoError).message).toMatch(/batch \d+ \(apply\) started .* by .* on .* pid \d+/);
    } finally {
      await blocker.query('UNLOCK TABLES');
      blocker.release();
    }
    const outcome = await a;
    expect(outcome.status).toBe('completed');
  });

  it('RSU on a standalone server: the osu check fails and the run refuses it before writing any ledger row', async () => {
    const path = await writeMigration('V9__rsu.sql', migrationText(1, 0, 'lupo_rsu'));
    const file = await readMigrationFile(path);
    const plan = await planApply(pool, { file, targetDatabase: target, ledgerDatabase: ledger });
    const config = workspaceConfigSchema.parse({});
    const validation = await validateApply(pool, plan, { config, osuMethod: 'rsu' });
    expect(validation.checks.find((c) => c.id === 'osu')).toEqual({
      id: 'osu',
      passed: false,
      message:
        'RSU (Rolling Schema Upgrade) exists only on Galera (wsrep_OSU_method); this server is Standalone. Use TOI (the default).',
    });
    // A standalone server lists no target check (nothing to refuse there).
    expect(validation.checks.some((c) => c.id === 'target')).toBe(false);
    const [before] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${ledger}\`.migration_batches`);
    const passing = { ...validation, checks: validation.checks.filter((c) => c.id !== 'osu') };
    const refused = await executeApply(pool, {
      plan,
      validation: passing,
      confirmation: { typedDatabase: target },
      sink: silentSink,
      signal: new AbortController().signal,
      osuMethod: 'rsu',
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'apply/rsu-not-galera' });
    const [after] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${ledger}\`.migration_batches`);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
  });
});

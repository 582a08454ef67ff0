import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import type { CliIo } from '../../../electron/cli/runtime';
import { createScratchDatabases } from '../../support/databases';
import { createTableSql, guardedAddColumnSql } from './migration-fixtures';
import { poolFor, tableNames } from './support';

/** A doctrine-clean migration file: a header, then statements. */
function migration(header: string[], statements: string[]): string {
  return [...header, ''].join('\n') + statements.map((s) => `${s};\n`).join('\n');
}

/** V1 creates a table, V2 (depends on V1) adds a column to it, V10 creates a second table; V1 has a down-file. */
async function writeFolder(dir: string, prefix: string, v2 = guardedAddColumnSql(`${prefix}1_items`, 'extra_ymdhis')) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'V1__first.sql'), migration(['-- first'], [createTableSql(1, prefix)]));
  await writeFile(join(dir, 'V1__first.down.sql'), `DROP TABLE IF EXISTS \`${prefix}1_items\`;\n`);
  await writeFile(join(dir, 'V2__second.sql'), migration(['-- depends: V1__first.sql'], v2));
  await writeFile(join(dir, 'V10__tenth.sql'), migration(['-- tenth'], [createTableSql(2, prefix)]));
}

describe('lupo apply --pending', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  const workspaces: string[] = [];

  /** A workspace folder with a config naming its migrations folder; returns a runner bound to two scratch databases. */
  async function workspace(core: string, orchestration: string) {
    const root = await mkdtemp(join(tmpdir(), 'lupo-pending-'));
    workspaces.push(root);
    await writeFile(join(root, 'lupo.config.json'), JSON.stringify({ migrations: 'db/migrations' }));
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        isTTY: false,
        env: {},
        cwd: root,
      };
      const code = await runCli(
        ['apply', '--pending', ...argv, '--url', url, '--core-db', core, '--orchestration-db', orchestration],
        io,
      );
      return { code, out: out.join(''), err: err.join('') };
    };
    return { root, folder: join(root, 'db', 'migrations'), run };
  }

  /** Applied file names of a ledger, in the order their batches ran. */
  async function appliedFiles(ledger: string): Promise<string[]> {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT f.file_path, f.file_status FROM \`${ledger}\`.migration_files f JOIN \`${ledger}\`.migration_batches b
         ON b.batch_id = f.batch_id WHERE JSON_UNQUOTE(JSON_EXTRACT(b.properties, '$.lupo_admin.batch_kind')) = 'apply'
         ORDER BY b.batch_id`,
    );
    // Lupopedia's file_status `completed` is Lupo Admin's `applied`.
    const ours = (status: string): string => (status === 'completed' ? 'applied' : status);
    return rows.map((r) => `${String(r.file_path).split('/').pop()}:${ours(String(r.file_status))}`);
  }

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, [
      'pend_a',
      'pend_a_orch',
      'pend_b',
      'pend_b_orch',
      'pend_c',
      'pend_c_orch',
      'pend_d',
      'pend_d_orch',
    ]);
    pool = poolFor(url);
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
    for (const dir of workspaces) await rm(dir, { recursive: true, force: true });
  });

  it('applies V1, V2, V10 in order (down-file left out), then finds nothing pending; an edited applied file is refused by name', async () => {
    const [core, ledger] = scratch.names as [string, string];
    const ws = await workspace(core, ledger);
    await writeFolder(ws.folder, 'lupo_pa');

    const dry = await ws.run('--dry-run');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/1\. V1__first\.sql[^\n]*\n\s+2\. V2__second\.sql[^\n]*\n\s+3\. V10__tenth\.sql/);
    expect(await tableNames(pool, core)).toEqual([]);

    const first = await ws.run('--yes');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Summary: 3 applied, 0 skipped as already applied, 0 not run.');
    expect(await appliedFiles(ledger)).toEqual([
      'V1__first.sql:applied',
      'V2__second.sql:applied',
      'V10__tenth.sql:applied',
    ]);
    expect(await tableNames(pool, core)).toEqual(['lupo_pa1_items', 'lupo_pa2_items']);
    const [columns] = await pool.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'lupo_pa1_items' AND COLUMN_NAME = 'extra_ymdhis'",
      [core],
    );
    expect(Number(columns[0]?.n)).toBe(1);

    const second = await ws.run('--yes');
    expect(second.code).toBe(0);
    expect(second.out).toContain('Nothing pending');
    expect(await appliedFiles(ledger)).toHaveLength(3);

    const json = await runJson(ws.run);
    expect(json.skipped.map((s) => s.file)).toEqual(['V1__first.sql', 'V2__second.sql', 'V10__tenth.sql']);
    expect(json.pending).toEqual([]);

    await writeFile(
      join(ws.folder, 'V2__second.sql'),
      migration(
        ['-- depends: V1__first.sql', '-- edited after it was applied'],
        guardedAddColumnSql('lupo_pa1_items', 'extra_ymdhis'),
      ),
    );
    await writeFile(join(ws.folder, 'V11__new.sql'), migration(['-- new'], [createTableSql(3, 'lupo_pa')]));
    const edited = await ws.run('--yes');
    expect(edited.code).toBe(1);
    expect(edited.err).toMatch(/edited since they were applied: V2__second\.sql \(applied to pend_a_\w+ in batch \d+/);
    expect(edited.err).not.toContain('V1__first.sql');
    // Refused before anything ran: V11 is not applied.
    expect(await appliedFiles(ledger)).toHaveLength(3);
    expect(await tableNames(pool, core)).not.toContain('lupo_pa3_items');
  });

  it('stops at a failing V2 with its message: V1 applied, V10 not run; the next run refuses until the failed batch is dealt with', async () => {
    const [, , core, ledger] = scratch.names as [string, string, string, string];
    const ws = await workspace(core, ledger);
    // Doctrine-clean, but the guarded ADD COLUMN names a table that does not exist: the server refuses it.
    await writeFolder(ws.folder, 'lupo_pf', guardedAddColumnSql('lupo_pf_missing_items', 'extra_ymdhis'));
    const run = await ws.run('--yes');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/stopped at V2__second\.sql \(failed\): [^\n]*lupo_pf_missing_items/);
    expect(run.out).toContain('Summary: 1 applied, 0 skipped as already applied, 2 not run.');
    expect(run.out).toMatch(/not run {2}V2__second\.sql \(stopped here\)\n {2}not run {2}V10__tenth\.sql/);
    expect(await appliedFiles(ledger)).toEqual(['V1__first.sql:applied', 'V2__second.sql:failed']);
    expect(await tableNames(pool, core)).toEqual(['lupo_pf1_items']);

    const again = await ws.run('--yes');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /stopped at V2__second\.sql \(validation refused\): Batch \d+ on pend_b_\w+ is failed: resume it/,
    );
    expect(await appliedFiles(ledger)).toEqual(['V1__first.sql:applied', 'V2__second.sql:failed']);
  });

  it('exits 1 when a validation refuses mid-run (destructive without --allow-destructive), with the later files not run', async () => {
    const [, , , , core, ledger] = scratch.names as [string, string, string, string, string, string];
    const ws = await workspace(core, ledger);
    await writeFolder(ws.folder, 'lupo_pv', [
      "SET @lupo_sql = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'lupo_pv1_items' AND COLUMN_NAME = 'item_count') = 1, 'ALTER TABLE `lupo_pv1_items` DROP COLUMN `item_count`', 'DO 0')",
      'PREPARE lupo_stmt FROM @lupo_sql',
      'EXECUTE lupo_stmt',
      'DEALLOCATE PREPARE lupo_stmt',
    ]);
    const run = await ws.run('--yes');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/stopped at V2__second\.sql \(validation refused\): .*--allow-destructive/);
    expect(run.out).toContain('Summary: 1 applied, 0 skipped as already applied, 2 not run.');
    expect(await appliedFiles(ledger)).toEqual(['V1__first.sql:applied']);

    const confirmed = await ws.run('--yes', '--allow-destructive');
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toContain('Summary: 2 applied, 1 skipped as already applied, 0 not run.');
    expect(await appliedFiles(ledger)).toEqual([
      'V1__first.sql:applied',
      'V2__second.sql:applied',
      'V10__tenth.sql:applied',
    ]);
  });

  it('orders by "-- depends:" before version, and refuses a dependency cycle naming it (exit 2)', async () => {
    const [, , , , , , core, ledger] = scratch.names as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const ws = await workspace(core, ledger);
    await mkdir(ws.folder, { recursive: true });
    await writeFile(join(ws.folder, 'V1__a.sql'), migration(['-- depends: V3__c.sql'], [createTableSql(1, 'lupo_pd')]));
    await writeFile(join(ws.folder, 'V3__c.sql'), migration(['-- c'], [createTableSql(3, 'lupo_pd')]));
    const ordered = await runJson(ws.run, '--dry-run');
    expect(ordered.wouldRun.map((w) => w.file)).toEqual(['V3__c.sql', 'V1__a.sql']);

    await writeFile(join(ws.folder, 'V3__c.sql'), migration(['-- depends: V1__a.sql'], [createTableSql(3, 'lupo_pd')]));
    const cycle = await ws.run('--yes');
    expect(cycle.code).toBe(2);
    expect(cycle.err).toContain('Migration dependencies form a cycle: V1__a.sql → V3__c.sql → V1__a.sql.');
    expect(await tableNames(pool, core)).toEqual([]);
  });
});

/** The parts of `lupo --json apply --pending` output the tests read. */
interface PendingJson {
  readonly skipped: ReadonlyArray<{ readonly file: string }>;
  readonly pending: ReadonlyArray<{ readonly file: string }>;
  readonly wouldRun: ReadonlyArray<{ readonly file: string }>;
}

/** Runs with --json and parses stdout. */
async function runJson(
  run: (...argv: string[]) => Promise<{ code: number; out: string; err: string }>,
  ...argv: string[]
): Promise<PendingJson> {
  const result = await run('--json', '--yes', ...argv);
  return JSON.parse(result.out) as PendingJson;
}

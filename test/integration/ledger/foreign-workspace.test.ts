import { cpSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool } from 'mysql2/promise';
import { runCli } from '../../../electron/cli/program';
import { detectLedgerShape } from '../../../electron/engine/orchestrator/ledger-shape';
import { poolFor } from '../orchestrator/support';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

const FIELDS = (id: string) => [
  `\`${id}\` bigint NOT NULL auto_increment`,
  '`name` varchar(100) NOT NULL',
  '`created_ymdhis` bigint NOT NULL',
  '`updated_ymdhis` bigint NOT NULL',
  '`is_deleted` tinyint NOT NULL DEFAULT 0',
  '`deleted_ymdhis` bigint DEFAULT NULL',
];

function definition(table: string, id: string): string {
  return JSON.stringify({
    table_name: table,
    fields: FIELDS(id),
    data: [],
    primary_key: { column_name: id, expected_name: id, is_correct: true, needs_rename: false },
  });
}

describe('a foreign schema workspace (no orchestration definitions): the ledger is never drift, never planned away', () => {
  const url = inject('mysqlUrl');
  let root = '';
  let drop: () => Promise<void>;
  let names: string[] = [];
  let pool: Pool;

  const run = async (...argv: string[]) => {
    const io = captureIo({ cwd: root });
    const code = await runCli(argv, io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };

  beforeAll(async () => {
    pool = poolFor(url);
    ({ names, drop } = await createScratchDatabases(url, ['fw_core', 'fw_orch', 'fw_eph']));
    root = mkdtempSync(join(tmpdir(), 'lupo-foreign-'));
    mkdirSync(join(root, 'toon/core'), { recursive: true });
    mkdirSync(join(root, 'migrations'), { recursive: true });
    writeFileSync(
      join(root, 'lupo.config.json'),
      JSON.stringify({
        definitions: 'toon',
        databases: { core: names[0], orchestration: names[1], ephemeral: names[2] },
      }),
    );
    writeFileSync(join(root, 'toon/core/lupo_things.toon'), definition('lupo_things', 'thing_id'));
    writeFileSync(join(root, 'toon/core/lupo_permissions.toon'), definition('lupo_permissions', 'permission_id'));
  });
  afterAll(async () => {
    await pool.end();
    await drop?.();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('plan → apply creates the ledger; diff then shows no drift and no plan touches the ledger', async () => {
    const planned = await run('plan', '--db', '--url', url, '--out', 'migrations/V1__init.sql');
    expect(planned.err).toBe('');
    expect(planned.code).toBe(0);
    const applied = await run('apply', 'migrations/V1__init.sql', '--db', '--yes', '--url', url);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);

    const diff = await run('--json', 'diff', '--db', '--url', url);
    expect(diff.err).toBe('');
    expect(diff.code).toBe(0);
    const report = JSON.parse(diff.out) as {
      databases: Record<string, { extraTables: unknown[]; missingTables: unknown[]; changedTables: unknown[] }>;
    };
    expect(report.databases.orchestration!.extraTables).toEqual([]);
    expect(report.databases.core!.missingTables).toEqual([]);

    // The budget counts the ledger the first apply created, and the report says which tables those are.
    const md = await run('report', '--db', '--url', url, '--format', 'md', '--out', 'report.md');
    expect(md.err).toBe('');
    expect(readFileSync(join(root, 'report.md'), 'utf8')).toMatch(
      /includes 9 ledger tables the app manages: migration_alerts, migration_batches, .*migration_statement_journal/,
    );

    const again = await run('plan', '--db', '--allow-destructive', '--url', url, '--out', 'migrations/V2__next.sql');
    expect(again.code).toBe(0);
    const written = readdirSync(join(root, 'migrations')).filter((f) => f.startsWith('V2__'));
    for (const file of written) expect(readFileSync(join(root, 'migrations', file), 'utf8')).not.toMatch(/migration_/);
    expect(existsSync(join(root, 'migrations/V2__next.sql'))).toBe(false);
  });

  it('a Lupopedia workspace declaring the 8 tables without keys gets its ledger created without keys: no drift there', async () => {
    const scratch = await createScratchDatabases(url, ['lw_core', 'lw_orch', 'lw_eph']);
    const dir = mkdtempSync(join(tmpdir(), 'lupo-lupopedia-ws-'));
    try {
      mkdirSync(join(dir, 'toon/core'), { recursive: true });
      mkdirSync(join(dir, 'migrations'), { recursive: true });
      cpSync(resolve(__dirname, '../../fixtures/lupopedia-ledger/toon'), join(dir, 'toon/orchestration'), {
        recursive: true,
      });
      writeFileSync(join(dir, 'toon/core/lupo_things.toon'), definition('lupo_things', 'thing_id'));
      const [core, orch, eph] = scratch.names as [string, string, string];
      writeFileSync(
        join(dir, 'lupo.config.json'),
        JSON.stringify({ definitions: 'toon', databases: { core, orchestration: orch, ephemeral: eph } }),
      );
      const inDir = async (...argv: string[]) => {
        const io = captureIo({ cwd: dir });
        const code = await runCli(argv, io);
        return { code, out: io.out.join(''), err: io.err.join('') };
      };
      expect(
        (await inDir('plan', '--db', '--role', 'core', '--url', url, '--out', 'migrations/V1__core.sql')).code,
      ).toBe(0);
      const applied = await inDir('apply', 'migrations/V1__core.sql', '--db', '--yes', '--url', url);
      expect(applied.err).toBe('');
      expect(applied.code).toBe(0);
      const shape = await detectLedgerShape(pool, orch);
      expect(shape.verdict).toBe('lupopedia');
      expect(shape.keyStyle).toBe('nokey');
      const diff = await inDir('--json', 'diff', '--db', '--url', url);
      const report = JSON.parse(diff.out) as {
        databases: Record<string, { extraTables: unknown[]; missingTables: unknown[]; changedTables: unknown[] }>;
      };
      expect(report.databases.orchestration).toMatchObject({ extraTables: [], missingTables: [], changedTables: [] });
      expect(diff.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  });
});

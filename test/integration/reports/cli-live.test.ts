import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../../support/databases';
import { captureIo } from '../../support/cli-io';
import { runCli } from '../../../electron/cli/program';

const FIELDS = (id: string) => [
  `\`${id}\` bigint NOT NULL auto_increment`,
  '`name` varchar(100) NOT NULL',
  "`state` enum('new','done') NOT NULL DEFAULT 'new'",
  '`amount` decimal(10,2) NOT NULL DEFAULT 0.00',
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
    indexes: [{ index_name: 'idx_name', columns: ['name'], is_unique: false, index_type: 'BTREE' }],
  });
}

describe('lupo diff/lint/report against a live server', () => {
  let root: string;
  let names: string[];
  let drop: () => Promise<void>;
  let connection: string[];

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    ({ names, drop } = await createScratchDatabases(url, ['rc_core', 'rc_orch', 'rc_eph']));
    const c = await mysql.createConnection({ uri: url });
    try {
      await c.query(
        `CREATE TABLE \`${names[0]}\`.lupo_things (${FIELDS('thing_id').join(', ')}, PRIMARY KEY (thing_id), KEY idx_name (name)) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci`,
      );
      await c.query(
        `CREATE TRIGGER \`${names[0]}\`.trg_things BEFORE INSERT ON \`${names[0]}\`.lupo_things FOR EACH ROW SET NEW.name = TRIM(NEW.name)`,
      );
    } finally {
      await c.end();
    }
    root = mkdtempSync(join(tmpdir(), 'lupo-report-live-'));
    mkdirSync(join(root, 'toon/core'), { recursive: true });
    writeFileSync(
      join(root, 'lupo.config.json'),
      JSON.stringify({
        definitions: 'toon',
        databases: { core: names[0], orchestration: names[1], ephemeral: names[2] },
      }),
    );
    writeFileSync(join(root, 'toon/core/lupo_things.toon'), definition('lupo_things', 'thing_id'));
    writeFileSync(join(root, 'toon/core/lupo_permissions.toon'), definition('lupo_permissions', 'permission_id'));
    connection = ['--db', '--url', url];
  });

  afterAll(async () => {
    await drop?.();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('diff --db: only the real difference (a missing table), no false drift on the existing one', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['--json', 'diff', ...connection], io)).toBe(1);
    const json = JSON.parse(io.out.join(''));
    expect(json.databases.core.name).toBe(names[0]);
    expect(json.databases.core.missingTables.map((table: { name: string }) => table.name)).toEqual([
      'lupo_permissions',
    ]);
    expect(json.databases.core.changedTables).toEqual([]);
    expect(json.databases.core.extraTables).toEqual([]);
    expect(json.counts.sources.live.tables).toBe(1);
  });

  it('lint --db: finds the live trigger', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['--json', 'lint', ...connection], io)).toBe(1);
    const json = JSON.parse(io.out.join(''));
    expect(json.doctrine).toEqual([expect.objectContaining({ rule: 'no-triggers', source: 'live' })]);
    expect(json.budget).toMatchObject({ current: 1, afterPlan: 2, max: 180, headroom: 178 });
  });

  it('report --db writes the Markdown report', async () => {
    const out = join(root, 'sync.md');
    expect(await runCli(['report', ...connection, '--format', 'md', '--out', out], captureIo({ cwd: root }))).toBe(1);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('Compared 2 table definitions and 1 live tables.');
    expect(markdown).toContain('| `no-triggers` | ❌ fail | 1 | error |');
  });

  it('exits 2 when the server cannot be reached', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['diff', '--db', '--url', 'mysql://root@127.0.0.1:1'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/hint:/);
  });
});

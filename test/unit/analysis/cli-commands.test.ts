import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../support/cli-io';
import { runCli } from '../../../electron/cli/program';

const THING_FIELDS = [
  '`thing_id` bigint NOT NULL auto_increment',
  '`name` varchar(100) NOT NULL',
  '`created_ymdhis` bigint NOT NULL',
  '`updated_ymdhis` bigint NOT NULL',
  '`is_deleted` tinyint NOT NULL DEFAULT 0',
  '`deleted_ymdhis` bigint DEFAULT NULL',
];

function definition(table: string, id: string): string {
  return JSON.stringify(
    {
      table_name: table,
      fields: THING_FIELDS.map((field) => field.replace('thing_id', id)),
      data: [],
      primary_key: { column_name: id, expected_name: id, is_correct: true, needs_rename: false },
      indexes: [{ index_name: 'idx_name', columns: ['name'], is_unique: false, index_type: 'BTREE' }],
    },
    null,
    2,
  );
}

function createTable(table: string, id: string): string {
  return `CREATE TABLE IF NOT EXISTS \`${table}\` (\n  ${THING_FIELDS.map((field) => field.replace('thing_id', id)).join(',\n  ')},\n  PRIMARY KEY (\`${id}\`),\n  KEY \`idx_name\` (\`name\`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n`;
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lupo-cli-c-'));
  mkdirSync(join(root, 'toon/core'), { recursive: true });
  writeFileSync(join(root, 'lupo.config.json'), JSON.stringify({ definitions: 'toon', systemVersion: '4.0.46' }));
  writeFileSync(join(root, 'toon/core/lupo_things.toon'), definition('lupo_things', 'thing_id'));
  writeFileSync(join(root, 'toon/core/lupo_permissions.toon'), definition('lupo_permissions', 'permission_id'));
  writeFileSync(
    join(root, 'full.sql'),
    createTable('lupo_things', 'thing_id') + createTable('lupo_permissions', 'permission_id'),
  );
  writeFileSync(join(root, 'partial.sql'), createTable('lupo_things', 'thing_id'));
  writeFileSync(
    join(root, 'bad-migration.sql'),
    'CREATE TABLE `lupo_x` (\n  `x_id` BIGINT(20) UNSIGNED NOT NULL,\n  `seen` DATETIME NOT NULL\n);\nALTER TABLE `lupo_things` ADD INDEX `idx_y` (`name`);\n',
  );
  writeFileSync(join(root, 'good-migration.sql'), createTable('lupo_permissions', 'permission_id'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lupo diff', () => {
  it('exits 0 when definitions and SQL agree', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['diff', '--toon', 'toon', '--sql', 'full.sql'], io)).toBe(0);
    expect(io.out.join('')).toContain('No drift');
  });

  it('exits 1 on drift and prints the report JSON sections with --json', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['--json', 'diff', '--toon', 'toon', '--sql', 'partial.sql'], io)).toBe(1);
    const json = JSON.parse(io.out.join(''));
    expect(json.counts).toMatchObject({ missingTables: 1, extraTables: 0, changedTables: 0 });
    expect(json.counts.sources.sql).toMatchObject({ tables: 1, createTableStatements: 1 });
    expect(json.databases.core.missingTables.map((table: { name: string }) => table.name)).toEqual([
      'lupo_permissions',
    ]);
  });

  it('exits 2 on input errors, naming the file', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['diff', '--toon', 'toon', '--sql', 'missing.sql'], io)).toBe(2);
    expect(io.err.join('')).toContain('missing.sql');
  });
});

describe('lupo lint', () => {
  it('checks migration files statement by statement (exit 1 on errors)', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['lint', 'bad-migration.sql'], io)).toBe(1);
    const text = io.out.join('');
    expect(text).toContain('bad-migration.sql:1:1: error [idempotent-migration]');
    expect(text).toContain('bad-migration.sql:2: error [bigint-ids]');
    expect(text).toContain('bad-migration.sql:3: error [ymdhis-timestamps]');
    expect(text).toContain('bad-migration.sql:5:1: error [idempotent-migration]');
    expect(text).toContain(
      'bad-migration.sql:1:1: error [primary-key-named-after-table] (migration) Table lupo_x has no primary key',
    );
  });

  it('exits 0 for compliant definitions and migrations; --json lists findings', async () => {
    expect(await runCli(['lint', '--toon', 'toon', 'good-migration.sql'], captureIo({ cwd: root }))).toBe(0);
    const io = captureIo({ cwd: root });
    expect(await runCli(['--json', 'lint', 'bad-migration.sql'], io)).toBe(1);
    const json = JSON.parse(io.out.join(''));
    expect(json.counts).toEqual({ error: 5, warning: 2, info: 0 });
    expect(json.doctrine[0]).toMatchObject({
      rule: 'idempotent-migration',
      severity: 'error',
      location: 'bad-migration.sql:1:1',
      source: 'migration',
    });
  });
});

describe('lupo report', () => {
  for (const format of ['md', 'json', 'html', 'pdf'] as const) {
    it(`writes ${format}`, async () => {
      const out = join(root, 'reports', `sync.${format}`);
      const io = captureIo({ cwd: root });
      expect(
        await runCli(['report', '--toon', 'toon', '--sql', 'partial.sql', '--format', format, '--out', out], io),
      ).toBe(1);
      const body = readFileSync(out);
      if (format === 'md') expect(body.toString()).toContain('version: "4.0.46"');
      if (format === 'json') expect(JSON.parse(body.toString()).databases.core.missingTables).toHaveLength(1);
      if (format === 'html') expect(body.toString()).toContain('<h2>Table budget</h2>');
      if (format === 'pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    }, 30_000);
  }

  it('needs --out', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['report', '--toon', 'toon'], io)).toBe(2);
    expect(io.err.join('')).toContain('--out');
  });
});

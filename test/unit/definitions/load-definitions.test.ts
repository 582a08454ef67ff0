import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decode } from '@toon-format/toon';
import type { Table } from '../../../shared/schema/model';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { loadDefinitions, writeDefinition } from '../../../electron/engine/definitions/index';
import { parseColumnDefinition } from '../../../electron/engine/ddl/index';

const fixtures = path.resolve(__dirname, '../../fixtures/definitions/workspace');
const config = workspaceConfigSchema.parse({});
let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'lupo-defs-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const tableNamed = (tables: readonly Table[], name: string) => tables.find((t) => t.name === name)!;

describe('loadDefinitions', () => {
  it('loads both encodings, with roles from folders and patterns', async () => {
    const { model, files, findings } = await loadDefinitions(fixtures, config);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(model.databases.core.tables.map((t) => t.name).sort()).toEqual(['shop_customers', 'shop_orders']);
    expect(model.databases.orchestration.tables.map((t) => t.name)).toEqual(['migration_notes']);
    expect(model.databases.ephemeral.tables.map((t) => t.name)).toEqual(['shop_carts']);
    expect(files.map((f) => `${f.relativePath}:${f.encoding}:${f.role}`).sort()).toEqual([
      'core/shop_customers.toon:toon:core',
      'core/shop_orders.toon:json:core',
      'ephemeral/shop_carts.toon:toon:ephemeral',
      'migration_notes.toon:json:orchestration',
    ]);
    const orders = tableNamed(model.databases.core.tables, 'shop_orders');
    expect(orders.primaryKey).toEqual({ columns: ['order_id'] });
    expect(orders.columns[1]).toMatchObject({ name: 'customer_id', unsigned: true, source: { line: 5 } });
    expect(orders.columns[5]).toMatchObject({
      type: 'datetime',
      default: { kind: 'expression', value: 'CURRENT_TIMESTAMP' },
    });
    expect(orders.indexes).toEqual([
      {
        name: 'idx_customer_status',
        columns: [{ name: 'customer_id' }, { name: 'status' }],
        unique: false,
        kind: 'btree',
      },
    ]);
    expect(orders.source).toMatchObject({ line: 2 });
    const customers = tableNamed(model.databases.core.tables, 'shop_customers');
    expect(customers.options.comment).toBe('Customers of the shop.');
    expect(customers.columns[2]).toMatchObject({ name: 'display_name', comment: 'Name, as shown' });
    expect(customers.indexes).toEqual([
      { name: 'uniq_email', columns: [{ name: 'email' }], unique: true, kind: 'btree' },
    ]);
    const warning = findings.find((f) => f.code === 'definition/default-generated');
    expect(warning).toMatchObject({ severity: 'warning', location: { line: 9, column: 66 } });
    expect(findings.find((f) => f.code === 'definition/primary-key-inferred')).toMatchObject({ severity: 'info' });
  });

  it('gives the event loop a turn once 20 ms of reading and parsing have passed', async () => {
    // A clock 25 ms further on at each reading: every file starts a new slice.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 25));
    const turns = vi.spyOn(globalThis, 'setImmediate');
    try {
      const { files } = await loadDefinitions(fixtures, config);
      expect(files).toHaveLength(4);
      expect(turns.mock.calls.length).toBeGreaterThanOrEqual(files.length - 1);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('uses config rolePatterns when there is no role folder', async () => {
    await writeFile(path.join(tmp, 'tmp_x.toon'), 'table_name: tmp_x\nfields[1]: `tmp_x_id` bigint NOT NULL\n');
    const custom = workspaceConfigSchema.parse({ rolePatterns: { ephemeral: ['tmp_*'] } });
    const { model } = await loadDefinitions(tmp, custom);
    expect(model.databases.ephemeral.tables.map((t) => t.name)).toEqual(['tmp_x']);
  });

  it.each([
    [
      'broken JSON',
      'a.toon',
      '{\n  "table_name": "a",\n  "fields": ["`id` bigint"],\n}',
      'definition/invalid-json',
      4,
      /Invalid JSON/,
    ],
    [
      'broken TOON',
      'a.toon',
      'table_name: a\nfields[3]: `id` bigint,`b` int\n',
      'definition/invalid-toon',
      2,
      /Invalid TOON: Expected 3/,
    ],
    [
      'unknown type',
      'a.toon',
      '{\n"table_name": "a",\n"fields": [\n  "`id` bigint",\n  "`x` wibble(3)"\n]\n}',
      'definition/unknown-type',
      5,
      /Unknown column type "wibble"/,
    ],
    [
      'duplicate column',
      'a.toon',
      '{"table_name": "a",\n"fields": ["`id` bigint",\n "`ID` int"]}',
      'definition/duplicate-column',
      3,
      /column "ID" is declared twice/,
    ],
    [
      'index on a missing column',
      'a.toon',
      '{"table_name": "a", "fields": ["`id` bigint"],\n"indexes": [{"index_name": "i", "columns": ["nope"], "is_unique": false, "index_type": "BTREE"}]}',
      'definition/index-missing-column',
      2,
      /index "i" uses column "nope"/,
    ],
    [
      'missing table_name',
      'a.toon',
      '{"fields": ["`id` bigint"]}',
      'definition/missing-table-name',
      1,
      /no "table_name"/,
    ],
  ])(
    'reports %s with file, line and column and keeps loading the rest',
    async (_case, name, text, code, line, message) => {
      await writeFile(path.join(tmp, name), text);
      await writeFile(path.join(tmp, 'good.toon'), '{"table_name": "good", "fields": ["`good_id` bigint NOT NULL"]}');
      const { model, findings } = await loadDefinitions(tmp, config);
      const errors = findings.filter((f) => f.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        code,
        location: { kind: 'file', file: path.join(tmp, name), line, column: expect.any(Number) },
      });
      expect(errors[0]!.message).toMatch(message);
      expect(model.databases.core.tables.map((t) => t.name)).toEqual(['good']);
    },
  );

  it('reports two files declaring one table', async () => {
    await mkdir(path.join(tmp, 'core'));
    await writeFile(path.join(tmp, 'core/a.toon'), '{"table_name": "same", "fields": ["`id` bigint"]}');
    await writeFile(path.join(tmp, 'core/b.toon'), 'table_name: same\nfields[1]: `id` bigint\n');
    const { model, findings } = await loadDefinitions(tmp, config);
    expect(model.databases.core.tables).toHaveLength(1);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'definition/duplicate-table',
        severity: 'error',
        message: expect.stringContaining('core/a.toon'),
        location: expect.objectContaining({ file: path.join(tmp, 'core/b.toon'), line: 1 }),
      }),
    ]);
    // neither file is named after its table
    expect(findings.filter((f) => f.code === 'definition/file-name-mismatch').map((f) => f.message)).toEqual([
      'The file is named "a.toon" but declares table "same"',
      'The file is named "b.toon" but declares table "same"',
    ]);
  });

  it('loads tables that differ only by case as two tables, with a warning', async () => {
    await writeFile(path.join(tmp, 'Users.toon'), '{"table_name": "Users", "fields": ["`id` bigint"]}');
    await writeFile(path.join(tmp, 'users~2.toon'), '{"table_name": "users", "fields": ["`id` bigint"]}');
    const { model, findings } = await loadDefinitions(tmp, config);
    expect(model.databases.core.tables.map((t) => t.name)).toEqual(['Users', 'users']);
    expect(findings.map((f) => `${f.severity} ${f.code}`)).toEqual(['warning definition/case-distinct-table']);
  });

  it('fills undeclared engine/charset/collation from the workspace defaults, and only those', async () => {
    await writeFile(path.join(tmp, 'plain.toon'), '{"table_name": "plain", "fields": ["`id` bigint"]}');
    await writeFile(
      path.join(tmp, 'latin.toon'),
      '{"table_name": "latin", "charset": "latin1", "engine": "Aria", "fields": ["`id` bigint"]}',
    );
    const { model } = await loadDefinitions(tmp, config);
    const [latin, plain] = model.databases.core.tables;
    expect(plain!.options).toEqual({ engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
    expect(plain!.defaulted).toEqual(['engine', 'charset', 'collation']);
    expect(latin!.options).toEqual({ engine: 'Aria', charset: 'latin1' });
    expect(latin!.defaulted).toBeUndefined();
  });
});

describe('writeDefinition', () => {
  it('writes unchanged tables byte-identically in both encodings', async () => {
    await cp(fixtures, tmp, { recursive: true });
    const { model, files } = await loadDefinitions(tmp, config);
    const all = Object.values(model.databases).flatMap((d) => d.tables);
    for (const file of files) {
      const before = await readFile(file.path);
      await writeDefinition(file, tableNamed(all, file.tableName!));
      expect((await readFile(file.path)).equals(before), file.relativePath).toBe(true);
    }
  });

  it('keeps encoding, key order, unknown keys, data rows and untouched text when a column is added', async () => {
    await cp(fixtures, tmp, { recursive: true });
    const { model, files } = await loadDefinitions(tmp, config);
    const extra = parseColumnDefinition("`note` varchar(50) COMMENT 'added'");
    for (const name of ['shop_orders', 'shop_customers']) {
      const file = files.find((f) => f.tableName === name)!;
      const table = tableNamed(model.databases.core.tables, name);
      await writeDefinition(file, { ...table, columns: [...table.columns, extra] });
      const text = await readFile(file.path, 'utf8');
      const reloaded = await loadDefinitions(tmp, config);
      const again = tableNamed(reloaded.model.databases.core.tables, name);
      expect(again.columns.at(-1)).toMatchObject({ name: 'note', length: 50, comment: 'added' });
      if (file.encoding === 'json') {
        expect(text.startsWith('{\n    "table_name": "shop_orders",\n    "fields": [\n')).toBe(true);
        expect(text).toContain('"weight": 1.0'); // untouched data text reused verbatim
        expect(text).toContain('DEFAULT_GENERATED'); // unchanged field strings kept
        expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(file.raw));
        expect(text.endsWith('}\n')).toBe(true); // the fixture's trailing newline is kept
      } else {
        expect(Object.keys(decode(text) as object)).toEqual(Object.keys(file.raw));
        expect((decode(text) as { data: unknown[] }).data).toHaveLength(2);
        expect(text.endsWith('\n')).toBe(true);
      }
    }
  });

  it('writes atomically: no temp files are left behind', async () => {
    await cp(fixtures, tmp, { recursive: true });
    const { model, files } = await loadDefinitions(tmp, config);
    const file = files.find((f) => f.tableName === 'shop_carts')!;
    await writeDefinition(file, model.databases.ephemeral.tables[0]!);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(path.join(tmp, 'ephemeral'))).sort()).toEqual(['shop_carts.toon']);
  });
});

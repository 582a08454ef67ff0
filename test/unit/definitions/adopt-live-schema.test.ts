import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SchemaModel, Table } from '../../../shared/schema/model';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { loadDefinitions, planAdoption, writeAdoption } from '../../../electron/engine/definitions/index';
import { diffDatabase } from '../../../electron/engine/diff/index';
import { normalizeForCompare } from '../../../electron/engine/introspect/canonical';
import { readSqlFile } from '../../../electron/engine/sqlfile/index';

const fixtures = path.resolve(__dirname, '../../fixtures/adopt');
const config = workspaceConfigSchema.parse({});
let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'lupo-adopt-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function liveFrom(file: string): Promise<SchemaModel> {
  const result = await readSqlFile(path.join(fixtures, file), config);
  expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  return result.model;
}

const table = (model: SchemaModel, name: string): Table =>
  Object.values(model.databases)
    .flatMap((db) => db.tables)
    .find((t) => t.name === name)!;

/** A workspace in tmp: the role-folder fixture, or its files flat in the root. */
async function workspace(layout: 'roles' | 'flat'): Promise<string> {
  const dir = path.join(tmp, 'toon');
  if (layout === 'roles') await cp(path.join(fixtures, 'roles'), dir, { recursive: true });
  else await cp(path.join(fixtures, 'roles', 'core'), dir, { recursive: true });
  return dir;
}

async function plan(dir: string, live: SchemaModel, tables?: string[]) {
  const definitions = await loadDefinitions(dir, config);
  expect(definitions.findings.filter((f) => f.severity === 'error')).toEqual([]);
  return planAdoption({ definitions, live, definitionsDir: dir, config, ...(tables ? { tables } : {}) });
}

describe('planAdoption + writeAdoption', () => {
  it('creates, rewrites, leaves alone and reports orphans in a role-folder workspace', async () => {
    const dir = await workspace('roles');
    const live = await liveFrom('live.sql');
    const customersBefore = await readFile(path.join(dir, 'core/shop_customers.toon'), 'utf8');
    const ordersBefore = await readFile(path.join(dir, 'core/shop_orders.toon'), 'utf8');
    const adoption = await plan(dir, live);
    expect(adoption.create.map((e) => e.relativePath)).toEqual(['core/shop_products.toon']);
    expect(adoption.rewrite.map((e) => e.relativePath)).toEqual(['core/shop_orders.toon']);
    expect(adoption.rewrite[0]!.changes).toEqual([
      'column `note` varchar(255) is missing',
      'index `idx_created` (created_ymdhis) is missing',
    ]);
    expect(adoption.unchanged.map((e) => e.relativePath)).toEqual(['core/shop_customers.toon']);
    expect(adoption.orphaned.map((e) => e.relativePath)).toEqual(['core/shop_retired.toon']);
    expect(adoption.findings).toEqual([]);

    const result = await writeAdoption(adoption);
    expect(result.created).toEqual([path.join(dir, 'core/shop_products.toon')]);
    expect(result.rewritten).toEqual([path.join(dir, 'core/shop_orders.toon')]);
    // the ledger table is not adopted; the orphan is kept; the unchanged file is byte-identical
    expect((await readdir(dir, { recursive: true })).sort()).toEqual([
      'core',
      'core/shop_customers.toon',
      'core/shop_orders.toon',
      'core/shop_products.toon',
      'core/shop_retired.toon',
    ]);
    expect(await readFile(path.join(dir, 'core/shop_customers.toon'), 'utf8')).toBe(customersBefore);

    // the rewritten JSON keeps key order, unknown keys, data rows as written, and its style
    const orders = await readFile(path.join(dir, 'core/shop_orders.toon'), 'utf8');
    expect(Object.keys(JSON.parse(orders) as object)).toEqual(Object.keys(JSON.parse(ordersBefore) as object));
    expect(orders).toContain('"weight": 1.0');
    expect(orders).toContain('"generator_note": "kept verbatim"');
    expect(orders).toContain('        "`note` varchar(255) DEFAULT NULL COMMENT \'Free text\'",');
    expect(orders.endsWith('}')).toBe(true);

    // everything now compares equal to live, and a second run has nothing to do
    const reloaded = await loadDefinitions(dir, config);
    const left = diffDatabase(live.databases.core, reloaded.model.databases.core);
    expect(left.map((c) => `${c.kind} ${c.table}`)).toEqual(['addTable shop_retired']);
    expect(normalizeForCompare(table(reloaded.model, 'shop_products'))).toEqual(
      normalizeForCompare(table(live, 'shop_products')),
    );
    const again = await plan(dir, live);
    expect([again.create.length, again.rewrite.length, again.unchanged.length]).toEqual([0, 0, 3]);
    expect(again.orphaned.map((e) => e.table)).toEqual(['shop_retired']);
  });

  it('writes new files in the generator legacy JSON form (golden)', async () => {
    const dir = await workspace('roles');
    const adoption = await plan(dir, await liveFrom('live.sql'));
    const golden = path.join(fixtures, 'golden', 'shop_products.toon.golden');
    const text = adoption.create[0]!.text;
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(golden, text);
    expect(text).toBe(await readFile(golden, 'utf8'));
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'table_name',
      'table_comment',
      'engine',
      'charset',
      'collation',
      'fields',
      'data',
      'primary_key',
      'unsigned_columns',
      'indexes',
      'unique_constraints',
    ]);
  });

  it('puts new files in the root of a flat workspace and keeps a TOON file TOON', async () => {
    const dir = await workspace('flat');
    const live = await liveFrom('live.sql');
    // live customers gain a column: the TOON file must be rewritten as TOON
    const customers = table(live, 'shop_customers');
    const changed: SchemaModel = {
      databases: {
        ...live.databases,
        core: {
          ...live.databases.core,
          tables: live.databases.core.tables.map((t) =>
            t === customers
              ? {
                  ...t,
                  columns: [...t.columns, { ...t.columns[3]!, name: 'updated_ymdhis' }],
                }
              : t,
          ),
        },
      },
    };
    const adoption = await plan(dir, changed);
    expect(adoption.create.map((e) => e.relativePath)).toEqual(['shop_products.toon']);
    expect(adoption.rewrite.map((e) => e.relativePath).sort()).toEqual(['shop_customers.toon', 'shop_orders.toon']);
    await writeAdoption(adoption);
    const text = await readFile(path.join(dir, 'shop_customers.toon'), 'utf8');
    expect(text.startsWith('table_name: shop_customers\n')).toBe(true);
    expect(text).toContain('fields[5]:');
    expect(text).toContain('data[1]{customer_id,email,display_name,created_ymdhis}:');
    const reloaded = await loadDefinitions(dir, config);
    expect(reloaded.files.find((f) => f.tableName === 'shop_customers')!.encoding).toBe('toon');
    const left = diffDatabase(changed.databases.core, reloaded.model.databases.core);
    expect(left.map((c) => `${c.kind} ${c.table}`)).toEqual(['addTable shop_retired']);
  });

  it('adopts only the named tables, and refuses a name that is neither live nor defined', async () => {
    const dir = await workspace('roles');
    const live = await liveFrom('live.sql');
    const only = await plan(dir, live, ['SHOP_PRODUCTS', 'shop_retired']);
    expect(only.create.map((e) => e.table)).toEqual(['shop_products']);
    expect(only.rewrite).toEqual([]);
    expect(only.unchanged).toEqual([]);
    expect(only.orphaned.map((e) => e.table)).toEqual(['shop_retired']);
    await expect(plan(dir, live, ['no_such_table'])).rejects.toMatchObject({ code: 'adopt/unknown-table' });
  });

  it('rewrites a ledger table the workspace already defines', async () => {
    const dir = await workspace('roles');
    const retired = await readFile(path.join(fixtures, 'roles/core/shop_retired.toon'), 'utf8');
    await mkdir(path.join(dir, 'orchestration'));
    await writeFile(
      path.join(dir, 'orchestration/migration_batches.toon'),
      retired.replaceAll('shop_retired', 'migration_batches').replaceAll('retired_id', 'batch_id'),
    );
    const adoption = await plan(dir, await liveFrom('live.sql'));
    expect(adoption.rewrite.map((e) => e.relativePath)).toContain('orchestration/migration_batches.toon');
    expect(adoption.rewrite.find((e) => e.table === 'migration_batches')!.changes).toEqual([
      'column `created_ymdhis` bigint is missing',
    ]);
  });

  it('warns about what a definition cannot hold instead of dropping it silently', async () => {
    const dir = await workspace('roles');
    const live = await liveFrom('live-foreign-key.sql');
    const adoption = await plan(dir, live);
    expect(adoption.create.map((e) => e.table)).toEqual(['shop_reviews']);
    const messages = adoption.findings.map((f) => `${f.severity} ${f.code} ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^warning adopt\/not-representable shop_reviews: .*fk_review_product/),
    ]);
    // index comments are carried (index_comment), so they are no longer lost
    const written = JSON.parse(adoption.create[0]!.text) as {
      indexes: { index_name: string; index_comment?: string }[];
    };
    expect(written.indexes.find((ix) => ix.index_name === 'idx_product')?.index_comment).toBeTruthy();
  });

  it('writes nothing when a file changed after it was loaded', async () => {
    const dir = await workspace('roles');
    const adoption = await plan(dir, await liveFrom('live.sql'));
    await writeFile(path.join(dir, 'core/shop_orders.toon'), '{"table_name": "edited meanwhile"}');
    await expect(writeAdoption(adoption)).rejects.toMatchObject({ code: 'adopt/stale' });
    await expect(readFile(path.join(dir, 'core/shop_products.toon'))).rejects.toThrow();
  });
});

import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDefinitions } from '../../../electron/engine/definitions/index';
import { diffDatabase } from '../../../electron/engine/diff/index';
import { normalizeForCompare } from '../../../electron/engine/introspect/canonical';
import type { Database, Table } from '../../../shared/schema/model';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { createScratchDatabases } from '../../support/databases';
import { liveCore, runSqlText, sessionFor } from '../planner/support';
import { captureIo } from '../../support/cli-io';
import { runCli } from '../../../electron/cli/program';

const fixtures = resolve(import.meta.dirname, '../../fixtures/adopt');

/** The live tables: shop_orders gains a column and an index, shop_customers matches its TOON definition, shop_products is new. */
const CORE_SQL = `
CREATE TABLE shop_orders (
  order_id bigint NOT NULL AUTO_INCREMENT,
  customer_id bigint NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'new',
  note varchar(255) NULL COMMENT 'Free text',
  created_ymdhis bigint NOT NULL,
  PRIMARY KEY (order_id),
  KEY idx_customer (customer_id),
  KEY idx_created (created_ymdhis)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE shop_customers (
  customer_id bigint NOT NULL AUTO_INCREMENT,
  email varchar(255) NOT NULL,
  display_name varchar(100) NULL COMMENT 'Name, as shown',
  created_ymdhis bigint NOT NULL,
  PRIMARY KEY (customer_id),
  UNIQUE KEY uniq_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Customers of the shop.';
CREATE TABLE shop_products (
  product_id bigint NOT NULL AUTO_INCREMENT COMMENT 'Primary key',
  sku varchar(64) NOT NULL,
  title varchar(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  stock int unsigned NOT NULL DEFAULT 0,
  price decimal(10,2) NOT NULL DEFAULT 0.00,
  kind enum('book','game') NOT NULL DEFAULT 'book',
  created_ymdhis bigint NOT NULL,
  PRIMARY KEY (product_id),
  UNIQUE KEY uniq_sku (sku),
  KEY idx_title (title(20), created_ymdhis)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Products on sale.';
`;

describe('lupo adopt --db --toon DIR', () => {
  const url = inject('mysqlUrl');
  const config = workspaceConfigSchema.parse({});
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: string;
  let flags: string[];

  const run = async (...argv: string[]) => {
    const io = captureIo({ cwd: workspace });
    const code = await runCli(argv, io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };
  const read = (relative: string) => readFile(join(workspace, 'toon', relative), 'utf8');
  const liveDatabase = async (): Promise<Database> => {
    const session = await sessionFor(url);
    try {
      return await liveCore(session, scratch.names[0]!);
    } finally {
      await session.close();
    }
  };
  const tableOf = (db: Database, name: string): Table => db.tables.find((t) => t.name === name)!;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['adopt_core', 'adopt_orch', 'adopt_eph']);
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    await runSqlText(url, core, CORE_SQL);
    // a ledger table the app would have created: never adopted into a workspace that lacks it
    await runSqlText(
      url,
      orchestration,
      'CREATE TABLE migration_batches (batch_id bigint NOT NULL AUTO_INCREMENT, created_ymdhis bigint NOT NULL, PRIMARY KEY (batch_id)) ENGINE=InnoDB',
    );
    workspace = await mkdtemp(join(tmpdir(), 'lupo-adopt-cli-'));
    await cp(join(fixtures, 'roles'), join(workspace, 'toon'), { recursive: true });
    flags = ['--db', '--url', url, '--core-db', core, '--orchestration-db', orchestration, '--ephemeral-db', ephemeral];
  });
  afterAll(async () => {
    await scratch?.drop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('refuses to run without --db (exit 2)', async () => {
    const result = await run('adopt', '--toon', 'toon');
    expect(result.code).toBe(2);
    expect(result.err).toContain('pass --db');
  });

  it('--dry-run lists what it would do and writes nothing', async () => {
    const before = (await readdir(join(workspace, 'toon'), { recursive: true })).sort();
    const orders = await read('core/shop_orders.toon');
    const result = await run('adopt', '--toon', 'toon', '--dry-run', ...flags);
    expect(result.code).toBe(0);
    expect(result.out).toContain('would create    core/shop_products.toon');
    expect(result.out).toContain('would rewrite  core/shop_orders.toon');
    expect(result.out).toContain('(dry run: nothing written)');
    expect((await readdir(join(workspace, 'toon'), { recursive: true })).sort()).toEqual(before);
    expect(await read('core/shop_orders.toon')).toBe(orders);
  });

  it('creates, rewrites and leaves alone; the result compares equal to live; a second run has nothing to do', async () => {
    const customers = await read('core/shop_customers.toon');
    const ordersBefore = await read('core/shop_orders.toon');
    const first = await run('--json', 'adopt', '--toon', 'toon', ...flags);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual({
      dryRun: false,
      created: ['core/shop_products.toon'],
      rewritten: ['core/shop_orders.toon'],
      unchanged: 1,
      orphaned: ['core/shop_retired.toon'],
      findings: [],
    });
    // the ledger table is not adopted, the orphan is kept
    expect((await readdir(join(workspace, 'toon'), { recursive: true })).sort()).toEqual([
      'core',
      'core/shop_customers.toon',
      'core/shop_orders.toon',
      'core/shop_products.toon',
      'core/shop_retired.toon',
    ]);
    expect(await read('core/shop_customers.toon')).toBe(customers);

    const live = await liveDatabase();
    const loaded = await loadDefinitions(join(workspace, 'toon'), config);
    expect(loaded.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const core = loaded.model.databases.core;
    // the new file: legacy JSON, equal to the live table
    expect(loaded.files.find((f) => f.tableName === 'shop_products')!.encoding).toBe('json');
    expect(normalizeForCompare(tableOf(core, 'shop_products'))).toEqual(
      normalizeForCompare(tableOf(live, 'shop_products')),
    );
    // the changed file: same encoding and key order, now without drift
    const orders = await read('core/shop_orders.toon');
    expect(Object.keys(JSON.parse(orders) as object)).toEqual(Object.keys(JSON.parse(ordersBefore) as object));
    expect(orders).toContain('"weight": 1.0');
    const withoutOrphan: Database = { ...core, tables: core.tables.filter((t) => t.name !== 'shop_retired') };
    expect(diffDatabase(live, withoutOrphan)).toEqual([]);

    const second = await run('adopt', '--toon', 'toon', ...flags);
    expect(second.code).toBe(0);
    expect(second.out).toContain('unchanged    core/shop_products.toon');
    expect(second.out).toContain('no live table core/shop_retired.toon (kept)');
    expect(second.out).toMatch(/0 created, 0 rewritten, 3 unchanged, 1 without a live table\n$/);
    expect(await read('core/shop_orders.toon')).toBe(orders);
  });

  it('exits 2 for a --table name that is neither live nor defined', async () => {
    const result = await run('adopt', '--toon', 'toon', '--table', 'no_such_table', ...flags);
    expect(result.code).toBe(2);
    expect(result.err).toContain('"no_such_table" is neither live nor defined');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { encode } from '@toon-format/toon';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDefinitions } from '../../../electron/engine/definitions/index';
import { planAdoption } from '../../../electron/engine/definitions/adopt-live-schema';
import { diffDatabase } from '../../../electron/engine/diff/index';
import { lintModel } from '../../../electron/engine/doctrine/index';
import { planChange, planMigration } from '../../../electron/engine/planner/index';
import { describeChange } from '../../../electron/engine/reports/describe-change';
import type { Session } from '../../../electron/engine/connection/session';
import type { SchemaChange } from '../../../shared/schema/changes';
import type { Database, SchemaModel } from '../../../shared/schema/model';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../../shared/workspace-config';
import { liveCore, runSqlText, sessionFor } from '../planner/support';

/**
 * The real-system cases of issue 12, each driven from definition files through plan and
 * apply on the throwaway server, then read back: capitalised ENUM values (also under a
 * case-sensitive collation), a full-column index on varchar(2000), definitions without a
 * charset (the workspace default applies on a latin1 server), CHECK constraints and
 * partitioning changed in place, and live constructs the model cannot carry.
 */

const RESULTS = {
  table_name: 'lupo_results',
  fields: [
    '`result_id` bigint NOT NULL AUTO_INCREMENT',
    "`status` enum('PASS','FAIL','SKIP','ERROR') NOT NULL DEFAULT 'PASS'",
    "`phase` enum('Open','Ongoing','Closed') DEFAULT NULL",
    "`grade` enum('A','B','C','D') NOT NULL DEFAULT 'A'",
    '`source_url` varchar(2000) NOT NULL',
  ],
  data: [],
  primary_key: { column_name: 'result_id' },
  indexes: [{ index_name: 'idx_url', columns: ['source_url'], is_unique: false, index_type: 'BTREE' }],
};

const FLAGS = {
  table_name: 'lupo_flags',
  collation: 'utf8mb4_bin',
  fields: ['`flag_id` bigint NOT NULL', "`yn` enum('Y','N') NOT NULL DEFAULT 'N'"],
  data: [],
  primary_key: { column_name: 'flag_id' },
};

const EVENTS = {
  table_name: 'lupo_events',
  fields: ['`event_id` bigint NOT NULL', '`created` date NOT NULL', '`qty` int NOT NULL'],
  data: [],
  primary_key: { column_name: 'event_id,created' },
  check_constraints: [{ constraint_name: 'chk_qty', check_clause: '`qty` >= 0' }],
  partitioning:
    'PARTITION BY RANGE (year(`created`)) (PARTITION p2019 VALUES LESS THAN (2020), PARTITION pmax VALUES LESS THAN MAXVALUE)',
};

describe('real-system cases: definitions → plan → apply → zero drift', () => {
  let url: string;
  let session: Session;
  let dir: string;
  let config: WorkspaceConfig;
  const database = `fid_real_${Math.random().toString(16).slice(2, 10)}`;

  const model = (core: Database): SchemaModel => ({
    databases: {
      core,
      orchestration: { role: 'orchestration', name: 'fid_none_o', tables: [], views: [], forbiddenObjects: [] },
      ephemeral: { role: 'ephemeral', name: 'fid_none_e', tables: [], views: [], forbiddenObjects: [] },
    },
  });

  async function write(name: string, document: object, toon = false): Promise<void> {
    await writeFile(join(dir, `${name}.toon`), toon ? encode(document) : JSON.stringify(document, null, 4), 'utf8');
  }

  async function desired(): Promise<Database> {
    const loaded = await loadDefinitions(dir, config);
    expect(loaded.findings.filter((f) => f.severity === 'error')).toEqual([]);
    return loaded.model.databases.core;
  }

  /** Plans `changes` (destructive allowed) and runs every statement. */
  async function apply(changes: readonly SchemaChange[]): Promise<void> {
    const plan = planMigration(changes, {
      allowDestructive: true,
      generatedAt: new Date(),
      version: 'test',
      source: 'fidelity',
      target: { role: 'core', database },
    });
    expect(plan.skipped).toEqual([]);
    for (const statement of plan.statements) await runSqlText(url, database, statement.sql);
  }

  async function drift(): Promise<string[]> {
    return diffDatabase(await liveCore(session, database), await desired()).map(describeChange);
  }

  beforeAll(async () => {
    url = inject('mysqlUrl');
    const c = await mysql.createConnection({ uri: url });
    // A server whose default charset is latin1: definitions without one must not get it.
    await c.query(`CREATE DATABASE \`${database}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
    await c.end();
    session = await sessionFor(url);
    dir = await mkdtemp(join(tmpdir(), 'lupo-real-'));
    config = workspaceConfigSchema.parse({
      databases: { core: database, orchestration: 'fid_none_o', ephemeral: 'fid_none_e' },
    });
    await write('lupo_results', RESULTS);
    await write('lupo_flags', FLAGS);
    await write('lupo_events', EVENTS, true);
  });
  afterAll(async () => {
    await runSqlText(url, 'mysql', `DROP DATABASE IF EXISTS \`${database}\``).catch(() => {});
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the tables and then shows zero drift', async () => {
    const changes = diffDatabase(await liveCore(session, database), await desired());
    expect(changes.map((c) => c.kind)).toEqual(['addTable', 'addTable', 'addTable']);
    await apply(changes);
    expect(await drift()).toEqual([]);
  });

  it('gives tables without a declared charset the workspace default, not the server default', async () => {
    const live = await liveCore(session, database);
    const results = live.tables.find((t) => t.name === 'lupo_results')!;
    expect(results.options).toMatchObject({ engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
    const flags = live.tables.find((t) => t.name === 'lupo_flags')!;
    expect(flags.options.collation).toBe('utf8mb4_bin');
  });

  it('keeps ENUM case live, and the 768-character prefix is explained by a lint finding', async () => {
    const live = await liveCore(session, database);
    const results = live.tables.find((t) => t.name === 'lupo_results')!;
    expect(results.columns.find((c) => c.name === 'status')?.values).toEqual(['PASS', 'FAIL', 'SKIP', 'ERROR']);
    expect(results.indexes.find((i) => i.name === 'idx_url')?.columns).toEqual([{ name: 'source_url', length: 768 }]);
    const findings = lintModel(model(await desired()), config, 'definitions').filter(
      (f) => f.code === 'implicit-index-prefix',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('prefix of 768 characters');
    expect(findings[0]!.hint).toContain('source_url(768)');
  });

  it('sees a real ENUM case change as drift, and applying it converges', async () => {
    await write('lupo_results', {
      ...RESULTS,
      fields: RESULTS.fields.map((f) => f.replace("'Ongoing'", "'ONGOING'")),
    });
    const changes = diffDatabase(await liveCore(session, database), await desired());
    expect(changes.map(describeChange)).toEqual([
      'column `phase`: values (Open, Ongoing, Closed) → (Open, ONGOING, Closed)',
    ]);
    await apply(changes);
    expect(await drift()).toEqual([]);
  });

  it('sees a live charset that differs from the default as drift', async () => {
    await runSqlText(url, database, 'CREATE TABLE lupo_legacy (legacy_id bigint NOT NULL PRIMARY KEY) ENGINE=InnoDB');
    await write('lupo_legacy', {
      table_name: 'lupo_legacy',
      fields: ['`legacy_id` bigint NOT NULL'],
      data: [],
      primary_key: { column_name: 'legacy_id' },
    });
    const found = await drift();
    expect(found).toEqual([
      'table options: charset latin1 → utf8mb4; collation latin1_swedish_ci → utf8mb4_unicode_ci',
    ]);
    await apply(diffDatabase(await liveCore(session, database), await desired()));
    expect(await drift()).toEqual([]);

    // table options: set, then taken away again
    const legacy = {
      table_name: 'lupo_legacy',
      fields: ['`legacy_id` bigint NOT NULL'],
      data: [],
      primary_key: { column_name: 'legacy_id' },
    };
    await write('lupo_legacy', { ...legacy, table_options: { CHECKSUM: '1', PAGE_COMPRESSED: '1' } });
    expect(await drift()).toEqual(['table options: options none → CHECKSUM=1 PAGE_COMPRESSED=1']);
    await apply(diffDatabase(await liveCore(session, database), await desired()));
    expect(await drift()).toEqual([]);
    await write('lupo_legacy', legacy);
    await apply(diffDatabase(await liveCore(session, database), await desired()));
    expect(await drift()).toEqual([]);
  });

  it('changes a CHECK constraint and the partitioning in place, then removes the partitioning', async () => {
    await write(
      'lupo_events',
      {
        ...EVENTS,
        check_constraints: [{ constraint_name: 'chk_qty', check_clause: '`qty` between 0 and 100' }],
        partitioning: 'PARTITION BY HASH (`event_id`) PARTITIONS 3',
      },
      true,
    );
    const changes = diffDatabase(await liveCore(session, database), await desired());
    expect(changes.map((c) => c.kind).sort()).toEqual(['addCheck', 'dropCheck', 'modifyPartitioning']);
    await apply(changes);
    expect(await drift()).toEqual([]);

    const { partitioning: _gone, ...unpartitioned } = EVENTS;
    await write('lupo_events', unpartitioned, true);
    const removal = diffDatabase(await liveCore(session, database), await desired());
    expect(removal.map(describeChange)).toEqual([
      'check `chk_qty` (`qty` between 0 and 100) is extra',
      'check `chk_qty` (`qty` >= 0) is missing',
      'partitioning PARTITION BY HASH (`event_id`) PARTITIONS 3 → none',
    ]);
    await apply(removal);
    expect(await drift()).toEqual([]);
  });

  it('ignores an index and uses it again in place (ALTER INDEX, not destructive), with a working rollback', async () => {
    // (the ENUM case change of the test above is live now)
    const results = { ...RESULTS, fields: RESULTS.fields.map((f) => f.replace("'Ongoing'", "'ONGOING'")) };
    const ignoredUrl = { ...RESULTS.indexes[0], is_ignored: true };
    await write('lupo_results', { ...results, indexes: [ignoredUrl] }, true);
    const changes = diffDatabase(await liveCore(session, database), await desired());
    expect(changes.map(describeChange)).toEqual(['index `idx_url`: used → IGNORED']);
    const [statement] = planMigration(changes, {
      generatedAt: new Date(),
      version: 'test',
      source: 'fidelity',
    }).statements;
    expect(statement?.destructive).toBe(false);
    await apply(changes);
    expect(await drift()).toEqual([]);
    const live = (await liveCore(session, database)).tables.find((t) => t.name === 'lupo_results')!;
    expect(live.indexes.find((i) => i.name === 'idx_url')?.ignored).toBe(true);

    // the rollback (inverse) makes it used again; the first statement again is a no-op
    await runSqlText(url, database, statement!.inverse!);
    await runSqlText(url, database, statement!.inverse!);
    expect(await drift()).toEqual(['index `idx_url`: used → IGNORED']);
    await write('lupo_results', results);
    expect(await drift()).toEqual([]);
  });

  it("reads, creates and changes a geometry column's SRID (MariaDB REF_SYSTEM_ID), converging", async () => {
    const places = {
      table_name: 'lupo_places',
      fields: ['`place_id` bigint NOT NULL', '`location` point SRID 4326 NOT NULL', '`area` polygon DEFAULT NULL'],
      data: [],
      primary_key: { column_name: 'place_id' },
    };
    await write('lupo_places', places, true);
    await apply(diffDatabase(await liveCore(session, database), await desired()));
    expect(await drift()).toEqual([]);
    const live = (await liveCore(session, database)).tables.find((t) => t.name === 'lupo_places')!;
    expect(live.columns.map((c) => c.srid)).toEqual([undefined, 4326, undefined]);

    await write('lupo_places', {
      ...places,
      fields: [places.fields[0], '`location` point SRID 3857 NOT NULL', '`area` polygon SRID 4326 DEFAULT NULL'],
    });
    const changes = diffDatabase(await liveCore(session, database), await desired());
    expect(changes.map(describeChange)).toEqual([
      'column `location`: SRID 4326 → 3857',
      'column `area`: SRID none → 4326',
    ]);
    // the guard reads the live SRID: it runs the MODIFY before the apply, nothing after it
    const plan = planMigration(changes, { allowDestructive: true, generatedAt: new Date(), version: 't', source: 't' });
    const guardValue = async (): Promise<string> => {
      const c = await mysql.createConnection({ uri: url, database });
      try {
        const expression = plan.statements[0]!.sql.split(';\n')[0]!.replace(/^SET @lupo_sql = /, '');
        const [rows] = await c.query(`SELECT ${expression} AS v`);
        return String((rows as { v: string }[])[0]!.v);
      } finally {
        await c.end();
      }
    };
    expect(await guardValue()).toContain('MODIFY COLUMN `location` point /*M!100102 REF_SYSTEM_ID=3857 */');
    await apply(changes);
    expect(await drift()).toEqual([]);
    expect(await guardValue()).toBe('DO 0');
  });

  it('reports, table by table, what adopt cannot carry', async () => {
    await runSqlText(
      url,
      database,
      `CREATE TABLE lupo_versioned (versioned_id bigint NOT NULL PRIMARY KEY) WITH SYSTEM VERSIONING;
       CREATE SEQUENCE lupo_sequence;
       CREATE TABLE lupo_hidden (hidden_id bigint NOT NULL PRIMARY KEY, secret int INVISIBLE, body blob COMPRESSED)
         PAGE_COMPRESSED=1 CHECKSUM=1`,
    );
    const loaded = await loadDefinitions(dir, config);
    const plan = planAdoption({
      definitions: loaded,
      live: model(await liveCore(session, database)),
      definitionsDir: dir,
      config,
    });
    const messages = plan.findings.map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/lupo_versioned: .*WITH SYSTEM VERSIONING \(not modelled\)/),
        expect.stringMatching(/lupo_sequence is a SEQUENCE, not a table/),
        expect.stringMatching(/lupo_hidden: .*column body COMPRESSED \(not modelled\)/),
      ]),
    );
    expect(plan.create.map((c) => c.table).sort()).toEqual(['lupo_hidden', 'lupo_versioned']);
    // INVISIBLE is modelled: written into the field, not reported
    expect(messages.join('\n')).not.toContain('INVISIBLE');
    const hidden = plan.create.find((c) => c.table === 'lupo_hidden')!;
    expect(hidden.text).toContain('`secret` int INVISIBLE');
    expect(JSON.parse(hidden.text)).toMatchObject({ table_options: { CHECKSUM: '1', PAGE_COMPRESSED: '1' } });

    // lint on the live schema lists them; a plan dropping such a table has no rollback
    const live = await liveCore(session, database);
    const notModelled = lintModel(model(live), config, 'live').filter((f) => f.code === 'not-modelled');
    expect(notModelled.map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('lupo_versioned: WITH SYSTEM VERSIONING is not modelled')]),
    );
    const versioned = live.tables.find((t) => t.name === 'lupo_versioned')!;
    const [drop] = planChange({
      kind: 'dropTable',
      role: 'core',
      database,
      table: versioned.name,
      definition: versioned,
    });
    expect(drop?.inverse).toBeUndefined();
    expect(drop?.risk).toContain('its rollback cannot recreate it (not modelled: WITH SYSTEM VERSIONING)');
  });
});

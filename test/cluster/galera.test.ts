import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { migrationCalls } from '../../shared/contract/migration';
import type { EventName, EventPayload } from '../../shared/contract/index';
import { runCli } from '../../electron/cli/program';
import { createMigrationHandlers } from '../../electron/engine/api/migration-handlers';
import { loadWorkspaceConfig } from '../../electron/engine/config/index';
import { openSession } from '../../electron/engine/connection/session';
import type { OpenConnection } from '../../electron/engine/connection/session-registry';
import { JobRunner } from '../../electron/engine/jobs/job-runner';
import { ClusterLease, readHolder } from '../../electron/engine/orchestrator/cluster-lease';
import { detectTopology } from '../../electron/engine/topology/detect-topology';
import { fingerprintDatabase } from '../../electron/engine/topology/schema-fingerprint';
import { captureIo } from '../support/cli-io';
import { launchBrowser, screenshot, startApp } from '../support/browser-mode';
import {
  connectWithForm,
  demoConfigWorkspace,
  installDemo,
  openWorkspaceFolder,
  tableNames,
} from '../e2e/support/demo-workspace';
import { startGaleraCluster, statusOf, type GaleraCluster } from '../support/galera-cluster';
import { createTableSql, guardedAddColumnSql, migrationText } from '../integration/orchestrator/migration-fixtures';

/** The four statements of a guarded CREATE INDEX (the doctrine's idempotent form). */
function guardedAddIndexSql(table: string, index: string, column: string): string[] {
  const create = `CREATE INDEX \`${index}\` ON \`${table}\` (\`${column}\`)`;
  return [
    `SET @lupo_sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' AND INDEX_NAME = '${index}') = 0, '${create}', 'DO 0')`,
    'PREPARE lupo_stmt FROM @lupo_sql',
    'EXECUTE lupo_stmt',
    'DEALLOCATE PREPARE lupo_stmt',
  ];
}
/** A JSON column as mysql2 returns it (text or already parsed). */
const propsOf = (value: unknown): { lupo_admin: { done: string[] } } =>
  (typeof value === 'string' ? JSON.parse(value) : value) as { lupo_admin: { done: string[] } };
const fileOf = (statements: readonly string[]): string => statements.map((s) => `${s};\n`).join('');

/**
 * Issue 15 on a real 3-node MariaDB Galera cluster: topology detection, the certified
 * cluster lease (GET_LOCK is node-local there), schema verified on every node, and a node
 * killed mid-batch with the batch resumed on a survivor.
 */
describe('Galera cluster', () => {
  let cluster: GaleraCluster;
  let cwd: string;
  const pools: Pool[] = [];
  const flags = (node: number, yes = true): string[] => [
    '--url',
    cluster.nodes[node]!.url,
    '--core-db',
    'app_core',
    '--orchestration-db',
    'app_orch',
    ...(yes ? ['--yes'] : []),
  ];
  const pool = (node: number): Pool => {
    const p = mysql.createPool({ uri: cluster.nodes[node]!.url, connectionLimit: 3 });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    process.env.LUPO_LEASE_TTL_SECONDS = '10';
    cluster = await startGaleraCluster(3);
    cwd = await mkdtemp(join(tmpdir(), 'lupo-galera-ws-'));
    await writeFile(join(cwd, 'V1__tables.sql'), migrationText(30, 0, 'lupo_g'));
    await writeFile(join(cwd, 'V2__more.sql'), migrationText(60, 0, 'lupo_h'));
  });

  afterAll(async () => {
    delete process.env.LUPO_LEASE_TTL_SECONDS;
    await Promise.all(pools.map((p) => p.end()));
    await cluster?.destroy();
  });

  it('detects a Synced Galera node, and lupo status shows it', async () => {
    const p = pool(1);
    const topology = await detectTopology(p);
    expect(topology.kind).toBe('galera');
    expect(topology.galera).toMatchObject({
      clusterSize: 3,
      clusterStatus: 'Primary',
      nodeState: 'Synced',
      nodeName: 'node2',
      osuMethod: 'TOI',
    });
    expect(topology.galera?.members).toHaveLength(3);
    const io = captureIo({ cwd });
    expect(await runCli(['status', ...flags(1, false)], io), io.err.join('')).toBe(0);
    expect(io.out.join('')).toContain('Topology: Galera node2 · Synced · 3 nodes (Primary) · default TOI');
  });

  it('warns that DDL under TOI stalls the whole cluster (dry run), and flags big-table rebuilds', async () => {
    const p = pool(0);
    await p.query('CREATE DATABASE IF NOT EXISTS big_db');
    await p.query(
      'CREATE TABLE IF NOT EXISTS big_db.big_items (big_item_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT NOT NULL DEFAULT 0) ENGINE=InnoDB',
    );
    await p.query('INSERT INTO big_db.big_items (n) SELECT seq FROM big_db.seq_1_to_120000');
    await p.query('ANALYZE TABLE big_db.big_items');
    await writeFile(
      join(cwd, 'V9__big.sql'),
      'ALTER TABLE `big_items` ADD COLUMN `extra_ymdhis` bigint NOT NULL DEFAULT 0;\n',
    );
    const io = captureIo({ cwd });
    await runCli(
      [
        'apply',
        'V9__big.sql',
        '--dry-run',
        '--url',
        cluster.nodes[0]!.url,
        '--core-db',
        'big_db',
        '--orchestration-db',
        'big_orch',
      ],
      io,
    );
    const out = io.out.join('');
    expect(out).toContain(
      'warn galera-toi: 1 DDL statement(s) run under Total Order Isolation: each one pauses writes on all 3 nodes',
    );
    expect(out).toMatch(/warn galera-toi-large-table: line 1: .* rebuilds big_items \(~1\d\d,\d{3} rows\) under TOI/);
  });

  it('lets exactly one of two simultaneous lease takers win, across nodes (certified write)', async () => {
    const [a, b] = [pool(0), pool(1)];
    await a.query('CREATE DATABASE IF NOT EXISTS lease_db');
    for (let round = 0; round < 4; round++) {
      const target = `race_${round}`;
      const results = await Promise.allSettled([
        ClusterLease.acquire(a, 'lease_db', target, 'node1', { ttlSeconds: 30, heartbeatMs: 1000 }),
        ClusterLease.acquire(b, 'lease_db', target, 'node2', { ttlSeconds: 30, heartbeatMs: 1000 }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(String((lost[0] as PromiseRejectedResult).reason.message)).toMatch(
        /holds the cluster lease|won the certified write/,
      );
      await (won[0] as PromiseFulfilledResult<ClusterLease>).value.release();
      expect((await readHolder(b, 'lease_db', target))?.released).toBe(true);
    }
  });

  it('two lupo apply runs on two nodes at once: one runs, the other is refused naming the holder; all nodes end equal', async () => {
    const [one, two] = [captureIo({ cwd }), captureIo({ cwd })];
    const codes = await Promise.all([
      runCli(['apply', 'V1__tables.sql', ...flags(0)], one),
      runCli(['apply', 'V1__tables.sql', ...flags(1)], two),
    ]);
    expect([...codes].sort(), one.err.join('') + two.err.join('')).toEqual([0, 2]);
    const loser = codes[0] === 2 ? one : two;
    const winner = codes[0] === 2 ? two : one;
    expect(loser.err.join('')).toMatch(
      /Another runner holds the cluster lease of app_core: .* via Galera node node[12], since .*last heartbeat/,
    );
    const out = winner.out.join('');
    // Verified on every node after the apply.
    expect(out.match(/Galera node 127\.0\.0\.1:\d+: schema equal \(30 tables\)/g)).toHaveLength(3);
    const prints = await Promise.all([0, 1, 2].map((n) => fingerprintDatabase(pool(n), 'app_core')));
    expect(prints[0]!.size).toBe(30);
    expect([...prints[1]!]).toEqual([...prints[0]!]);
    expect([...prints[2]!]).toEqual([...prints[0]!]);
  });

  describe('RSU (Rolling Schema Upgrade) per batch', () => {
    const rsuFlags = (node: number): string[] => [
      '--url',
      cluster.nodes[node]!.url,
      '--core-db',
      'rsu_core',
      '--orchestration-db',
      'rsu_orch',
      '--yes',
    ];
    /** `table.column` names of rsu_core on one node, and its index names (as `table.index`). */
    const namesOn = async (node: number): Promise<Set<string>> => {
      const c = await mysql.createConnection({ uri: cluster.nodes[node]!.url });
      try {
        const [columns] = await c.query<RowDataPacket[]>(
          "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'rsu_core' UNION SELECT CONCAT(TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'rsu_core'",
        );
        return new Set(columns.map((r) => String(r.n)));
      } finally {
        await c.end();
      }
    };
    const journalOf = async (batch: string): Promise<RowDataPacket[]> => {
      const [rows] = await pool(0).query<RowDataPacket[]>(
        `SELECT statement_index, journal_status, properties FROM rsu_orch.migration_statement_journal WHERE batch_id = ${batch} ORDER BY statement_index`,
      );
      return rows;
    };

    beforeAll(async () => {
      // Created under TOI, so every node starts with the same table.
      const p = pool(0);
      await p.query('CREATE DATABASE IF NOT EXISTS rsu_core');
      await p.query(
        "CREATE TABLE IF NOT EXISTS rsu_core.items (item_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, legacy_code VARCHAR(20) NOT NULL DEFAULT '') ENGINE=InnoDB",
      );
      await p.query("INSERT INTO rsu_core.items (legacy_code) VALUES ('a'), ('b')");
      await writeFile(
        join(cwd, 'R1__note.sql'),
        fileOf([
          ...guardedAddColumnSql('items', 'note_ymdhis'),
          ...guardedAddIndexSql('items', 'idx_items_note_ymdhis', 'note_ymdhis'),
        ]),
      );
      await writeFile(join(cwd, 'R2__drop.sql'), 'ALTER TABLE `items` DROP COLUMN `legacy_code`;\n');
      await writeFile(
        join(cwd, 'R3__more.sql'),
        fileOf([
          ...guardedAddColumnSql('items', 'weight_ymdhis'),
          ...guardedAddColumnSql('items', 'colour_ymdhis'),
          createTableSql(1, 'lupo_tag'),
          "INSERT INTO `lupo_tag1_items` (`item_name`) VALUES ('new')",
        ]),
      );
    });

    it('applies an add column + index batch node by node; every node has it and the cluster stays Synced', async () => {
      const io = captureIo({ cwd });
      expect(await runCli(['apply', 'R1__note.sql', '--osu', 'rsu', ...rsuFlags(1)], io), io.err.join('')).toBe(0);
      const out = io.out.join('');
      expect(out).toContain('ok   osu: RSU: 2 schema step(s) run on each of the 3 nodes in turn');
      expect(out).toContain('warn galera-rsu: 2 DDL statement(s) run as a Rolling Schema Upgrade');
      // Node by node, in node-name order, for each statement.
      const order = [
        ...out.matchAll(/RSU statement (\d)\/2 on node (node\d) \(127\.0\.0\.1:\d+\): done in \d+ ms/g),
      ].map((m) => `${m[1]}:${m[2]}`);
      expect(order).toEqual(['1:node1', '1:node2', '1:node3', '2:node1', '2:node2', '2:node3']);
      expect(out.match(/Galera node 127\.0\.0\.1:\d+: schema equal/g)).toHaveLength(3);
      for (const node of [0, 1, 2]) {
        const names = await namesOn(node);
        expect(names.has('items.note_ymdhis'), `node ${node + 1}`).toBe(true);
        expect(names.has('items.idx_items_note_ymdhis'), `node ${node + 1}`).toBe(true);
        expect(await statusOf(cluster.nodes[node]!.url, 'wsrep_local_state_comment')).toBe('Synced');
        expect(await statusOf(cluster.nodes[node]!.url, 'wsrep_cluster_size')).toBe('3');
      }
      // The ledger records the method and every node's completion of every step.
      const [batches] = await pool(0).query<RowDataPacket[]>(
        "SELECT batch_id, JSON_VALUE(properties, '$.lupo_admin.osu_method') AS osu FROM rsu_orch.migration_batches ORDER BY batch_id DESC LIMIT 1",
      );
      expect(batches[0]!.osu).toBe('RSU');
      const journal = await journalOf(String(batches[0]!.batch_id));
      expect(journal.map((r) => [r.journal_status, propsOf(r.properties).lupo_admin.done])).toEqual([
        ['done', ['node1', 'node2', 'node3']],
        ['done', ['node1', 'node2', 'node3']],
      ]);
    });

    it('refuses RSU for a DROP COLUMN batch, naming the statement; nothing runs', async () => {
      const io = captureIo({ cwd });
      expect(await runCli(['apply', 'R2__drop.sql', '--osu', 'rsu', ...rsuFlags(0)], io)).toBe(1);
      expect(io.out.join('')).toContain(
        'FAIL osu: RSU refused: 1 statement(s) are not backward-compatible — line 1: drop column `items`.`legacy_code` (DROP COLUMN removes what writes from the other nodes still use)',
      );
      for (const node of [0, 1, 2]) expect((await namesOn(node)).has('items.legacy_code')).toBe(true);
    });

    it('a runner killed after node 1 of an RSU step: the step is only on the nodes that ran it, and resume completes the others', async () => {
      // A read lock on node 2 holds the step there, so the kill lands after node 1 and before node 2.
      const blocker = await mysql.createConnection({ uri: cluster.nodes[1]!.url });
      await blocker.query('LOCK TABLES rsu_core.items READ');
      const child = spawn(
        process.execPath,
        [resolve(__dirname, '../../bin/lupo.mjs'), 'apply', 'R3__more.sql', '--osu', 'rsu', ...rsuFlags(0)],
        { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LUPO_LEASE_TTL_SECONDS: '3' } },
      );
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/RSU statement 1\/4 on node node1 .*: done/.test(stdout)) child.kill('SIGKILL');
      });
      expect(await exited, stdout + stderr).toBe('SIGKILL');
      await blocker.query('UNLOCK TABLES');
      await blocker.end();

      // RSU is not replicated: node 1 has the column, node 3 does not; the journal says node 1 is done.
      expect((await namesOn(0)).has('items.weight_ymdhis')).toBe(true);
      expect((await namesOn(2)).has('items.weight_ymdhis')).toBe(false);
      const [batches] = await pool(0).query<RowDataPacket[]>(
        "SELECT batch_id, batch_status FROM rsu_orch.migration_batches WHERE JSON_VALUE(properties, '$.lupo_admin.osu_method') = 'RSU' ORDER BY batch_id DESC LIMIT 1",
      );
      const journal = await journalOf(String(batches[0]!.batch_id));
      expect(journal[0]!.journal_status).toBe('running');
      expect(propsOf(journal[0]!.properties).lupo_admin.done).toEqual(['node1']);
      // lupo status names the nodes that ran the step in flight, and those still to run it.
      const status = captureIo({ cwd });
      expect(await runCli(['status', ...rsuFlags(0).filter((f) => f !== '--yes')], status)).toBe(0);
      expect(status.out.join('')).toContain('RSU: done on node1; still to run on node2, node3 (resume runs it there)');

      // The killed runner's lease (3 s) expires, then the batch resumes through node 1.
      await new Promise((r) => setTimeout(r, 4_000));
      const resumed = captureIo({ cwd });
      expect(
        await runCli(['apply', '--resume', ...rsuFlags(0)], resumed),
        resumed.err.join('') + resumed.out.join(''),
      ).toBe(0);
      const out = resumed.out.join('');
      expect(out).toMatch(/RSU statement 1\/4 on node node1 \(127\.0\.0\.1:\d+\): already done/);
      // Node 2 ran the statement the lock held once the lock went: its effect is found, not run again.
      expect(out).toMatch(/RSU statement 1\/4 on node node2 \(127\.0\.0\.1:\d+\): (effect already present|done in)/);
      expect(out).toMatch(/RSU statement 1\/4 on node node3 \(127\.0\.0\.1:\d+\): done in/);
      expect(out).toMatch(/RSU statement 3\/4 on node node3 \(127\.0\.0\.1:\d+\): done in/);
      expect(out.match(/Galera node 127\.0\.0\.1:\d+: schema equal/g)).toHaveLength(3);
      for (const node of [0, 1, 2]) {
        const names = await namesOn(node);
        for (const name of ['items.weight_ymdhis', 'items.colour_ymdhis', 'lupo_tag1_items.item_name'])
          expect(names.has(name), `node ${node + 1}: ${name}`).toBe(true);
        expect(await statusOf(cluster.nodes[node]!.url, 'wsrep_local_state_comment')).toBe('Synced');
      }
      // The data step ran once (replicated), not once per node.
      const [tags] = await pool(2).query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM rsu_core.lupo_tag1_items');
      expect(Number(tags[0]!.n)).toBe(1);
    });

    it('the Migration wizard’s calls on a Galera node: TOI warnings and the RSU choice, the osu and target checks, an RSU apply', async () => {
      const ws = await mkdtemp(join(tmpdir(), 'lupo-galera-app-'));
      await mkdir(join(ws, 'migrations'));
      await writeFile(
        join(ws, 'lupo.config.json'),
        JSON.stringify({
          definitions: '.',
          migrations: 'migrations',
          backups: 'backups',
          databases: { core: 'rsu_core', orchestration: 'rsu_orch', ephemeral: 'rsu_eph' },
          tableBudget: { total: 180 },
        }),
      );
      await writeFile(join(ws, 'migrations', 'V1__shelf.sql'), fileOf(guardedAddColumnSql('items', 'shelf_ymdhis')));
      await writeFile(join(ws, 'migrations', 'V2__drop.sql'), 'ALTER TABLE `items` DROP COLUMN `legacy_code`;\n');
      const { config } = await loadWorkspaceConfig({ cwd: ws });
      const url = new URL(cluster.nodes[1]!.url);
      const session = await openSession({
        host: url.hostname,
        port: Number(url.port),
        user: 'root',
        connectTimeoutMs: 5000,
      });
      const open: OpenConnection = {
        session,
        readOnly: false,
        databases: { core: 'rsu_core', orchestration: 'rsu_orch', ephemeral: 'rsu_eph' },
        databasesFrom: 'connection',
        state: 'connected',
      };
      const finished = new Map<string, (event: EventPayload<'job/finished'>) => void>();
      const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
        if (event === 'job/finished') {
          const done = payload as EventPayload<'job/finished'>;
          finished.get(done.jobId)?.(done);
        }
      };
      const handlers = createMigrationHandlers({
        jobs: new JobRunner(emit),
        sessions: { get: () => open },
        workspace: () => ({ root: ws, config }),
      });
      type Calls = typeof migrationCalls;
      const call = async <N extends keyof Calls>(
        name: N,
        request: z.input<Calls[N]['request']>,
      ): Promise<z.output<Calls[N]['response']>> => {
        const handler = handlers[name] as (req: unknown, ctx: { emit: typeof emit }) => Promise<unknown>;
        const response = await handler(migrationCalls[name].request.parse(request), { emit });
        return migrationCalls[name].response.parse(response) as z.output<Calls[N]['response']>;
      };
      try {
        const safe = await call('migration/plan', {
          connectionId: 'g',
          source: { kind: 'files', files: ['V1__shelf.sql'] },
        });
        expect(safe.galera).toMatchObject({
          cluster: 'Galera node2 · Synced · 3 nodes (Primary) · default TOI',
          rsu: { allowed: true, rolling: 1, once: 0 },
        });
        expect(safe.galera!.warnings).toEqual([
          expect.objectContaining({
            id: 'galera-toi',
            file: 'V1__shelf.sql',
            message: expect.stringContaining(
              '1 DDL statement(s) run under Total Order Isolation: each one pauses writes on all 3 nodes',
            ),
          }),
        ]);
        const toi = await call('migration/validate', { planId: safe.planId });
        expect(toi.checks.find((c) => c.id === 'target')).toMatchObject({
          passed: true,
          message: 'Target: Galera node2 · Synced · 3 nodes (Primary) · default TOI.',
        });
        expect(toi.checks.some((c) => c.id === 'osu')).toBe(false);
        expect(toi.galeraWarnings?.map((w) => w.id)).toEqual(['galera-toi']);
        const rsu = await call('migration/validate', { planId: safe.planId, osuMethod: 'rsu' });
        expect(rsu.ok, JSON.stringify(rsu.checks)).toBe(true);
        expect(rsu.checks.find((c) => c.id === 'osu')?.message).toContain(
          'RSU: 1 schema step(s) run on each of the 3 nodes',
        );
        expect(rsu.galeraWarnings?.map((w) => w.id)).toEqual(['galera-rsu']);

        const drop = await call('migration/plan', {
          connectionId: 'g',
          source: { kind: 'files', files: ['V2__drop.sql'] },
        });
        expect(drop.galera!.rsu.allowed).toBe(false);
        expect(drop.galera!.rsu.reason).toContain('line 1: drop column `items`.`legacy_code` (DROP COLUMN removes');
        const refused = await call('migration/validate', {
          planId: drop.planId,
          osuMethod: 'rsu',
          allowDestructive: true,
        });
        expect(refused.ok).toBe(false);
        expect(refused.checks.find((c) => c.id === 'osu')).toMatchObject({
          passed: false,
          message: expect.stringMatching(/^RSU refused: 1 statement\(s\) are not backward-compatible/),
        });

        // A node that is not Synced is refused as a target, as a Validate message.
        await pool(1).query('SET GLOBAL wsrep_desync = ON');
        try {
          const desynced = await call('migration/validate', { planId: safe.planId });
          expect(desynced.ok).toBe(false);
          expect(desynced.checks.find((c) => c.id === 'target')).toMatchObject({
            passed: false,
            message: expect.stringMatching(
              /^Galera node node2 is Donor\/Desynced \(cluster component Primary\), not Synced: it cannot be a migration target\. Wait until it is Synced, or connect to another node/,
            ),
          });
        } finally {
          await pool(1).query('SET GLOBAL wsrep_desync = OFF');
        }
        for (
          let i = 0;
          i < 100 && (await statusOf(cluster.nodes[1]!.url, 'wsrep_local_state_comment')) !== 'Synced';
          i++
        )
          await new Promise((r) => setTimeout(r, 100));

        // The wizard's apply with RSU runs node by node like the CLI's.
        const { jobId } = await call('migration/apply', {
          planId: safe.planId,
          confirmation: { typedDatabase: 'rsu_core' },
          osuMethod: 'rsu',
        });
        const done = await new Promise<EventPayload<'job/finished'>>((resolve) => finished.set(jobId, resolve));
        expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
        for (const node of [0, 1, 2]) expect((await namesOn(node)).has('items.shelf_ymdhis')).toBe(true);
        const [batches] = await pool(0).query<RowDataPacket[]>(
          "SELECT JSON_VALUE(properties, '$.lupo_admin.osu_method') AS osu FROM rsu_orch.migration_batches ORDER BY batch_id DESC LIMIT 1",
        );
        expect(batches[0]!.osu).toBe('RSU');
      } finally {
        await session.close();
      }
    });
  });

  it('the Migration wizard in browser mode on a Galera node: TOI warnings, RSU chosen, validated and applied on every node', async () => {
    const names = ['gw_core', 'gw_orch', 'gw_eph'];
    await installDemo(cluster.nodes[0]!.url, names);
    const workspace = await demoConfigWorkspace(names, { migrations: 'migrations', backups: 'backups' });
    const [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
      await page.goto(app.url);
      await openWorkspaceFolder(page, workspace.dir);
      await connectWithForm(page, cluster.nodes[1]!.url);
      await page.getByTestId('nav-migration').click();
      await page.getByTestId('migration-plan-button').click();
      await page.getByTestId('plan-galera').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-galera').textContent()).toContain(
        'Galera cluster: Galera node2 · Synced · 3 nodes (Primary) · default TOI',
      );
      expect(await page.getByTestId('plan-galera-warnings').textContent()).toContain(
        '2 DDL statement(s) run under Total Order Isolation: each one pauses writes on all 3 nodes',
      );
      await page.getByTestId('plan-osu-method').getByText('RSU (node by node)').click();
      expect(await page.getByTestId('plan-osu-hint').textContent()).toContain('RSU runs the 2 schema statement(s)');
      await screenshot(page, 'galera-migration-review');
      await page.getByTestId('migration-validate-button').click();
      await page.getByTestId('validation-galera-warnings').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('validation-galera-warnings').textContent()).toContain(
        '2 DDL statement(s) run as a Rolling Schema Upgrade',
      );
      expect(await page.getByTestId('validation-check-osu').getAttribute('data-passed')).toBe('true');
      expect(await page.getByTestId('validation-check-target').textContent()).toContain('Galera node2 · Synced');
      await screenshot(page, 'galera-migration-validate');
      await page.getByTestId('migration-to-confirm').click();
      await page.getByTestId('confirm-database-input').fill('gw_core');
      await page.getByTestId('migration-apply-button').click();
      await page.getByTestId('migration-done').waitFor({ timeout: 60_000 });
      for (const node of cluster.nodes) expect(await tableNames(node.url, 'gw_core')).toContain('lupo_permissions');
      const [batches] = await pool(0).query<RowDataPacket[]>(
        "SELECT JSON_VALUE(properties, '$.lupo_admin.osu_method') AS osu FROM gw_orch.migration_batches ORDER BY batch_id DESC LIMIT 1",
      );
      expect(batches[0]!.osu).toBe('RSU');
    } finally {
      await browser.close();
      await app.close();
      await workspace.remove();
    }
  });

  it('a node killed mid-batch: the batch resumes on a survivor, and the killed node rejoins with the schema', async () => {
    const watch = pool(0);
    const running = runCli(['apply', 'V2__more.sql', ...flags(2)], captureIo({ cwd }));
    // Kill node 3 once part of the batch has replicated.
    for (let tries = 0; tries < 1500; tries++) {
      const [rows] = await watch.query<RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'app_core' AND TABLE_NAME LIKE 'lupo_h%'",
      );
      if (Number(rows[0]!.n) >= 5) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await cluster.nodes[2]!.kill();
    expect(await running).toBe(2);

    // Right after the kill the survivors reconfigure (up to evs.suspect_timeout); a status
    // refused meanwhile says why, and is asked again, as an operator would.
    let status = captureIo({ cwd });
    let statusCode = -1;
    for (let attempt = 0; attempt < 5 && statusCode !== 0; attempt++) {
      if (attempt > 0) {
        console.warn(`lupo status during the reconfiguration (attempt ${attempt}): ${status.err.join('')}`);
        await new Promise((r) => setTimeout(r, 2_000));
      }
      status = captureIo({ cwd });
      statusCode = await runCli(['status', ...flags(0, false)], status);
    }
    expect(statusCode, status.err.join('')).toBe(0);
    expect(status.out.join('')).toMatch(/Unfinished runs: \n {2}#\d+ apply on app_core/);
    // The dead runner's lease is named with its node and last heartbeat (a live-looking lease until it expires).
    expect(status.out.join('')).toMatch(
      /Cluster lease of app_core: (held|STALE .*) by .* via node3, since .*, last heartbeat /,
    );

    // The dead runner's lease is still there until it expires: named, then taken over.
    const early = captureIo({ cwd });
    expect(await runCli(['apply', '--resume', ...flags(0)], early)).toBe(2);
    expect(early.err.join('')).toMatch(/holds the cluster lease of app_core: .*via Galera node node3/);
    await new Promise((r) => setTimeout(r, 11_000));
    const resumed = captureIo({ cwd });
    expect(await runCli(['apply', '--resume', ...flags(0)], resumed), resumed.err.join('')).toBe(0);
    const out = resumed.out.join('');
    expect(out).toMatch(/Took over a stale cluster lease of app_core: .* via node3, last heartbeat/);
    // The two survivors are verified; the killed node left the cluster's member list.
    expect(out.match(/Galera node 127\.0\.0\.1:\d+: schema equal \(90 tables\)/g)).toHaveLength(2);

    await cluster.nodes[2]!.rejoin();
    const reference = await fingerprintDatabase(pool(0), 'app_core');
    expect(reference.size).toBe(90);
    const rejoined = await mysql.createConnection({ uri: cluster.nodes[2]!.url });
    await rejoined.query('SET SESSION wsrep_sync_wait = 1');
    const actual = await fingerprintDatabase(rejoined, 'app_core');
    await rejoined.end();
    // lupo status compares every node with the one it is connected to, and says what it finds.
    const after = captureIo({ cwd });
    expect(await runCli(['status', ...flags(0, false)], after)).toBe(0);
    const line = after.out
      .join('')
      .split('\n')
      .find((l) => l.includes(`node 127.0.0.1:${cluster.nodes[2]!.port}:`));
    const missing = [...reference.keys()].filter((t) => !actual.has(t));
    if (missing.length === 0) {
      expect([...actual]).toEqual([...reference]);
      expect(line).toContain('verified — schema equal (90 tables)');
    } else {
      // MariaDB 10.11 can lose the TOI DDL the killed originator was executing when it crashed
      // (its recovered position already counts it): Lupo must name exactly what the node lacks.
      expect(line).toContain(`diverged — schema differs: ${missing.map((t) => `${t} (missing)`).join(', ')}`);
    }
  });
});

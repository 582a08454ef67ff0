import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { ClusterLease, readHolder } from '../../electron/engine/orchestrator/cluster-lease';
import { detectTopology } from '../../electron/engine/topology/detect-topology';
import { fingerprintDatabase } from '../../electron/engine/topology/schema-fingerprint';
import { captureIo } from '../support/cli-io';
import { startGaleraCluster, type GaleraCluster } from '../support/galera-cluster';
import { migrationText } from '../integration/orchestrator/migration-fixtures';

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
    expect(io.out.join('')).toContain('Topology: Galera node2 · Synced · 3 nodes (Primary) · TOI');
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

    const status = captureIo({ cwd });
    expect(await runCli(['status', ...flags(0, false)], status)).toBe(0);
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

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { detectTopology } from '../../electron/engine/topology/detect-topology';
import { fingerprintDatabase } from '../../electron/engine/topology/schema-fingerprint';
import { captureIo } from '../support/cli-io';
import { startReplicationSet, type ReplicationSet } from '../support/replication';
import { migrationText } from '../integration/orchestrator/migration-fixtures';

async function query(url: string, sql: string): Promise<RowDataPacket[]> {
  const c = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await c.query<RowDataPacket[]>(sql);
    return rows;
  } finally {
    await c.end();
  }
}

/**
 * Issue 15 on a real MariaDB primary with two GTID replicas: detection on both sides, a
 * replica refuses apply naming its primary, an apply on the primary waits for both
 * replicas and verifies their schema, and a stopped or diverged replica raises an alert.
 */
describe('primary with GTID replicas', () => {
  let set: ReplicationSet;
  let cwd: string;
  const flags = (url: string, yes = true): string[] => [
    '--url',
    url,
    '--core-db',
    'rep_core',
    '--orchestration-db',
    'rep_orch',
    ...(yes ? ['--yes'] : []),
  ];

  beforeAll(async () => {
    set = await startReplicationSet(2);
    cwd = await mkdtemp(join(tmpdir(), 'lupo-repl-ws-'));
    await writeFile(join(cwd, 'V1__tables.sql'), migrationText(12, 0, 'lupo_r'));
    await writeFile(join(cwd, 'V2__more.sql'), migrationText(3, 0, 'lupo_s'));
    await writeFile(join(cwd, 'V3__third.sql'), migrationText(2, 0, 'lupo_t'));
  });
  afterAll(async () => set?.destroy());

  it('detects the primary with its two replicas, and each replica with its primary and lag', async () => {
    const pool = mysql.createPool({ uri: set.primary.url });
    try {
      const primary = await detectTopology(pool);
      expect(primary.kind).toBe('primary');
      expect(primary.replicas.map((r) => r.port).sort()).toEqual(set.replicas.map((r) => r.port).sort());
      expect(primary.binlogDumps).toBe(2);
    } finally {
      await pool.end();
    }
    const replicaPool = mysql.createPool({ uri: set.replicas[0]!.url });
    try {
      const replica = await detectTopology(replicaPool);
      expect(replica).toMatchObject({ kind: 'replica', readOnly: true });
      expect(replica.replica).toMatchObject({
        primaryHost: '127.0.0.1',
        primaryPort: set.primary.port,
        ioRunning: true,
        sqlRunning: true,
      });
      expect(replica.replica?.lagSeconds).toBe(0);
    } finally {
      await replicaPool.end();
    }
    const io = captureIo({ cwd });
    expect(await runCli(['status', ...flags(set.replicas[1]!.url, false)], io)).toBe(0);
    expect(io.out.join('')).toContain(`Topology: Replica of 127.0.0.1:${set.primary.port} · lag 0s · read-only`);
  });

  it('refuses to apply on a replica, naming its primary', async () => {
    const io = captureIo({ cwd });
    expect(await runCli(['apply', 'V1__tables.sql', ...flags(set.replicas[0]!.url)], io)).toBe(2);
    expect(io.err.join('')).toContain(
      `read-only replica of 127.0.0.1:${set.primary.port}: schema changes must be applied on its primary`,
    );
    expect(
      await query(
        set.replicas[0]!.url,
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'rep_core'",
      ),
    ).toHaveLength(0);
  });

  it('applies on the primary, waits for both replicas to reach its GTID, and verifies their schema', async () => {
    const io = captureIo({ cwd });
    expect(await runCli(['apply', 'V1__tables.sql', ...flags(set.primary.url)], io), io.err.join('')).toBe(0);
    const out = io.out.join('');
    for (const replica of set.replicas)
      expect(out).toMatch(
        new RegExp(`Replica 127\\.0\\.0\\.1:${replica.port}: schema equal \\(12 tables\\), caught up in \\d+ ms`),
      );
    const reference = await fingerprintDatabase(await mysql.createConnection({ uri: set.primary.url }), 'rep_core');
    for (const replica of set.replicas) {
      const c = await mysql.createConnection({ uri: replica.url });
      expect([...(await fingerprintDatabase(c, 'rep_core'))]).toEqual([...reference]);
      await c.end();
    }
  });

  it('a diverged replica raises a ledger alert; a stopped replica is reported, then catches up', async () => {
    // Divergence: a table changed on replica 1 behind replication's back.
    await query(set.replicas[0]!.url, 'SET GLOBAL read_only = 0');
    await query(set.replicas[0]!.url, 'SET SESSION sql_log_bin = 0');
    const c = await mysql.createConnection({ uri: set.replicas[0]!.url });
    await c.query('SET SESSION sql_log_bin = 0');
    await c.query('ALTER TABLE rep_core.lupo_r1_items ADD COLUMN rogue_ymdhis BIGINT NOT NULL DEFAULT 0');
    await c.query('SET GLOBAL read_only = 1');
    await c.end();
    const io = captureIo({ cwd });
    expect(await runCli(['apply', 'V2__more.sql', ...flags(set.primary.url)], io)).toBe(2);
    expect(io.err.join('')).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${set.replicas[0]!.port} \\(lupo_r1_items \\(different\\)\\) has a different schema`),
    );
    // Column-agnostic: the alert code lives in a column or in properties, depending on the ledger shape.
    const alerts = JSON.stringify(await query(set.primary.url, 'SELECT * FROM rep_orch.migration_alerts'));
    expect(alerts).toContain('topology/replica-diverged');
    expect(alerts).toContain('critical');

    // A stopped replica (its SQL thread stopped): the apply completes on the primary, the
    // bounded wait ends, the replica is reported lagging with an alert, then catches up once started.
    await query(set.replicas[1]!.url, 'STOP SLAVE SQL_THREAD');
    const stopped = captureIo({ cwd });
    process.env.LUPO_REPLICA_WAIT_SECONDS = '2';
    try {
      // Replica 1 still diverges on purpose (from above): the exit code reports that.
      expect(await runCli(['apply', 'V3__third.sql', ...flags(set.primary.url)], stopped)).toBe(2);
    } finally {
      delete process.env.LUPO_REPLICA_WAIT_SECONDS;
    }
    expect(stopped.out.join('')).toMatch(
      new RegExp(
        `Replica 127\\.0\\.0\\.1:${set.replicas[1]!.port} lagging after the run on rep_core: did not reach the GTID position in time`,
      ),
    );
    expect(JSON.stringify(await query(set.primary.url, 'SELECT * FROM rep_orch.migration_alerts'))).toContain(
      'topology/replica-lagging',
    );
    const status = captureIo({ cwd });
    expect(await runCli(['--json', 'status', ...flags(set.primary.url, false)], status)).toBe(0);
    expect(JSON.parse(status.out.join('')).ledger.recentBatches[0].status).toBe('completed');
    await query(set.replicas[1]!.url, 'START SLAVE SQL_THREAD');
    const deadline = Date.now() + 30_000;
    let tables = 0;
    while (Date.now() < deadline) {
      const [row] = await query(
        set.replicas[1]!.url,
        "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rep_core'",
      );
      tables = Number(row!.n);
      if (tables === 17) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(tables).toBe(17);
  });
});

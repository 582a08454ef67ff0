import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { loadFleetFile, planWaves } from '../../electron/engine/fleet/fleet-file';
import { mapLimit } from '../../electron/engine/jobs/map-limit';
import { startLocalServer, type LocalServer } from '../../electron/engine/sandbox/local-server';
import { captureIo } from '../support/cli-io';
import { createTableSql } from '../integration/orchestrator/migration-fixtures';

const COUNT = 20;
const BROKEN = 9; // fleet-10: in the third wave (canaries, 6, 6, 6)

function migration(): string {
  const fleetB = `CREATE TABLE IF NOT EXISTS \`fleet_b\` (
  \`fleet_b_id\` bigint NOT NULL AUTO_INCREMENT,
  \`note\` varchar(255) NOT NULL DEFAULT '',
  \`created_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`updated_ymdhis\` bigint NOT NULL DEFAULT 0,
  \`is_deleted\` tinyint NOT NULL DEFAULT 0,
  \`deleted_ymdhis\` bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (\`fleet_b_id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;
  const alter = 'ALTER TABLE `fleet_b` ADD INDEX `idx_note` (`note`)';
  return [
    '-- fleet test migration',
    `${createTableSql(1, 'lupo_fleet')};`,
    `${fleetB};`,
    `SET @lupo_sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'fleet_b' AND INDEX_NAME = 'idx_note') = 0, '${alter}', 'DO 0');`,
    'PREPARE lupo_stmt FROM @lupo_sql;',
    'EXECUTE lupo_stmt;',
    'DEALLOCATE PREPARE lupo_stmt;',
    '',
  ].join('\n');
}

/**
 * Issue 15, fleet: 20 real servers, one of them broken (a table lacking the indexed column
 * makes the migration's guarded index fail there). Canaries go first, then waves of 6 with 4 at once; the run halts at
 * the broken target, `lupo fleet status` shows exactly which targets are done, and
 * `lupo fleet apply --resume` finishes once the target is fixed — and once a target lost
 * meanwhile (stopped server) is back.
 */
describe('fleet of 20 servers', () => {
  const servers: LocalServer[] = [];
  let cwd: string;

  beforeAll(async () => {
    servers.push(...(await mapLimit(Array.from({ length: COUNT }), 4, () => startLocalServer())));
    cwd = await mkdtemp(join(tmpdir(), 'lupo-fleet-ws-'));
    await writeFile(
      join(cwd, 'lupo.fleet.json'),
      JSON.stringify({
        name: 'test-fleet',
        parallelism: 4,
        waveSize: 6,
        targets: servers.map((s, i) => ({
          name: `fleet-${i + 1}`,
          url: s.url,
          databases: { core: 'fleet_core', orchestration: 'fleet_orch' },
          groups: [i % 2 ? 'odd' : 'even'],
          canary: i < 2,
        })),
      }),
    );
    await writeFile(join(cwd, 'V1__fleet.sql'), migration());
    const broken = await mysql.createConnection({ uri: servers[BROKEN]!.url });
    await broken.query('CREATE DATABASE fleet_core');
    await broken.query(
      'CREATE TABLE fleet_core.fleet_b (fleet_b_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, created_ymdhis BIGINT NOT NULL DEFAULT 0, updated_ymdhis BIGINT NOT NULL DEFAULT 0, is_deleted TINYINT NOT NULL DEFAULT 0, deleted_ymdhis BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    );
    await broken.end();
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.destroy()));
  });

  it('validates the fleet file and plans canaries, then waves', async () => {
    const fleet = await loadFleetFile(join(cwd, 'lupo.fleet.json'));
    expect(planWaves(fleet).map((w) => w.length)).toEqual([2, 6, 6, 6]);
    await writeFile(join(cwd, 'bad.fleet.json'), JSON.stringify({ targets: [{ name: 'x', url: 'http://nope' }] }));
    const io = captureIo({ cwd });
    expect(await runCli(['fleet', 'status', '--fleet', 'bad.fleet.json'], io)).toBe(2);
    expect(io.err.join('')).toContain('bad.fleet.json: targets.0.url (target "x"): a mysql:// URL');
  });

  it('halts at the broken target, shows who is done, and resumes after the fix', async () => {
    const apply = captureIo({ cwd });
    expect(await runCli(['fleet', 'apply', 'V1__fleet.sql', '--yes'], apply)).toBe(2);
    const out = apply.out.join('');
    expect(out).toMatch(/^wave 1\/4: fleet-1, fleet-2\n/);
    expect(out).toContain('wave 3/4: fleet-9, fleet-10, fleet-11, fleet-12, fleet-13, fleet-14');
    expect(out).not.toContain('wave 4/4');
    expect(out).toMatch(/ {2}fleet-10: failed — .*Key column 'note' doesn't exist/);
    expect(out).toContain('HALTED: failed fleet-10; not started: ');

    const status = captureIo({ cwd });
    expect(await runCli(['--json', 'fleet', 'status'], status)).toBe(1);
    const { status: matrix, run } = JSON.parse(status.out.join(''));
    expect(run.status).toBe('halted');
    const states = Object.fromEntries(Object.entries(run.targets).map(([n, t]) => [n, (t as { state: string }).state]));
    for (let i = 1; i <= 8; i++) expect(states[`fleet-${i}`]).toBe('done');
    expect(states['fleet-10']).toBe('failed');
    for (let i = 15; i <= 20; i++) expect(states[`fleet-${i}`]).toBe('not-started');
    // Wave 3 ran with 4 at once: the others of that wave either finished or were not started after the failure.
    for (const n of [9, 11, 12, 13, 14]) expect(['done', 'not-started']).toContain(states[`fleet-${n}`]);
    expect(matrix.tables).toEqual(['fleet_b', 'lupo_fleet1_items']);
    const row = (name: string) => matrix.targets.find((t: { name: string }) => t.name === name);
    expect(row('fleet-1').cells).toEqual(['in-sync', 'in-sync']);
    expect(row('fleet-10').cells).toEqual(['different', 'in-sync']);
    expect(row('fleet-10').ledger).toMatchObject({ present: true, unfinished: 1, lastBatch: { status: 'failed' } });
    expect(row('fleet-20').cells).toEqual(['missing', 'missing']);
    expect(row('fleet-20').ledger).toMatchObject({ present: false });

    const text = captureIo({ cwd });
    expect(await runCli(['fleet', 'status'], text)).toBe(1);
    expect(text.out.join('')).toMatch(
      /fleet-10 +0 missing, 1 different, 0 extra; ledger #\d+ failed, 1 unfinished; run: failed D\./,
    );
    expect(text.out.join('')).toMatch(/fleet-20 +2 missing, 0 different, 0 extra; no ledger; run: not-started MM/);

    // Resume before the fix fails again at the same target, changing nothing else.
    expect(await runCli(['fleet', 'apply', '--resume', '--yes'], captureIo({ cwd }))).toBe(2);

    const broken = await mysql.createConnection({ uri: servers[BROKEN]!.url });
    await broken.query(
      "ALTER TABLE fleet_core.fleet_b ADD COLUMN note varchar(255) NOT NULL DEFAULT '' AFTER fleet_b_id",
    );
    await broken.end();
    // A target lost meanwhile (fleet-20 stopped): the resume finishes fleet-10, halts at fleet-20 unreachable.
    await servers[19]!.stop();
    const lost = captureIo({ cwd });
    expect(await runCli(['fleet', 'apply', '--resume', '--yes'], lost)).toBe(2);
    expect(lost.out.join('')).toContain('  fleet-10: done');
    expect(lost.out.join('')).toMatch(/ {2}fleet-20: failed — .*(refused|ECONNREFUSED|connect)/i);
    expect(lost.out.join('')).toContain('HALTED: failed fleet-20');
    const unreachable = captureIo({ cwd });
    expect(await runCli(['fleet', 'status'], unreachable)).toBe(1);
    expect(unreachable.out.join('')).toMatch(/fleet-20 +UNREACHABLE: .*\[run: failed\]/);

    await servers[19]!.restart();
    const resumed = captureIo({ cwd });
    expect(await runCli(['fleet', 'apply', '--resume', '--yes'], resumed), resumed.out.join('')).toBe(0);
    expect(resumed.out.join('')).toContain('  fleet-20: done');
    expect(resumed.out.join('')).toMatch(/Fleet run [0-9a-f-]+: completed \(20 done\)/);

    const after = captureIo({ cwd });
    expect(await runCli(['--json', 'fleet', 'status'], after)).toBe(0);
    const final = JSON.parse(after.out.join(''));
    expect(final.status.targets.every((t: { cells: string[] }) => t.cells.every((c) => c === 'in-sync'))).toBe(true);
    expect(final.run.runId).toBe(run.runId);
    // Each target's own ledger names the fleet run its batch belongs to.
    for (const server of [servers[0]!, servers[BROKEN]!]) {
      const c = await mysql.createConnection({ uri: server.url });
      const [rows] = await c.query<mysql.RowDataPacket[]>(
        "SELECT JSON_UNQUOTE(JSON_EXTRACT(properties, '$.lupo_admin.fleet_run_id')) AS run FROM fleet_orch.migration_batches WHERE batch_status = 'completed'",
      );
      await c.end();
      expect(rows.map((r) => r.run)).toEqual([run.runId]);
    }

    const report = captureIo({ cwd });
    expect(await runCli(['fleet', 'report', '--out', 'fleet-report.md'], report)).toBe(0);
    const md = await readFile(join(cwd, 'fleet-report.md'), 'utf8');
    expect(md).toContain(`- Run id: ${run.runId}`);
    expect(md).toContain('**completed** (20 done)');
    expect(md).toMatch(/\| fleet-10 \| yes \| 2 \| 0 \| 0 \| 0 \| #\d+ completed \|/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { migrationChecksum } from '../../../electron/engine/migrations/checksum';
import { createDemoDatabases, DEMO_WORKSPACE as DEMO, liveDatabaseFlags } from '../../support/demo-databases';
import { captureIo } from '../../support/cli-io';

const MISSING = ['lupo_actor_collections', 'lupo_permissions'];

const io = () => captureIo({ cwd: DEMO });

/**
 * The DESIGN §1 run end to end through the CLI: the demo workspace live minus two core
 * tables → `lupo plan` writes the migration → `lupo report --migration` (not applied yet)
 * → `lupo apply` → `lupo report --migration` with the execution read from the ledger.
 */
describe('lupo report --db --migration FILE', () => {
  let names: string[];
  let drop: () => Promise<void>;
  let flags: string[];
  let dir: string;
  let migration: string;

  beforeAll(async () => {
    const url = inject('mysqlUrl');
    ({ names, drop } = await createDemoDatabases(url, ['mr_core', 'mr_orch', 'mr_eph'], MISSING));
    flags = liveDatabaseFlags(url, names);
    dir = mkdtempSync(join(tmpdir(), 'lupo-migration-report-'));
    migration = join(dir, 'V1__missing_core_tables.sql');
  });

  afterAll(async () => {
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const report = async (name: string): Promise<ReturnType<typeof JSON.parse>> => {
    const out = join(dir, name);
    const run = io();
    const code = await runCli(['report', '--format', 'json', '--out', out, '--migration', migration, ...flags], run);
    expect(run.err.join('')).toBe('');
    expect(code).toBeLessThan(2);
    return JSON.parse(readFileSync(out, 'utf8'));
  };

  it('plans, reports "not applied", applies, then reports the verified execution', async () => {
    const plan = io();
    expect(await runCli(['plan', '--role', 'core', '--out', migration, ...flags], plan), plan.err.join('')).toBe(0);
    const sha256 = migrationChecksum(readFileSync(migration, 'utf8'));

    const before = await report('before.json');
    expect(before.migration).toMatchObject({ file: migration, sha256, targetRole: 'core' });
    expect(before.migration.byKind.create).toBe(2);
    expect(before.migration.features).toContain('2 × CREATE TABLE IF NOT EXISTS');
    expect(before.migration.checks.find((c: { id: string }) => c.id === 'create-if-not-exists')).toMatchObject({
      ok: true,
      count: 2,
    });
    expect(before.execution.status).toBe('not applied');
    // The two tables the migration creates are the two the diff misses: counted once.
    expect(before.counts.missingTables).toBe(2);
    expect(before.budget.afterPlan).toBe(before.budget.current + 2);
    expect(before.nextSteps.join('\n')).toContain('lupo apply');

    const apply = io();
    expect(await runCli(['apply', migration, '--yes', ...flags], apply), apply.err.join('')).toBe(0);

    const after = await report('after.json');
    expect(after.migration.sha256).toBe(sha256);
    expect(after.execution).toMatchObject({
      status: 'completed',
      targetDatabase: names[0],
      verified: true,
      checksumMatches: true,
      skipped: 0,
    });
    expect(after.execution.batchId).toBeGreaterThan(0);
    expect(after.execution.executed).toBe(after.migration.steps);
    expect(after.execution.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(after.execution.endedAt >= after.execution.startedAt).toBe(true);
    expect(after.status).toBe('completed, verified');
    expect(after.counts.missingTables).toBe(0);
    expect(after.budget.afterPlan).toBe(after.budget.current);
    expect(after.compliance.every((rule: { passed: boolean }) => rule.passed)).toBe(true);

    const markdown = join(dir, 'after.md');
    await runCli(['report', '--format', 'md', '--out', markdown, '--migration', migration, ...flags], io());
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain('## Migration');
    expect(text).toContain('| Tables created with `CREATE TABLE IF NOT EXISTS` | ✅ | 2 | 2 of 2 |');
    expect(text).toContain('- Checksum matches the ledger: ✅ yes');
  });
});

import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngineHandlers, type EngineHandlers } from '../../../electron/engine/api/index';
import { createBrowserModeCipher } from '../../../electron/engine/connection/secret-cipher';
import { runCli } from '../../../electron/cli/program';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract/index';
import { dispatchCall } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

const repo = resolve(import.meta.dirname, '../../..');

/**
 * Issue 13 item 2: one table budget. The demo's 22 core definitions are missing on a server
 * whose ephemeral database already holds 10 tables; the budget is 30. The whole system goes
 * 10 → 32 (headroom −2) — and the overview's analysis, Validate, `lupo lint` and the report
 * must all say so, and the plan must be blocked (Validate used to count only the target
 * database: 0 → 22, headroom 8, passed).
 */
describe('the table budget is one computation everywhere', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let engine: EngineHandlers;
  let root: string;
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const envelope = await dispatchCall(engine.handlers, name, request, { emit: () => {} } as never);
    if (!envelope.ok) throw new LupoError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResponse<N>;
  };

  const adminQuery = async (sql: string, values: unknown[]): Promise<Array<Record<string, unknown>>> => {
    const connection = await mysql.createConnection({ uri: url.href });
    try {
      return (await connection.query(sql, values))[0] as Array<Record<string, unknown>>;
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['bud_core', 'bud_orch', 'bud_eph']);
    const admin = await mysql.createConnection({ uri: url.href });
    try {
      for (let i = 0; i < 10; i++) {
        await admin.query(
          `CREATE TABLE \`${scratch.names[2]}\`.lupo_scratch_${i} (lupo_scratch_${i}_id bigint NOT NULL, PRIMARY KEY (lupo_scratch_${i}_id))`,
        );
      }
    } finally {
      await admin.end();
    }
    root = mkdtempSync(join(tmpdir(), 'lupo-budget-'));
    cpSync(join(repo, 'toon/demo/core'), join(root, 'core'), { recursive: true });
    const [core, orchestration, ephemeral] = scratch.names;
    writeFileSync(
      join(root, 'lupo.config.json'),
      JSON.stringify({ definitions: '.', databases: { core, orchestration, ephemeral }, tableBudget: { total: 30 } }),
    );
    engine = createEngineHandlers({
      mode: 'browser',
      userDataDir: mkdtempSync(join(tmpdir(), 'lupo-budget-data-')),
      resourcesDir: repo,
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await scratch?.drop();
  });

  it('overview, Validate, lint and the report agree, and the plan is blocked', async () => {
    await call('workspace/open', { path: root });
    const info = await call('connection/open', {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
    const expected = { current: 10, afterPlan: 32, max: 30, headroom: -2 };

    const analysis = await call('workspace/analyze', { connectionId: info.connectionId });
    expect(analysis.budget).toMatchObject(expected);
    expect(analysis.doctrine.findings.some((f) => f.code === 'table-budget' && f.severity === 'error')).toBe(true);

    const plan = await call('migration/plan', {
      connectionId: info.connectionId,
      source: { kind: 'drift', role: 'core' },
    });
    expect(plan.tables).toEqual({ before: 10, after: 32, budget: 30, headroom: -2 });
    const validation = await call('migration/validate', { planId: plan.planId, allowDestructive: false });
    expect(validation.ok).toBe(false);
    const budgetCheck = validation.checks.find((check) => check.id === 'budget');
    expect(budgetCheck?.passed).toBe(false);
    expect(budgetCheck?.message).toContain('System tables 10 → 32 (budget 30, headroom -2)');

    const report = await call('report/render', { format: 'md', connectionId: info.connectionId });
    expect(report.content).toMatch(/\| \*\*total\*\* \| 10 \| 32 \| 30 \| -2 \|/);

    const io = captureIo({ cwd: root });
    expect(await runCli(['--json', 'lint', '--db', '--url', url.href], io)).toBe(1);
    expect(JSON.parse(io.out.join('')).budget).toMatchObject(expected);

    // `lupo apply` of the same migration says the same and refuses.
    const file = join(root, 'plan.sql');
    writeFileSync(file, plan.files[0]!.content);
    const apply = captureIo({ cwd: root });
    expect(await runCli(['apply', file, '--db', '--url', url.href, '--yes', '--dry-run'], apply)).not.toBe(0);
    expect(apply.out.join('')).toContain('FAIL budget: System tables 10 → 32 (budget 30, headroom -2)');

    // `lupo apply --pending` counts the whole system too (it used to count only the target: 0 → 22 of 30).
    mkdirSync(join(root, 'migrations'), { recursive: true });
    writeFileSync(join(root, 'migrations', 'V1__core.sql'), plan.files[0]!.content);
    const pendingDry = captureIo({ cwd: root });
    expect(await runCli(['apply', '--pending', '--db', '--url', url.href, '--dry-run'], pendingDry)).toBe(1);
    expect(pendingDry.out.join('')).toContain('FAIL budget: System tables 10 → 32 (budget 30, headroom -2)');
    const pending = captureIo({ cwd: root });
    expect(await runCli(['apply', '--pending', '--db', '--url', url.href, '--yes'], pending)).toBe(1);
    expect(pending.err.join('')).toMatch(/stopped at V1__core\.sql \(validation refused\): .*System tables 10 → 32/);
    const [core] = await adminQuery(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`, [
      scratch.names[0],
    ]);
    expect(Number(core!.n)).toBe(0);
    await call('connection/close', { connectionId: info.connectionId });
  });
});

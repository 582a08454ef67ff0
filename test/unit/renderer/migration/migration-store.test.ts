import { describe, expect, it } from 'vitest';
import type { MigrationPlanView, ValidationResultView } from '../../../../shared/contract/migration';
import { LupoError } from '../../../../shared/errors';
import {
  canConfirm,
  createMigrationStore,
  foldFinished,
  foldProgress,
  formatDuration,
  runTiming,
  startRun,
} from '../../../../renderer/src/stores/migration-store';
import { applyResultSchema } from '../../../../shared/contract/migration';
import { migrationTestClient } from './test-client';

const SHA = 'a'.repeat(64);

function plan(overrides: Partial<MigrationPlanView> = {}): MigrationPlanView {
  return {
    planId: 'p1',
    source: 'drift',
    role: 'core',
    targetDatabase: 'lupo_core',
    ledgerDatabase: 'lupo_orchestration',
    files: [
      {
        name: 'V1__drift_core.sql',
        path: 'migrations/V1__drift_core.sql',
        sha256: SHA,
        dependsOn: [],
        hasDown: false,
        generated: true,
        content: 'CREATE TABLE IF NOT EXISTS t (t_id bigint);',
      },
    ],
    statements: [
      {
        file: 'V1__drift_core.sql',
        index: 0,
        line: 1,
        kind: 'create',
        destructive: false,
        locking: false,
        idempotent: true,
        summary: 'create table `t`',
        sql: 'CREATE TABLE IF NOT EXISTS t (t_id bigint)',
        expected: 'change',
      },
    ],
    counts: {
      statements: 1,
      steps: 1,
      destructive: 0,
      locking: 0,
      changes: 1,
      noops: 0,
      unknown: 0,
      byKind: { create: 1, 'add-column': 0, 'add-index': 0, drop: 0, modify: 0, data: 0, other: 0 },
    },
    tables: { before: 0, after: 1, budget: 180, headroom: 179 },
    notes: [],
    ...overrides,
  };
}

const passing: ValidationResultView = {
  ok: true,
  alreadyApplied: false,
  checks: [{ file: 'V1__drift_core.sql', id: 'doctrine', passed: true, message: 'Doctrine: no errors.' }],
  findings: [],
};

describe('run folding and timing', () => {
  it('folds progress of its own job only, never backwards, and the finished result through the schema', () => {
    let run = startRun<unknown>('j1', 1_000);
    run = foldProgress(run, { jobId: 'j1', kind: 'apply', title: 't', value: 0.5, detail: 'statement 2/4: CREATE' })!;
    run = foldProgress(run, { jobId: 'other', kind: 'apply', title: 't', value: 0.9 })!;
    run = foldProgress(run, { jobId: 'j1', kind: 'apply', title: 't', value: 0.25 })!;
    expect(run).toMatchObject({ value: 0.5, detail: 'statement 2/4: CREATE', status: 'running' });
    const done = foldFinished(
      run,
      { jobId: 'j1', kind: 'apply', status: 'succeeded', result: { targetDatabase: 'db', files: [] } },
      applyResultSchema,
      5_000,
    )!;
    expect(done).toMatchObject({ status: 'succeeded', value: 1, endedMs: 5_000, result: { targetDatabase: 'db' } });
    const bad = foldFinished(
      run,
      { jobId: 'j1', kind: 'apply', status: 'succeeded', result: { nonsense: true } },
      applyResultSchema,
      5_000,
    )!;
    expect(bad).toMatchObject({ status: 'failed', error: { code: 'contract/invalid-result' } });
  });

  it('keeps the engine error details of a failed job (statement, line, server code)', () => {
    const failed = foldFinished(
      startRun('j', 0),
      {
        jobId: 'j',
        kind: 'apply',
        status: 'failed',
        error: {
          name: 'LupoError',
          code: 'apply/statement-failed',
          message: 'Statement 2 failed',
          hint: 'Fix it',
          details: { line: 4, serverCode: 'ER_NO_SUCH_TABLE', statement: 'INSERT …' },
        },
      },
      applyResultSchema,
      10,
    );
    expect(failed?.error).toEqual({
      code: 'apply/statement-failed',
      message: 'Statement 2 failed',
      hint: 'Fix it',
      details: { line: 4, serverCode: 'ER_NO_SUCH_TABLE', statement: 'INSERT …' },
    });
  });

  it('computes elapsed time and a linear ETA', () => {
    expect(runTiming({ startedMs: 0, value: 0 }, 4_000)).toEqual({ elapsedMs: 4_000 });
    expect(runTiming({ startedMs: 0, value: 0.25 }, 4_000)).toEqual({ elapsedMs: 4_000, etaMs: 12_000 });
    expect(runTiming({ startedMs: 0, value: 1, endedMs: 6_000 }, 9_000)).toEqual({ elapsedMs: 6_000, etaMs: 0 });
    expect(formatDuration(4_400)).toBe('4 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
  });
});

describe('confirmation rule', () => {
  it('needs the exact database name, a second confirmation for destructive plans, and no blocking check', () => {
    const base = { plan: plan(), validation: passing, confirmText: 'lupo_core', allowDestructive: false };
    expect(canConfirm(base)).toBe(true);
    expect(canConfirm({ ...base, confirmText: 'lupo_cor' })).toBe(false);
    expect(canConfirm({ ...base, confirmText: 'LUPO_CORE' })).toBe(false);
    const destructive = plan({ counts: { ...plan().counts, destructive: 1 } });
    expect(canConfirm({ ...base, plan: destructive })).toBe(false);
    expect(canConfirm({ ...base, plan: destructive, allowDestructive: true })).toBe(true);
    const blocked = {
      ...passing,
      ok: false,
      checks: [{ file: 'f', id: 'budget', passed: false, message: 'over budget' }],
    };
    expect(canConfirm({ ...base, validation: blocked })).toBe(false);
    // The destructive check only asks for the second confirmation; it does not block.
    const confirmLater = {
      ...passing,
      ok: false,
      checks: [{ file: 'f', id: 'destructive', passed: false, message: '1 destructive' }],
    };
    expect(canConfirm({ ...base, plan: destructive, validation: confirmLater, allowDestructive: true })).toBe(true);
    expect(canConfirm({ ...base, validation: { ...passing, alreadyApplied: true } })).toBe(false);
  });
});

describe('migration wizard store', () => {
  it('plans, validates, refuses to apply unconfirmed, applies, follows progress and ends verified', async () => {
    const { client, emit, requests } = migrationTestClient({
      'migration/plan': async () => plan(),
      'migration/validate': async () => passing,
      'migration/apply': async () => ({ jobId: 'job-1' }),
    });
    const store = createMigrationStore(client, () => 1_000);
    const off = store.getState().listen();
    store.getState().setDriftRole('core');
    await store.getState().makePlan('c1');
    expect(store.getState()).toMatchObject({ step: 'review', connectionId: 'c1', plan: { planId: 'p1' } });
    expect(requests[0]).toEqual({
      name: 'migration/plan',
      request: { connectionId: 'c1', source: { kind: 'drift', role: 'core' } },
    });
    await store.getState().validate();
    expect(store.getState().step).toBe('validate');
    store.getState().goTo('confirm');
    store.getState().setConfirmText('wrong');
    await store.getState().apply();
    expect(requests.map((r) => r.name)).toEqual(['migration/plan', 'migration/validate']);
    store.getState().setConfirmText('lupo_core');
    await store.getState().apply();
    expect(requests.at(-1)).toEqual({
      name: 'migration/apply',
      request: {
        planId: 'p1',
        confirmation: { typedDatabase: 'lupo_core', allowDestructive: false },
        osuMethod: 'toi',
      },
    });
    expect(store.getState()).toMatchObject({ step: 'execute', run: { jobId: 'job-1', status: 'running' } });
    emit('job/progress', {
      jobId: 'job-1',
      kind: 'apply',
      title: 'Apply',
      value: 0.5,
      detail: 'statement 1/2: CREATE TABLE',
    });
    expect(store.getState().run).toMatchObject({ value: 0.5, detail: 'statement 1/2: CREATE TABLE' });
    emit('job/finished', {
      jobId: 'job-1',
      kind: 'apply',
      status: 'succeeded',
      result: {
        targetDatabase: 'lupo_core',
        files: [{ file: 'V1', status: 'completed', batchId: 7, executed: 2, skipped: 0, elapsedMs: 30 }],
      },
    });
    expect(store.getState()).toMatchObject({
      step: 'done',
      run: { status: 'succeeded', result: { files: [{ batchId: 7 }] } },
    });
    off();
  });

  it('on Galera, RSU chosen on the review is validated and applied as RSU; changing it asks for a new validation', async () => {
    const galera = {
      cluster: 'Galera node1 · Synced · 3 nodes (Primary) · default TOI',
      warnings: [{ id: 'galera-toi', file: 'V1__drift_core.sql', message: '1 DDL statement(s) run under TOI' }],
      rsu: { allowed: true, rolling: 1, once: 0 },
    };
    const { client, requests } = migrationTestClient({
      'migration/plan': async () => plan({ galera }),
      'migration/validate': async () => passing,
      'migration/apply': async () => ({ jobId: 'job-3' }),
    });
    const store = createMigrationStore(client);
    await store.getState().makePlan('c1');
    expect(store.getState().osuMethod).toBe('toi');
    await store.getState().validate();
    expect(store.getState().validation).toBeDefined();
    store.getState().setOsuMethod('rsu');
    expect(store.getState().validation).toBeUndefined();
    expect(canConfirm({ ...store.getState(), confirmText: 'lupo_core' })).toBe(false);
    await store.getState().validate();
    expect(requests.at(-1)).toEqual({
      name: 'migration/validate',
      request: { planId: 'p1', allowDestructive: false, osuMethod: 'rsu' },
    });
    store.getState().setConfirmText('lupo_core');
    await store.getState().apply();
    expect(requests.at(-1)).toMatchObject({ name: 'migration/apply', request: { osuMethod: 'rsu' } });
    // A new plan starts again from TOI.
    await store.getState().makePlan('c1');
    expect(store.getState().osuMethod).toBe('toi');
  });

  it('does not lose a job that finishes before its start call returns', async () => {
    let emitNow: (event: string, payload: unknown) => void = () => {};
    const { client } = migrationTestClient({
      'migration/plan': async () => plan(),
      'migration/validate': async () => passing,
      'migration/rehearse': async (_request, emit) => {
        emitNow = emit;
        emit('job/finished', { jobId: 'fast', kind: 'rehearse', status: 'succeeded', result: { ok: true, files: [] } });
        return { jobId: 'fast' };
      },
    });
    const store = createMigrationStore(client);
    store.getState().listen();
    await store.getState().makePlan('c1');
    await store.getState().validate();
    await store.getState().rehearse();
    expect(emitNow).toBeTypeOf('function');
    expect(store.getState().rehearsal).toMatchObject({ jobId: 'fast', status: 'succeeded', result: { ok: true } });
  });

  it('on failure keeps the error and loads the unfinished batch for resume / roll back', async () => {
    const { client, emit, requests } = migrationTestClient({
      'migration/plan': async () => plan(),
      'migration/validate': async () => passing,
      'migration/apply': async () => ({ jobId: 'job-2' }),
      'migration/unfinished': async () => ({
        ledgerDatabase: 'lupo_orchestration',
        runs: [
          {
            batch: {
              batchId: 3,
              batchKey: 'k',
              status: 'failed',
              kind: 'apply',
              targetDatabase: 'lupo_core',
              startedYmdhis: 20261125150000,
              endedYmdhis: 0,
              runner: { user: 'op', host: 'h pid 1' },
            },
            files: [
              {
                fileId: 1,
                path: 'migrations/V1.sql',
                name: 'V1.sql',
                sha256: SHA,
                status: 'failed',
                statementsTotal: 2,
              },
            ],
            lockHeld: false,
            counts: { total: 2, done: 1, pending: 0, running: 0, failed: 1, skipped: 0 },
            failed: {
              index: 1,
              line: 4,
              summary: 'insert rows',
              errorCode: 'ER_NO_SUCH_TABLE (1146)',
              errorMessage: "Table doesn't exist",
            },
          },
        ],
      }),
      'migration/resume': async () => ({ jobId: 'job-3' }),
    });
    const store = createMigrationStore(client);
    store.getState().listen();
    await store.getState().makePlan('c1');
    await store.getState().validate();
    store.getState().setConfirmText('lupo_core');
    await store.getState().apply();
    emit('job/finished', {
      jobId: 'job-2',
      kind: 'apply',
      status: 'failed',
      error: { name: 'LupoError', code: 'apply/statement-failed', message: 'Statement 2 failed', details: { line: 4 } },
    });
    expect(store.getState().run).toMatchObject({
      status: 'failed',
      error: { code: 'apply/statement-failed', details: { line: 4 } },
    });
    await expect.poll(() => store.getState().unfinished.length).toBe(1);
    expect(store.getState().step).toBe('execute');
    await store.getState().resume('c1', 3, 'lupo_core', 'rerun');
    expect(requests.at(-1)).toEqual({
      name: 'migration/resume',
      request: { connectionId: 'c1', batchId: 3, typedDatabase: 'lupo_core', inFlight: 'rerun', allowDataLoss: false },
    });
    expect(store.getState().run).toMatchObject({ jobId: 'job-3', status: 'running' });
    // A resumed rollback may be allowed to drop rows that arrived (the engine backs them up).
    await store.getState().resume('c1', 3, 'lupo_core', 'refuse', true);
    expect(requests.at(-1)).toEqual({
      name: 'migration/resume',
      request: { connectionId: 'c1', batchId: 3, typedDatabase: 'lupo_core', inFlight: 'refuse', allowDataLoss: true },
    });
  });

  it('shows a refused call as the error, with its hint', async () => {
    const { client } = migrationTestClient({
      'migration/plan': async () => {
        throw new LupoError('migration/no-drift', 'No drift to migrate.', { hint: 'Nothing to apply.' });
      },
    });
    const store = createMigrationStore(client);
    await store.getState().makePlan('c1');
    expect(store.getState()).toMatchObject({
      step: 'source',
      busy: false,
      error: { code: 'migration/no-drift', hint: 'Nothing to apply.' },
    });
  });
});

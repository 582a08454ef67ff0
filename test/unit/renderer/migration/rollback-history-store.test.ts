import { describe, expect, it } from 'vitest';
import type { HistoryBatchView, RollbackPreviewView } from '../../../../shared/contract/migration';
import {
  createHistoryStore,
  formatLedgerTime,
  rollbackCandidates,
} from '../../../../renderer/src/screens/history/history-store';
import { canConfirmRollback, createRollbackStore } from '../../../../renderer/src/screens/rollback/rollback-store';
import { migrationTestClient } from './test-client';

const preview = (overrides: Partial<RollbackPreviewView> = {}): RollbackPreviewView => ({
  previewId: 'rb1',
  batchId: 5,
  targetDatabase: 'lupo_core',
  ledgerDatabase: 'lupo_orchestration',
  classification: 'generated',
  statements: [
    {
      file: 'generated:batch-5',
      index: 0,
      line: 1,
      kind: 'drop',
      destructive: true,
      locking: false,
      idempotent: true,
      summary: 'drop table `t`',
      sql: 'DROP TABLE IF EXISTS `t`',
      expected: 'change',
    },
  ],
  dataLoss: [],
  backupDir: '/w/backups',
  warnings: [],
  ...overrides,
});

const batch = (
  batchId: number,
  kind: HistoryBatchView['kind'],
  status: HistoryBatchView['status'],
): HistoryBatchView => ({
  batchId,
  batchKey: `k${batchId}`,
  status,
  kind,
  targetDatabase: 'lupo_core',
  startedYmdhis: 20261125150102,
  endedYmdhis: 20261125150104,
  runner: { user: 'op', host: 'h pid 1' },
  filesTotal: 1,
  filesCompleted: status === 'completed' ? 1 : 0,
  filesFailed: status === 'failed' ? 1 : 0,
  openAlerts: 0,
});

describe('rollback wizard store', () => {
  it('asks for the typed name, and for the data loss when the preview shows rows', () => {
    expect(canConfirmRollback({ preview: preview(), confirmText: 'lupo_core', allowDataLoss: false })).toBe(true);
    expect(canConfirmRollback({ preview: preview(), confirmText: 'lupo', allowDataLoss: false })).toBe(false);
    const lossy = preview({ dataLoss: [{ table: 't', rows: 12 }] });
    expect(canConfirmRollback({ preview: lossy, confirmText: 'lupo_core', allowDataLoss: false })).toBe(false);
    expect(canConfirmRollback({ preview: lossy, confirmText: 'lupo_core', allowDataLoss: true })).toBe(true);
    expect(
      canConfirmRollback({ preview: preview({ statements: [] }), confirmText: 'lupo_core', allowDataLoss: true }),
    ).toBe(false);
  });

  it('previews a batch, confirms, runs the job and ends with its result', async () => {
    const { client, emit, requests } = migrationTestClient({
      'migration/rollback-preview': async () => preview({ dataLoss: [{ table: 't', rows: 3 }] }),
      'migration/rollback': async () => ({ jobId: 'rj' }),
    });
    const store = createRollbackStore(client, () => 50);
    store.getState().listen();
    await store.getState().pick('c1', 5);
    expect(store.getState()).toMatchObject({ step: 'preview', batchId: 5, preview: { previewId: 'rb1' } });
    store.getState().goTo('confirm');
    store.getState().setConfirmText('lupo_core');
    await store.getState().rollback();
    expect(requests.map((r) => r.name)).toEqual(['migration/rollback-preview']);
    store.getState().setAllowDataLoss(true);
    store.getState().setReason('bad deploy');
    await store.getState().rollback();
    expect(requests.at(-1)).toEqual({
      name: 'migration/rollback',
      request: {
        previewId: 'rb1',
        confirmation: { typedDatabase: 'lupo_core', allowDestructive: true },
        reason: 'bad deploy',
      },
    });
    emit('job/progress', { jobId: 'rj', kind: 'rollback', title: 'Roll back', value: 0.5, detail: 'statement 1/2' });
    expect(store.getState().run?.value).toBe(0.5);
    emit('job/finished', {
      jobId: 'rj',
      kind: 'rollback',
      status: 'succeeded',
      result: {
        rolledBackBatchId: 5,
        rollbackBatchId: 6,
        targetDatabase: 'lupo_core',
        executed: 1,
        elapsedMs: 9,
        backupPath: '/w/backups/b.sql',
      },
    });
    expect(store.getState()).toMatchObject({
      step: 'done',
      run: { status: 'succeeded', result: { rollbackBatchId: 6, backupPath: '/w/backups/b.sql' } },
    });
  });
});

describe('history store', () => {
  it('formats ledger times and lists only completed applies as rollback candidates', () => {
    expect(formatLedgerTime(20261125150102)).toBe('2026-11-25 15:01:02 UTC');
    expect(formatLedgerTime(0)).toBe('—');
    const batches = [
      batch(4, 'rollback', 'completed'),
      batch(3, 'apply', 'rolled_back'),
      batch(2, 'apply', 'completed'),
      batch(1, 'apply', 'failed'),
    ];
    expect(rollbackCandidates(batches).map((b) => b.batchId)).toEqual([2]);
  });

  it('loads batches, shows a batch, and acknowledging an alert refreshes both', async () => {
    let acknowledged = false;
    const detail = () => ({
      batch: { ...batch(2, 'apply', 'failed'), openAlerts: acknowledged ? 0 : 1 },
      files: [],
      validations: [],
      alerts: [
        {
          alertId: 9,
          batchId: 2,
          level: 'error' as const,
          code: 'apply/statement-failed',
          message: 'failed',
          acknowledged,
          createdYmdhis: 20261125150102,
        },
      ],
      rollbacks: [],
    });
    const { client, requests } = migrationTestClient({
      'history/batches': async () => ({
        ledgerDatabase: 'orch',
        ledgerPresent: true,
        batches: [{ ...batch(2, 'apply', 'failed'), openAlerts: acknowledged ? 0 : 1 }],
      }),
      'history/batch': async () => detail(),
      'history/acknowledge-alert': async () => {
        acknowledged = true;
        return { acknowledged: true };
      },
    });
    const store = createHistoryStore(client);
    await store.getState().load('c1');
    expect(store.getState()).toMatchObject({
      ledgerPresent: true,
      ledgerDatabase: 'orch',
      batches: [{ batchId: 2, openAlerts: 1 }],
    });
    await store.getState().select('c1', 2);
    expect(store.getState().selected?.alerts[0]?.acknowledged).toBe(false);
    await store.getState().acknowledge('c1', 9);
    expect(requests.find((r) => r.name === 'history/acknowledge-alert')?.request).toEqual({
      connectionId: 'c1',
      alertId: 9,
    });
    expect(store.getState().selected?.alerts[0]?.acknowledged).toBe(true);
    expect(store.getState().batches[0]?.openAlerts).toBe(0);
  });
});

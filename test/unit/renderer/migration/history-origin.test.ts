import { describe, expect, it } from 'vitest';
import { historyBatchSchema, type HistoryBatchView } from '../../../../shared/contract/migration';
import { entryKey, originLabel, rollbackCandidates } from '../../../../renderer/src/screens/history/history-store';

const batch = (overrides: Partial<HistoryBatchView>): HistoryBatchView =>
  historyBatchSchema.parse({
    batchId: 3,
    batchKey: 'k-3',
    status: 'completed',
    kind: 'apply',
    targetDatabase: 'lupo_core',
    startedYmdhis: 20260101000000,
    endedYmdhis: 20260101000005,
    runner: { user: 'olga', host: 'h pid 1' },
    filesTotal: 1,
    filesCompleted: 1,
    filesFailed: 0,
    openAlerts: 0,
    origin: 'lupo-admin',
    ...overrides,
  });

describe('history entries of anyone (LEDGER §5d)', () => {
  const ours = batch({});
  const php = batch({
    batchId: 0,
    batchKey: 'lupopedia:0:20250101000000',
    kind: 'external',
    targetDatabase: '',
    origin: 'lupopedia',
    runner: { user: 'Lupopedia', host: '—' },
  });
  const phpTwin = batch({ ...php, batchKey: 'lupopedia:0:20250102000000' });

  it('the contract accepts rows Lupopedia wrote (id 0, external, no target, status unknown)', () => {
    expect(batch({ ...php, status: 'unknown' }).status).toBe('unknown');
  });

  it('keys entries so id-0 and duplicate-id rows stay distinct, and labels who wrote them', () => {
    expect(new Set([ours, php, phpTwin].map(entryKey)).size).toBe(3);
    expect([ours, php].map(originLabel)).toEqual(['Lupo Admin', 'Lupopedia']);
  });

  it('offers only Lupo Admin applies with a real id for rollback', () => {
    expect(rollbackCandidates([ours, php, batch({ ...php, kind: 'apply' })])).toEqual([ours]);
  });
});

describe('history entries of a Lupo Admin 0.1 ledger (LEDGER §5d.9)', () => {
  it('are labelled Lupo Admin 0.1 and never offered for rollback until the ledger is converted', () => {
    const legacy = batch({ batchId: 7, batchKey: 'k-7', origin: 'lupo-admin-0.1' });
    expect(originLabel(legacy)).toBe('Lupo Admin 0.1');
    expect(rollbackCandidates([legacy, batch({})])).toEqual([batch({})]);
  });
});

import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from '../../../electron/engine/orchestrator/live-names';
import { guardRollback, refuseDataLoss, rollbackDataRisks } from '../../../electron/engine/orchestrator/rollback-guard';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';

/** A fake server with `count` tables t1…tN, of which `holding` have rows; it records how many probes overlap. */
function fakeServer(count: number, holding: ReadonlySet<string>) {
  let inFlight = 0;
  const seen = { maxInFlight: 0, probes: 0 };
  const db: Queryable = {
    query: async <T extends RowDataPacket[]>(sql: string, values?: unknown) => {
      if (sql.includes('information_schema.TABLES')) {
        return [Array.from({ length: count }, (_, i) => ({ t: `t${i + 1}` })) as unknown as T, undefined] as [
          T,
          unknown,
        ];
      }
      seen.probes += 1;
      inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      const keys = values as string[];
      const rows = keys.filter((key) => holding.has(key.split('\0')[1]!)).map((k) => ({ k }));
      return [rows as unknown as T, undefined] as [T, unknown];
    },
  };
  return { db, seen };
}

const drops = (count: number) =>
  buildSteps(Array.from({ length: count }, (_, i) => ({ sql: `DROP TABLE IF EXISTS t${count - i}`, line: i + 1 })));

describe('rollbackDataRisks', () => {
  it('probes 200 tables a query, 2 queries in flight, and names exactly the tables holding rows', async () => {
    const { db, seen } = fakeServer(450, new Set(['t1', 't250', 't450']));
    const risks = await rollbackDataRisks(db, 'app', drops(450));
    expect(seen.probes).toBe(3);
    expect(seen.maxInFlight).toBe(2);
    expect(risks).toHaveLength(450);
    expect(risks.filter((r) => r.rows).map((r) => r.table)).toEqual(['t450', 't250', 't1']);
  });

  it('sends no probe when no table to drop exists', async () => {
    const { db, seen } = fakeServer(0, new Set());
    const risks = await rollbackDataRisks(db, 'app', drops(3));
    expect(seen.probes).toBe(0);
    expect(risks.every((r) => !r.rows)).toBe(true);
  });
});

describe('refuseDataLoss', () => {
  const drops = [
    { table: 'a', rows: false },
    { table: 'b', rows: true },
    { table: 'c', column: 'x', rows: true },
  ];
  const refusal = (when: 'preview' | 'start' | 'resume'): LupoError => {
    try {
      refuseDataLoss(7, drops, when);
    } catch (error) {
      return error as LupoError;
    }
    throw new Error('not refused');
  };

  it('lets a rollback through when nothing it drops holds rows', () => {
    expect(() => refuseDataLoss(7, [{ table: 'a', rows: false }], 'resume')).not.toThrow();
  });

  it('names the tables and columns holding rows, and which probe found them', () => {
    expect(refusal('preview').message).toBe('Rolling back batch 7 would drop data: b, c.x hold rows.');
    const started = refusal('start');
    expect(started.message).toBe(
      'Rolling back batch 7 would drop data: b, c.x hold rows (found as the rollback started).',
    );
    expect(started.hint).toContain('Nothing was changed');
    expect(started.hint).toContain('--allow-data-loss');
    const resumed = refusal('resume');
    expect(resumed).toBeInstanceOf(LupoError);
    expect(resumed.code).toBe('rollback/data-loss');
    expect(resumed.message).toBe(
      'Resuming the rollback of batch 7 would drop data: b, c.x hold rows (found as the rollback resumed).',
    );
    expect(resumed.hint).toContain('resume with --allow-data-loss');
  });
});

describe('guardRollback without the row probe', () => {
  it('names the same tables as the probed guard, with rows unknown, and sends no probe', async () => {
    const { db, seen } = fakeServer(3, new Set(['t2']));
    const unprobed = await guardRollback(db, 'app', drops(3), { probeRows: false });
    expect(seen.probes).toBe(0);
    expect(unprobed.drops).toEqual([
      { table: 't3', rows: 'unknown' },
      { table: 't2', rows: 'unknown' },
      { table: 't1', rows: 'unknown' },
    ]);
    const probed = await guardRollback(db, 'app', drops(3));
    expect(seen.probes).toBe(1);
    expect(probed.drops.map((d) => d.table)).toEqual(unprobed.drops.map((d) => d.table));
  });

  it('an unprobed drop never refuses: the execution probe decides', () => {
    expect(() => refuseDataLoss(7, [{ table: 'a', rows: 'unknown' }], 'preview')).not.toThrow();
  });
});

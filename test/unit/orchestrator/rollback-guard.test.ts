import { describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from '../../../electron/engine/orchestrator/live-names';
import { rollbackDataRisks } from '../../../electron/engine/orchestrator/rollback-guard';
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

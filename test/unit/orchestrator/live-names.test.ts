import { describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { LiveNames, nameKindsOf, type Queryable } from '../../../electron/engine/orchestrator/live-names';
import type { StatementEffect } from '../../../electron/engine/orchestrator/classify';

/** A fake server: answers each information_schema view with its rows and records what was asked. */
function fakeServer(): { db: Queryable; asked: string[] } {
  const asked: string[] = [];
  const rows: Record<string, object[]> = {
    TABLES: [{ s: 'app', t: 'Orders' }],
    COLUMNS: [{ s: 'app', t: 'Orders', c: 'order_id' }],
    STATISTICS: [{ s: 'app', t: 'Orders', i: 'PRIMARY' }],
  };
  const db: Queryable = {
    query: <T extends RowDataPacket[]>(sql: string) => {
      const view = /information_schema\.(\w+)/.exec(sql)![1]!;
      asked.push(view);
      return Promise.resolve([rows[view] as T, undefined] as [T, unknown]);
    },
  };
  return { db, asked };
}

const table: StatementEffect = { kind: 'table-exists', table: 'orders' };
const column: StatementEffect = { kind: 'column-exists', table: 'orders', column: 'order_id' };
const index: StatementEffect = { kind: 'index-absent', table: 'orders', index: 'idx_gone' };

describe('LiveNames kinds', () => {
  it('reads every kind by default', async () => {
    const { db, asked } = fakeServer();
    const live = await LiveNames.read(db, ['app']);
    expect(asked).toEqual(['TABLES', 'COLUMNS', 'STATISTICS']);
    expect([live.holds(table), live.holds(column), live.holds(index)]).toEqual([true, true, true]);
  });

  it('reads only the kinds the effects need, and refuses questions about the others', async () => {
    const { db, asked } = fakeServer();
    const live = await LiveNames.read(db, ['app'], nameKindsOf([table, { kind: 'table-absent', table: 'x' }]));
    expect(asked).toEqual(['TABLES']);
    expect(live.holds(table)).toBe(true);
    expect(live.tableCount()).toBe(1);
    expect(() => live.holds(column)).toThrow(/columns were not read/);
    expect(() => live.simulate(index)).toThrow(/indexes were not read/);
    // Dropping a table in the snapshot needs only the tables.
    live.simulate({ kind: 'table-absent', table: 'orders' });
    expect(live.holds(table)).toBe(false);
  });

  it('reads nothing for no effects', async () => {
    const { db, asked } = fakeServer();
    await LiveNames.read(db, ['app'], nameKindsOf([]));
    expect(asked).toEqual([]);
  });
});

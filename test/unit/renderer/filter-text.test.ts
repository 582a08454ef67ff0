import { describe, expect, it } from 'vitest';
import type { QueryColumn } from '../../../shared/contract/query';
import { parseFilterText } from '../../../renderer/src/screens/data/filter-text';

const column = (name: string, type: string): QueryColumn => ({ name, type, nullable: true, primaryKey: false });

describe('data browser filter text', () => {
  it('reads ranges, equals, NULL and plain text by column kind', () => {
    const name = column('display_name', 'VAR_STRING');
    expect(parseFilterText(name, '  ')).toBeUndefined();
    expect(parseFilterText(name, "O'Brien")).toEqual({ column: 'display_name', op: 'contains', value: "O'Brien" });
    expect(parseFilterText(name, '=Ada')).toEqual({ column: 'display_name', op: 'equals', value: 'Ada' });
    expect(parseFilterText(name, 'null')).toEqual({ column: 'display_name', op: 'equals', value: null });
    expect(parseFilterText(column('actor_id', 'LONGLONG'), '3')).toEqual({
      column: 'actor_id',
      op: 'equals',
      value: '3',
    });
    expect(parseFilterText(column('price', 'NEWDECIMAL'), '1.5..2.5')).toEqual({
      column: 'price',
      op: 'range',
      from: '1.5',
      to: '2.5',
    });
    expect(parseFilterText(column('created_ymdhis', ''), '2026-01-16')).toEqual({
      column: 'created_ymdhis',
      op: 'equals',
      value: '2026-01-16',
    });
    expect(parseFilterText(column('created_ymdhis', 'LONGLONG'), '..2026-02-01')).toEqual({
      column: 'created_ymdhis',
      op: 'range',
      to: '2026-02-01',
    });
    // A half-typed date is no filter yet (the box shows it as not understood).
    expect(parseFilterText(column('created_ymdhis', 'LONGLONG'), '2026-0')).toBeUndefined();
    expect(parseFilterText(column('created_ymdhis', 'LONGLONG'), '2026-01-16 10:00 .. 2026-01-17')).toEqual({
      column: 'created_ymdhis',
      op: 'range',
      from: '2026-01-16 10:00',
      to: '2026-01-17',
    });
    expect(parseFilterText(column('created_ymdhis', 'LONGLONG'), '20260116100000')).toMatchObject({ op: 'equals' });
  });
});

import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../../shared/schema/model';
import { compareTables, formatColumn, formatIndex } from '../../../renderer/src/lib/table-compare';

const col = (name: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: 'bigint',
  unsigned: false,
  zerofill: false,
  nullable: false,
  autoIncrement: false,
  ...extra,
});

const base: Table = {
  name: 'lupo_actors',
  columns: [
    col('actor_id', { autoIncrement: true }),
    col('name', { type: 'varchar', length: 255, charset: 'utf8mb4' }),
  ],
  primaryKey: { columns: ['actor_id'] },
  indexes: [{ name: 'idx_name', columns: [{ name: 'name', length: 32 }], unique: true, kind: 'btree' }],
  foreignKeys: [],
  options: { engine: 'InnoDB', charset: 'utf8mb4' },
};

describe('formatColumn / formatIndex', () => {
  it('renders like SHOW CREATE TABLE without what never differs', () => {
    expect(formatColumn(base.columns[1]!, base.options)).toBe('varchar(255) NOT NULL');
    expect(
      formatColumn(col('at', { type: 'bigint', default: { kind: 'expression', value: 'current_timestamp()' } })),
    ).toBe('bigint NOT NULL DEFAULT CURRENT_TIMESTAMP');
    expect(
      formatColumn(
        col('kind', { type: 'enum', values: ['a', 'b'], nullable: true, default: { kind: 'literal', value: 'a' } }),
      ),
    ).toBe("enum('a','b') NULL DEFAULT 'a'");
    expect(formatIndex(base.indexes[0]!)).toBe('UNIQUE (name(32))');
    expect(formatIndex({ name: 'PRIMARY', columns: [{ name: 'actor_id' }], unique: true, kind: 'btree' })).toBe(
      'PRIMARY KEY (actor_id)',
    );
  });

  it('shows an SRID and an ignored index, so the compare view shows what drift says', () => {
    expect(formatColumn(col('place', { type: 'point', srid: 4326 }))).toBe('point SRID 4326 NOT NULL');
    expect(formatIndex({ name: 'i', columns: [{ name: 'a' }], unique: false, kind: 'btree', ignored: true })).toBe(
      '(a) IGNORED',
    );
  });
});

describe('compareTables', () => {
  it('finds nothing between a table and itself', () => {
    expect(compareTables(base, base).differenceCount).toBe(0);
  });

  it('marks changed, missing and extra elements; live-only options are not differences', () => {
    const live: Table = {
      ...base,
      columns: [
        col('ACTOR_ID', { autoIncrement: true }),
        col('name', { type: 'varchar', length: 100 }),
        col('extra_id'),
      ],
      indexes: [],
      options: { engine: 'InnoDB', charset: 'utf8mb4', rowFormat: 'Dynamic' },
    };
    const result = compareTables(base, live);
    expect(result.columns.map((l) => [l.name, l.status])).toEqual([
      ['actor_id', 'same'],
      ['name', 'changed'],
      ['extra_id', 'live-only'],
    ]);
    expect(result.indexes.map((l) => [l.name, l.status])).toEqual([
      ['PRIMARY', 'same'],
      ['idx_name', 'definition-only'],
    ]);
    expect(result.options.every((l) => l.status === 'same')).toBe(true);
    expect(result.differenceCount).toBe(3);
  });

  it('handles a missing side', () => {
    const result = compareTables(base, undefined);
    expect(result.columns.every((l) => l.status === 'definition-only')).toBe(true);
    expect(compareTables(undefined, base).columns.every((l) => l.status === 'live-only')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../../electron/engine/dialect/index';
import { SchemaBuilder } from '../../../electron/engine/introspect/schema-builder';

// Rows as the bulk queries return them (COLUMNS_SQL / STATISTICS_SQL as arrays, TABLES parts as objects).
const heads = [
  { t: 'b_items', e: 'InnoDB', co: 'utf8mb4_general_ci', cm: 'Items', ty: 'BASE TABLE' },
  { t: 'a_log', e: 'InnoDB', co: 'utf8mb4_general_ci', cm: '', ty: 'SYSTEM VERSIONED' },
  { t: 'v_items', e: null, co: null, cm: 'VIEW', ty: 'VIEW' },
];
const figures = [
  { t: 'b_items', op: 'row_format=COMPRESSED key_block_size=8 transactional=1', r: 12, d: 16384, i: 32768 },
  { t: 'a_log', op: 'transactional=1', r: 0, d: 16384, i: 0 },
  { t: 'v_items', op: null, r: null, d: null, i: null },
];
const column = (table: string, name: string, position: number, type: string, collation: string | null) => [
  table,
  name,
  position,
  type.replace(/\(.*/, ''),
  type,
  'NO',
  null,
  '',
  collation ? 'utf8mb4' : null,
  collation,
  '',
  null,
];
const columns = [
  column('a_log', 'a_log_id', 1, 'bigint(20)', null),
  column('a_log', 'body', 2, 'blob /*M!100301 COMPRESSED*/', null),
  column('b_items', 'b_item_id', 1, 'bigint(20)', null),
  column('b_items', 'title', 2, 'varchar(64)', 'utf8mb4_bin'),
  column('v_items', 'title', 1, 'varchar(64)', 'utf8mb4_bin'),
];
const statistics = [
  ['a_log', 'PRIMARY', 0, 1, 'a_log_id', null, 'A', 'BTREE', '', 'NO'],
  ['b_items', 'PRIMARY', 0, 1, 'b_item_id', null, 'A', 'BTREE', '', 'NO'],
  ['b_items', 'idx_title', 1, 1, 'title', 10, 'D', 'BTREE', 'by title', 'NO'],
];
const small = { referential: [], foreignKeyColumns: [], views: [], forbidden: [] };

/** Builds the database with the parts of TABLES arriving in `order` around the column rows. */
function build(order: readonly ('heads' | 'figures' | 'columns')[]) {
  const builder = new SchemaBuilder('app', dialectFor('mariadb'));
  for (const step of order) {
    if (step === 'heads') builder.addTables(heads);
    if (step === 'figures') builder.addTableFigures(figures);
    if (step === 'columns') for (const row of columns) builder.addColumn([...row]);
  }
  for (const row of statistics) builder.addStatistic([...row]);
  return builder.finish('core', small);
}

describe('SchemaBuilder', () => {
  it('builds the same tables whichever part of TABLES arrives first', () => {
    const inOrder = build(['heads', 'columns', 'figures']);
    expect(build(['figures', 'columns', 'heads'])).toEqual(inOrder);
    expect(build(['columns', 'heads', 'figures'])).toEqual(inOrder);
    expect(build(['heads', 'figures', 'columns'])).toEqual(inOrder);
    expect(inOrder.tables.map((table) => table.name)).toEqual(['a_log', 'b_items']);
    const [log, items] = inOrder.tables;
    // Notes as one TABLES row then the columns gave them: the table's type, its options, its columns.
    expect(log!.unmodelled).toEqual([
      'WITH SYSTEM VERSIONING',
      'table option TRANSACTIONAL=1',
      'column body COMPRESSED',
    ]);
    expect(items!.unmodelled).toEqual(['table option TRANSACTIONAL=1']);
    expect(items!.options).toEqual({
      engine: 'InnoDB',
      charset: 'utf8mb4',
      collation: 'utf8mb4_general_ci',
      comment: 'Items',
      rowFormat: 'COMPRESSED',
      other: { KEY_BLOCK_SIZE: '8' },
    });
    expect(items!.stats).toEqual({ rowEstimate: 12, dataBytes: 16384, indexBytes: 32768 });
    // The column's collation differs from the table's: kept; the index as STATISTICS said.
    expect(items!.columns[1]).toMatchObject({ name: 'title', type: 'varchar', length: 64, collation: 'utf8mb4_bin' });
    expect(items!.indexes).toEqual([
      {
        name: 'idx_title',
        columns: [{ name: 'title', length: 10, descending: true }],
        unique: false,
        kind: 'btree',
        comment: 'by title',
      },
    ]);
  });
});

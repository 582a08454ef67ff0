import { describe, expect, it } from 'vitest';
import { planChangeSet } from '../../../electron/engine/query/change-set';
import type { ShapeColumn, TableShape } from '../../../electron/engine/query/table-shape';

const column = (name: string, dataType = 'varchar', extra: Partial<ShapeColumn> = {}): ShapeColumn => ({
  name,
  dataType,
  nullable: true,
  generated: false,
  autoIncrement: false,
  ...extra,
});

const shape = (columns: ShapeColumn[], primaryKey: string[], more: Partial<TableShape> = {}): TableShape => ({
  columns: new Map(columns.map((c) => [c.name, c])),
  primaryKey,
  uniqueKeys: [],
  transactional: true,
  ...more,
});

const doc = shape(
  [
    column('doc_id', 'bigint', { nullable: false }),
    column('body'),
    column('hash', 'varbinary'),
    column('size', 'int', { generated: true }),
    column('updated_ymdhis', 'bigint', { nullable: false }),
  ],
  ['doc_id'],
);

describe('change set planning (no server)', () => {
  it('renders values as literals by the engine quoting while the SQL keeps ?', () => {
    const plan = planChangeSet(
      doc,
      'd',
      't',
      [{ kind: 'update', key: { doc_id: '7' }, old: { body: 'x' }, set: { body: "a'b\\c\n", hash: '0x01ff' } }],
      false,
      20260102030405,
    );
    const [s] = plan.statements;
    expect(s!.sql).toBe('UPDATE `d`.`t` SET `body` = ?, `hash` = ?, `updated_ymdhis` = ? WHERE `doc_id` = ?');
    expect(s!.literal).toBe(
      "UPDATE `d`.`t` SET `body` = 'a''b\\\\c\\n', `hash` = X'01ff', `updated_ymdhis` = 20260102030405 WHERE `doc_id` = '7'",
    );
    expect(s!.params[1]).toEqual(Buffer.from([1, 255]));
    expect(
      planChangeSet(doc, 'd', 't', [{ kind: 'insert', values: { doc_id: '8', body: null } }], false, 1).statements[0]!
        .literal,
    ).toBe("INSERT INTO `d`.`t` (`doc_id`, `body`, `updated_ymdhis`) VALUES ('8', NULL, 1)");
  });

  it('refuses generated columns, missing keys, keyless and read-only tables with a reason', () => {
    const update = (set: Record<string, string>, key: Record<string, string> = { doc_id: '1' }) =>
      planChangeSet(doc, 'd', 't', [{ kind: 'update', key, old: {}, set }], false);
    expect(() => update({ size: '3' })).toThrow(/generated column/);
    expect(() => update({ body: 'x' }, {})).toThrow(/key `doc_id` is missing/);
    expect(() => update({ 'body`=1 --': 'x' })).toThrow(/no column/);
    const keyless = shape([column('a'), column('b')], []);
    expect(() => planChangeSet(keyless, 'd', 't', [{ kind: 'insert', values: { a: '1' } }], false)).toThrow(
      /no primary key and no NOT NULL unique key/,
    );
    expect(() => planChangeSet(doc, 'd', 't', [{ kind: 'insert', values: { body: '1' } }], true)).toThrow(/read-only/);
    expect(() => planChangeSet(shape([column('id')], ['id'], { transactional: false }), 'd', 't', [], false)).toThrow(
      /no transactions/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { maskSql, viewStatement } from '../../../electron/engine/doctrine/statement-view';

describe('statement view', () => {
  it('gives both masks of the same statement, asked one after the other, and of the next one', () => {
    const sql = "-- note\nINSERT INTO t VALUES ('a;b') /* c */";
    expect(maskSql(sql)).toEqual({ masked: "       \nINSERT INTO t VALUES ('   ')        ", strings: ['a;b'] });
    expect(maskSql(sql, true)).toEqual({ masked: "       \nINSERT INTO t VALUES ('a;b')        ", strings: ['a;b'] });
    expect(maskSql("SELECT 'x'", true).masked).toBe("SELECT 'x'");
    expect(maskSql("SELECT 'x'").masked).toBe("SELECT ' '");
  });

  it('places each column on its line, after leading comments', () => {
    const create = viewStatement({
      sql: '-- head\n\nCREATE TABLE t (\n  a_id int,\n  KEY k (a_id),\n\n  b_name varchar(10)\n)',
      line: 1,
      column: 1,
      delimiter: ';',
    });
    expect(create.firstTokenOffset).toBe(2);
    expect(create.columns.map((c) => [c.name, c.lineOffset])).toEqual([
      ['a_id', 3],
      ['b_name', 6],
    ]);
    const alter = viewStatement({
      sql: 'ALTER TABLE t\n  ADD COLUMN c int,\n  CHANGE d\n    e bigint(20) UNSIGNED',
      line: 1,
      column: 1,
      delimiter: ';',
    });
    expect(alter.columns.map((c) => [c.name, c.lineOffset, c.type, c.typeArgs, c.unsigned])).toEqual([
      ['c', 1, 'int', [], false],
      ['e', 2, 'bigint', [20], true],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  canonicalType,
  charsetOfCollation,
  normalizeColumn,
  normalizeDefault,
  normalizeExpression,
  normalizeIndex,
  normalizeTableOptions,
} from '../../../electron/engine/diff/normalize';
import { col, idx } from './model-builders';

describe('normalize', () => {
  it('collapses integer synonyms and bool', () => {
    expect(canonicalType('INTEGER')).toBe('int');
    expect(canonicalType('bool')).toBe('tinyint');
    expect(canonicalType('Boolean')).toBe('tinyint');
    expect(canonicalType('numeric')).toBe('decimal');
    expect(canonicalType('VARCHAR')).toBe('varchar');
  });

  it('ignores integer display width', () => {
    expect(normalizeColumn(col('a', 'bigint', { displayWidth: 20 }))).toEqual(normalizeColumn(col('a', 'bigint')));
    expect(normalizeColumn(col('a', 'bool'))).toEqual(normalizeColumn(col('a', 'tinyint', { displayWidth: 1 })));
    expect(normalizeColumn(col('a', 'int'))).not.toEqual(normalizeColumn(col('a', 'bigint')));
  });

  it('compares numeric default literals by value, strings verbatim', () => {
    const zero = normalizeDefault(col('a', 'int', { default: { kind: 'literal', value: '0' } }));
    expect(normalizeDefault(col('a', 'int', { default: { kind: 'expression', value: '0' } }))).toBe(zero);
    expect(normalizeDefault(col('a', 'decimal', { default: { kind: 'literal', value: '0.00' } }))).toBe(zero);
    expect(normalizeDefault(col('a', 'varchar', { default: { kind: 'literal', value: '0.00' } }))).not.toBe(zero);
  });

  it('treats a nullable column without DEFAULT as DEFAULT NULL', () => {
    expect(normalizeDefault(col('a', 'int', { nullable: true }))).toBe('NULL');
    expect(normalizeDefault(col('a', 'int', { nullable: true, default: { kind: 'null' } }))).toBe('NULL');
    expect(normalizeDefault(col('a', 'int'))).toBeUndefined();
  });

  it('normalises expressions', () => {
    expect(normalizeExpression('current_timestamp()')).toBe('CURRENT_TIMESTAMP');
    expect(normalizeExpression('now()')).toBe('CURRENT_TIMESTAMP');
    expect(normalizeExpression('( `a` + 1 )')).toBe('A+1');
  });

  it('drops charset/collation equal to the table default and ignores them on non-string types', () => {
    const table = { charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' };
    const plain = normalizeColumn(col('a', 'varchar', { length: 10 }), table);
    expect(
      normalizeColumn(col('a', 'varchar', { length: 10, charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' }), table),
    ).toEqual(plain);
    expect(normalizeColumn(col('a', 'varchar', { length: 10, collation: 'UTF8MB4_UNICODE_CI' }), table)).toEqual(plain);
    expect(normalizeColumn(col('a', 'varchar', { length: 10, charset: 'latin1' }), table)).not.toEqual(plain);
    expect(normalizeColumn(col('a', 'bigint', { charset: 'latin1' }), table)).toEqual(
      normalizeColumn(col('a', 'bigint'), table),
    );
    expect(charsetOfCollation('utf8mb4_0900_ai_ci')).toBe('utf8mb4');
  });

  it('defaults decimal precision to (10,0)', () => {
    expect(normalizeColumn(col('a', 'decimal'))).toEqual(
      normalizeColumn(col('a', 'decimal', { precision: 10, scale: 0 })),
    );
  });

  it('compares index names and columns case-insensitively', () => {
    expect(normalizeIndex(idx('IDX_A', ['Name']))).toEqual(normalizeIndex(idx('idx_a', ['name'])));
    expect(normalizeIndex(idx('i', ['a'], { columns: [{ name: 'a', length: 10 }] }))).not.toEqual(
      normalizeIndex(idx('i', ['a'])),
    );
  });

  it('normalises table options case and derives charset from collation', () => {
    expect(normalizeTableOptions({ engine: 'INNODB', collation: 'utf8mb4_general_ci' })).toEqual({
      engine: 'innodb',
      charset: 'utf8mb4',
      collation: 'utf8mb4_general_ci',
      comment: '',
      other: '',
    });
    expect(normalizeTableOptions({ other: { page_compressed: '1', CHECKSUM: '1' } }).other).toBe(
      'CHECKSUM=1 PAGE_COMPRESSED=1',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import { formatColumnDefinition, parseColumnDefinition, type DdlNote } from '../../../electron/engine/ddl/index';

const parse = (text: string) => parseColumnDefinition(text);

describe('parseColumnDefinition: every column type', () => {
  it.each([
    ['tinyint', 'tinyint'],
    ['smallint', 'smallint'],
    ['mediumint', 'mediumint'],
    ['middleint', 'mediumint'],
    ['int', 'int'],
    ['integer', 'int'],
    ['bigint', 'bigint'],
  ])('integer type %s → %s with width, unsigned, zerofill', (written, stored) => {
    expect(parse(`\`n\` ${written}`)).toMatchObject({ type: stored, unsigned: false, zerofill: false });
    expect(parse(`\`n\` ${written}(11) unsigned zerofill`)).toMatchObject({
      type: stored,
      displayWidth: 11,
      unsigned: true,
      zerofill: true,
    });
  });

  it('decimal/numeric/float/double/real/bit/bool', () => {
    expect(parse('`a` decimal(10,2) unsigned')).toMatchObject({
      type: 'decimal',
      precision: 10,
      scale: 2,
      unsigned: true,
    });
    expect(parse('`a` numeric(5)')).toMatchObject({ type: 'decimal', precision: 5, scale: 0 });
    expect(parse('`a` decimal')).toMatchObject({ type: 'decimal', precision: 10, scale: 0 });
    expect(parse('`a` float')).toMatchObject({ type: 'float' });
    expect(parse('`a` float(7,4)')).toMatchObject({ type: 'float', precision: 7, scale: 4 });
    expect(parse('`a` float(30)')).toMatchObject({ type: 'double' });
    expect(parse('`a` double precision')).toMatchObject({ type: 'double' });
    expect(parse('`a` real')).toMatchObject({ type: 'double' });
    expect(parse("`a` bit(8) DEFAULT b'0101'")).toMatchObject({
      type: 'bit',
      length: 8,
      default: { kind: 'literal', value: "b'0101'" },
    });
    expect(parse('`a` bit')).toMatchObject({ type: 'bit', length: 1 });
    expect(parse('`a` bool DEFAULT TRUE')).toMatchObject({
      type: 'tinyint',
      displayWidth: 1,
      default: { kind: 'literal', value: '1' },
    });
    expect(parse('`a` boolean')).toMatchObject({ type: 'tinyint', displayWidth: 1 });
  });

  it('char/varchar/binary/varbinary with charset and collation', () => {
    expect(parse('`a` char(2)')).toMatchObject({ type: 'char', length: 2 });
    expect(parse('`a` char')).toMatchObject({ type: 'char', length: 1 });
    expect(parse('`a` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin')).toMatchObject({
      type: 'varchar',
      length: 255,
      charset: 'utf8mb4',
      collation: 'utf8mb4_bin',
    });
    expect(parse('`a` national varchar(10) charset latin1')).toMatchObject({
      type: 'varchar',
      length: 10,
      charset: 'latin1',
    });
    expect(parse('`a` binary(16)')).toMatchObject({ type: 'binary', length: 16 });
    expect(parse('`a` varbinary(64)')).toMatchObject({ type: 'varbinary', length: 64 });
  });

  it.each(['tinytext', 'text', 'mediumtext', 'longtext', 'tinyblob', 'blob', 'mediumblob', 'longblob'])(
    '%s',
    (type) => {
      expect(parse(`\`a\` ${type} NOT NULL`)).toMatchObject({ type, nullable: false });
    },
  );

  it('enum and set values, with quotes inside', () => {
    expect(parse("`a` enum('x','it''s','a,b') NOT NULL DEFAULT 'x'")).toMatchObject({
      type: 'enum',
      values: ['x', "it's", 'a,b'],
      default: { kind: 'literal', value: 'x' },
    });
    expect(parse("`a` set('r','w') DEFAULT ''")).toMatchObject({
      type: 'set',
      values: ['r', 'w'],
      default: { kind: 'literal', value: '' },
    });
  });

  it('temporal types with fsp, defaults and on update', () => {
    expect(parse('`a` date')).toMatchObject({ type: 'date' });
    expect(parse('`a` time(3)')).toMatchObject({ type: 'time', fsp: 3 });
    expect(parse('`a` datetime(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)')).toMatchObject({
      type: 'datetime',
      fsp: 6,
      default: { kind: 'expression', value: 'CURRENT_TIMESTAMP(6)' },
      onUpdate: 'CURRENT_TIMESTAMP(6)',
    });
    expect(parse('`a` timestamp NOT NULL DEFAULT now() on update current_timestamp')).toMatchObject({
      type: 'timestamp',
      default: { kind: 'expression', value: 'CURRENT_TIMESTAMP' },
      onUpdate: 'CURRENT_TIMESTAMP',
    });
    expect(parse('`a` year(4)')).toMatchObject({ type: 'year' });
    expect(parse('`a` year')).toMatchObject({ type: 'year' });
  });

  it.each([
    'json',
    'geometry',
    'point',
    'linestring',
    'polygon',
    'multipoint',
    'multilinestring',
    'multipolygon',
    'geometrycollection',
  ])('%s', (type) => {
    expect(parse(`\`a\` ${type}`)).toMatchObject({ type });
  });

  it('geometry with SRID, geomcollection synonym', () => {
    expect(parse('`a` point NOT NULL SRID 4326')).toMatchObject({ type: 'point', nullable: false });
    expect(parse('`a` geomcollection')).toMatchObject({ type: 'geometrycollection' });
  });

  it('generated columns (virtual, stored, MariaDB persistent)', () => {
    expect(parse('`a` int GENERATED ALWAYS AS ((`b` + 1)) VIRTUAL')).toMatchObject({
      generated: { expression: '(`b` + 1)', stored: false },
    });
    expect(parse("`a` varchar(10) AS (concat(`b`,'x')) STORED")).toMatchObject({
      generated: { expression: "concat(`b`,'x')", stored: true },
    });
    expect(parse('`a` int AS (b*2) PERSISTENT')).toMatchObject({ generated: { stored: true } });
  });

  it('defaults: null, literals, negative numbers, expressions, introducers', () => {
    expect(parse('`a` int DEFAULT NULL').default).toEqual({ kind: 'null' });
    expect(parse('`a` int DEFAULT -1').default).toEqual({ kind: 'literal', value: '-1' });
    expect(parse("`a` varchar(5) DEFAULT _utf8mb4'hi'").default).toEqual({ kind: 'literal', value: 'hi' });
    expect(parse('`a` char(36) DEFAULT (uuid())').default).toEqual({ kind: 'expression', value: '(uuid())' });
    expect(parse('`a` float DEFAULT 1.5').default).toEqual({ kind: 'literal', value: '1.5' });
  });

  it('attributes: auto_increment, comment, nullability, invisible, check', () => {
    const c = parse("`id` bigint NOT NULL auto_increment COMMENT 'Primary key' INVISIBLE CHECK (`id` > 0)");
    expect(c).toMatchObject({
      name: 'id',
      type: 'bigint',
      nullable: false,
      autoIncrement: true,
      comment: 'Primary key',
    });
    expect(parse('`a` int NULL').nullable).toBe(true);
  });

  it('reports DEFAULT_GENERATED as a note and drops it', () => {
    const notes: DdlNote[] = [];
    const c = parseColumnDefinition('`a` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP DEFAULT_GENERATED', {
      onNote: (n) => notes.push(n),
    });
    expect(c.default).toEqual({ kind: 'expression', value: 'CURRENT_TIMESTAMP' });
    expect(notes).toEqual([expect.objectContaining({ code: 'ddl/default-generated', offset: 49 })]);
  });

  it('throws ddl/ errors with offsets on bad input', () => {
    const fail = (text: string) => {
      try {
        parseColumnDefinition(text);
      } catch (error) {
        expect(error).toBeInstanceOf(LupoError);
        return error as LupoError;
      }
      throw new Error(`no error for ${text}`);
    };
    expect(fail('`a` frobnicate').code).toBe('ddl/unknown-type');
    expect(fail('`a` frobnicate').details?.offset).toBe(4);
    expect(fail('`a` varchar').code).toBe('ddl/missing-length');
    expect(fail('`a` int NOT').code).toBe('ddl/unexpected-token');
    expect(fail("`a` int COMMENT 'open").code).toBe('ddl/syntax');
    expect(fail('`a` int wobble').code).toBe('ddl/unexpected-token');
  });

  it('formatColumnDefinition round-trips', () => {
    for (const text of [
      "`id` bigint NOT NULL auto_increment COMMENT 'Primary key'",
      '`d` decimal(10,2) unsigned DEFAULT 0.00',
      "`e` enum('a','b''c') NOT NULL DEFAULT 'a'",
      '`t` timestamp(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)',
      '`g` int GENERATED ALWAYS AS ((`a` + 1)) STORED',
      '`v` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
      "`b` bit(4) DEFAULT b'1010'",
    ]) {
      const column = parse(text);
      expect(parse(formatColumnDefinition(column))).toEqual(column);
    }
  });
});

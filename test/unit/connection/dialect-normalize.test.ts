import { describe, expect, it } from 'vitest';
import { canonicalExpression, parseColumnType, parseQuotedList } from '../../../electron/engine/dialect/common';
import { dialectFor } from '../../../electron/engine/dialect/index';
import { mapConnectionError } from '../../../electron/engine/connection/connection-errors';
import { fingerprintOf } from '../../../electron/engine/connection/known-hosts';

const ctx = (extra = '', nullable = true) => ({ type: 'varchar', nullable, extra });

describe('dialect normalisation (MySQL 8 rows are written from its documented output: no MySQL server here)', () => {
  const maria = dialectFor('mariadb');
  const mysql = dialectFor('mysql');

  it('reads defaults the same on both servers', () => {
    expect(maria.normalizeDefault("'it''s'", ctx())).toEqual({ kind: 'literal', value: "it's" });
    expect(mysql.normalizeDefault("it's", ctx())).toEqual({ kind: 'literal', value: "it's" });
    expect(maria.normalizeDefault('NULL', ctx())).toBeUndefined();
    expect(mysql.normalizeDefault(null, ctx())).toBeUndefined();
    expect(maria.normalizeDefault('current_timestamp(3)', ctx())).toEqual({
      kind: 'expression',
      value: 'CURRENT_TIMESTAMP(3)',
    });
    expect(mysql.normalizeDefault('CURRENT_TIMESTAMP(3)', ctx('DEFAULT_GENERATED'))).toEqual({
      kind: 'expression',
      value: 'CURRENT_TIMESTAMP(3)',
    });
    expect(maria.normalizeDefault('current_timestamp()', ctx())).toEqual({
      kind: 'expression',
      value: 'CURRENT_TIMESTAMP',
    });
    expect(mysql.normalizeDefault('CURRENT_TIMESTAMP', ctx('DEFAULT_GENERATED'))).toEqual({
      kind: 'expression',
      value: 'CURRENT_TIMESTAMP',
    });
    expect(maria.normalizeDefault('uuid()', ctx())).toEqual({ kind: 'expression', value: '(uuid())' });
    expect(mysql.normalizeDefault('uuid()', ctx('DEFAULT_GENERATED'))).toEqual({
      kind: 'expression',
      value: '(uuid())',
    });
    expect(maria.normalizeDefault('0.00', ctx())).toEqual({ kind: 'literal', value: '0.00' });
    expect(mysql.normalizeDefault('0.00', ctx())).toEqual({ kind: 'literal', value: '0.00' });
    expect(maria.normalizeDefault("b'101'", ctx())).toEqual({ kind: 'literal', value: "b'101'" });
  });

  it('reads ON UPDATE and generation expressions the same', () => {
    expect(maria.normalizeOnUpdate('on update current_timestamp(3)')).toBe('CURRENT_TIMESTAMP(3)');
    expect(mysql.normalizeOnUpdate('DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)')).toBe('CURRENT_TIMESTAMP(3)');
    expect(maria.normalizeGenerationExpression('`a` + 1')).toBe('`a` + 1');
    expect(mysql.normalizeGenerationExpression('(`a` + 1)')).toBe('`a` + 1');
    expect(mysql.normalizeGenerationExpression('(`a`) + (`b`)')).toBe('(`a`) + (`b`)');
  });

  it('parses column types and drops meaningless display widths', () => {
    expect(parseColumnType('int', 'int(11)')).toEqual({ unsigned: false, zerofill: false });
    expect(parseColumnType('int', 'int')).toEqual({ unsigned: false, zerofill: false });
    expect(parseColumnType('tinyint', 'tinyint(1)')).toEqual({ unsigned: false, zerofill: false, displayWidth: 1 });
    expect(parseColumnType('int', 'int(10) unsigned zerofill')).toEqual({
      unsigned: true,
      zerofill: true,
      displayWidth: 10,
    });
    expect(parseColumnType('year', 'year(4)')).toEqual({ unsigned: false, zerofill: false });
    expect(parseColumnType('decimal', 'decimal(10,2) unsigned')).toEqual({
      unsigned: true,
      zerofill: false,
      precision: 10,
      scale: 2,
    });
    expect(parseColumnType('datetime', 'datetime(6)')).toEqual({ unsigned: false, zerofill: false, fsp: 6 });
    expect(parseColumnType('enum', "enum('a','it''s','x,y')").values).toEqual(['a', "it's", 'x,y']);
    expect(parseQuotedList("'a\\\\b'")).toEqual(['a\\b']);
    expect(canonicalExpression('now()')).toBe('CURRENT_TIMESTAMP');
  });

  it('maps driver error codes to typed errors', () => {
    const attempt = { endpoint: 'db:3306', user: 'u' };
    const codes: Record<string, string> = {
      ER_ACCESS_DENIED_ERROR: 'connection/access-denied',
      ER_BAD_DB_ERROR: 'connection/unknown-database',
      ECONNREFUSED: 'connection/refused',
      ETIMEDOUT: 'connection/timeout',
      ENOTFOUND: 'connection/dns',
      HANDSHAKE_NO_SSL_SUPPORT: 'connection/tls',
      PROTOCOL_CONNECTION_LOST: 'connection/lost',
    };
    for (const [driver, code] of Object.entries(codes))
      expect(mapConnectionError({ code: driver }, attempt).code).toBe(code);
  });

  it('fingerprints host keys like ssh-keygen -l', () => {
    expect(fingerprintOf(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });
});

import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import { splitTextTopLevel, splitTokensTopLevel } from '../../../electron/engine/sql/split-top-level';
import { isKeyword, isName, tokenizeAll, Tokenizer } from '../../../electron/engine/sql/tokenizer';

const kinds = (sql: string, options = {}) => tokenizeAll(sql, options).map((t) => `${t.kind}:${t.value}`);

describe('shared SQL tokenizer', () => {
  it('reads words, names, strings, variables and versioned comments eagerly', () => {
    expect(kinds("SET @v = /*!50100 'a''b' */ `x``y` -- c\n, 1.5")).toEqual([
      'word:SET',
      'variable:@v',
      'punct:=',
      "string:a'b",
      'ident:x`y',
      'punct:,',
      'number:1.5',
    ]);
    const [set, v] = tokenizeAll('set @v');
    expect(isKeyword(set, 'SET')).toBe(true);
    expect(isName(v)).toBe(false);
  });

  it('throws on unterminated quotes unless tolerant, then marks the token', () => {
    expect(() => tokenizeAll("SELECT 'abc")).toThrow(LupoError);
    expect(() => tokenizeAll('SELECT /* x')).toThrow(LupoError);
    const last = tokenizeAll("SELECT 'abc", { tolerant: true }).at(-1)!;
    expect(last).toMatchObject({ kind: 'string', value: 'abc', unterminated: true, end: 11 });
    expect(tokenizeAll('SELECT /* x', { tolerant: true })).toHaveLength(1);
  });

  it('returns comments when asked; an executable comment is code between two marker comments', () => {
    const sql = 'a # one\n/*!40101 b */ -- two';
    expect(tokenizeAll(sql, { comments: true }).map((t) => `${t.kind}:${t.value}`)).toEqual([
      'word:a',
      'comment:# one',
      'comment:/*!40101',
      'word:b',
      'comment:*/',
      'comment:-- two',
    ]);
  });

  it('reads executable comments as the server does: /*! everywhere, /*M! on MariaDB, gated by version', () => {
    const words = (sql: string, options = {}) =>
      tokenizeAll(sql, options)
        .filter((t) => t.kind === 'word')
        .map((t) => t.upper);
    const sql = 'DROP TABLE a /*M!100000 , orders */ /*!50700 , b */ /*!90000 , c */ /* , d */';
    expect(words(sql)).toEqual(['DROP', 'TABLE', 'A', 'ORDERS', 'B', 'C']);
    expect(words(sql, { executable: 'mysql' })).toEqual(['DROP', 'TABLE', 'A', 'B', 'C']);
    expect(words(sql, { executable: 'mariadb', serverVersion: 101106 })).toEqual([
      'DROP',
      'TABLE',
      'A',
      'ORDERS',
      'B',
      'C',
    ]);
    expect(words(sql, { executable: 'mysql', serverVersion: 80036 })).toEqual(['DROP', 'TABLE', 'A', 'B']);
    expect(words('x /*M!999999 , y */ z', { serverVersion: 101106 })).toEqual(['X', 'Z']);
  });

  it('reads a digit-leading name after a dot without looping', () => {
    expect(kinds('db.1col')).toEqual(['word:db', 'punct:.', 'word:1col']);
    expect(new Tokenizer('x').next()).toMatchObject({ kind: 'word', upper: 'X', start: 0, end: 1 });
  });

  it('splits at top-level commas only, outside quotes and comments', () => {
    const parts = splitTokensTopLevel(tokenizeAll('a, f(b, c), d')).map((p) => p.map((t) => t.value).join(''));
    expect(parts).toEqual(['a', 'f(b,c)', 'd']);
    expect(splitTextTopLevel("a int, -- it's\n b int, c char(1) DEFAULT ','", 10)).toEqual([
      { text: 'a int', offset: 10 },
      { text: " -- it's\n b int", offset: 16 },
      { text: " c char(1) DEFAULT ','", offset: 32 },
    ]);
  });
});

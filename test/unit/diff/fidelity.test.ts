import { describe, expect, it } from 'vitest';
import type { Database, Table } from '../../../shared/schema/model';
import { diffDatabase } from '../../../electron/engine/diff/index';
import { asServerStores, implicitIndexOutcome } from '../../../electron/engine/diff/implicit-prefix';
import { matchTables } from '../../../electron/engine/diff/match-tables';
import { normalizePartitioning } from '../../../electron/engine/diff/normalize';
import { partitionClause } from '../../../electron/engine/introspect/partition-clause';
import { describeChange } from '../../../electron/engine/reports/describe-change';
import { assertSqlFragment } from '../../../electron/engine/sqlgen/table-extras';
import { renderCreateTable } from '../../../electron/engine/sqlgen/create-table';
import { formatColumnDefinition, parseColumnDefinition, parseCreateTable } from '../../../electron/engine/ddl/index';
import { versionNumber } from '../../../electron/engine/dialect/common';
import { dialectFor } from '../../../electron/engine/dialect/index';
import { planChange } from '../../../electron/engine/planner/index';
import { classifyStatement } from '../../../electron/engine/orchestrator/classify';
import { col, idx, table } from './model-builders';

const db = (tables: Table[]): Database => ({ role: 'core', name: 'db', tables, views: [], forbiddenObjects: [] });
const utf8 = { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' };

describe('ENUM/SET values', () => {
  it('compare with their case: a case change is drift, with a readable message', () => {
    const live = table('t', [col('s', 'enum', { values: ['PASS', 'FAIL'] })]);
    const same = table('t', [col('s', 'enum', { values: ['PASS', 'FAIL'] })]);
    const lower = table('t', [col('s', 'enum', { values: ['pass', 'FAIL'] })]);
    expect(diffDatabase(db([live]), db([same]))).toEqual([]);
    expect(diffDatabase(db([live]), db([lower])).map(describeChange)).toEqual([
      'column `s`: values (PASS, FAIL) → (pass, FAIL)',
    ]);
  });
});

describe('implicit index prefixes', () => {
  const url = col('url', 'varchar', { length: 2000 });
  const declared = table('t', [url], { indexes: [idx('idx_url', ['url'])], options: utf8 });
  const stored = table('t', [url], {
    indexes: [{ name: 'idx_url', columns: [{ name: 'url', length: 768 }], unique: false, kind: 'btree' }],
    options: utf8,
  });

  it('a full-column index stored as a 768-character prefix is no drift', () => {
    expect(diffDatabase(db([stored]), db([declared]))).toEqual([]);
  });

  it('a different live prefix is still drift', () => {
    const other = {
      ...stored,
      indexes: [{ name: 'idx_url', columns: [{ name: 'url', length: 100 }], unique: false, kind: 'btree' as const }],
    };
    expect(diffDatabase(db([other]), db([declared])).map(describeChange)).toEqual([
      'index `idx_url`: columns (url(100)) → (url)',
    ]);
  });

  it('a unique index stored by MariaDB as a long unique (HASH) is no drift', () => {
    const unique = { ...declared, indexes: [idx('u', ['url'], { unique: true })] };
    const hash = { ...declared, indexes: [idx('u', ['url'], { unique: true, kind: 'hash' })] };
    expect(asServerStores(unique.indexes[0]!, hash.indexes[0]!, hash).kind).toBe('hash');
    expect(diffDatabase(db([hash]), db([unique]))).toEqual([]);
  });

  it('says what the server does, from the column charset and size', () => {
    expect(implicitIndexOutcome(idx('i', ['url']), declared)).toEqual({
      kind: 'prefix',
      column: 'url',
      length: 768,
      bytes: 8000,
    });
    const latin = table('t', [col('v', 'varchar', { length: 3100, charset: 'latin1' })], { options: utf8 });
    expect(implicitIndexOutcome(idx('i', ['v']), latin)).toMatchObject({ kind: 'prefix', length: 3072 });
    const short = table('t', [col('v', 'varchar', { length: 700 })], { options: utf8 });
    expect(implicitIndexOutcome(idx('i', ['v']), short)).toBeUndefined();
    const pair = table('t', [url, col('id', 'bigint')], { options: utf8 });
    expect(implicitIndexOutcome(idx('i', ['url', 'id']), pair)).toMatchObject({ kind: 'refused' });
  });
});

describe('CHECK constraints and partitioning', () => {
  const base = table('t', [col('a', 'int')], { options: utf8 });

  it('compares CHECK conditions after normalisation and reports changes as drop + add', () => {
    const live = { ...base, checks: [{ name: 'chk_a', expression: '`a` > 0' }] };
    const same = { ...base, checks: [{ name: 'chk_a', expression: 'a>0' }] };
    const changed = { ...base, checks: [{ name: 'chk_a', expression: 'a >= 0' }] };
    expect(diffDatabase(db([live]), db([same]))).toEqual([]);
    expect(diffDatabase(db([live]), db([changed])).map(describeChange)).toEqual([
      'check `chk_a` (`a` > 0) is extra',
      'check `chk_a` (a >= 0) is missing',
    ]);
  });

  it('reads the partitioning clause of SHOW CREATE TABLE on both servers, and compares it normalised', () => {
    const mariadb =
      'CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB\n PARTITION BY HASH (`id`)\nPARTITIONS 4';
    const mysql =
      'CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB\n/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 4 */';
    expect(partitionClause(mariadb)).toBe('PARTITION BY HASH (`id`) PARTITIONS 4');
    expect(partitionClause(mysql)).toBe('PARTITION BY HASH (`id`) PARTITIONS 4');
    expect(partitionClause("CREATE TABLE `t` (\n  `c` int COMMENT 'PARTITION BY x'\n) ENGINE=InnoDB")).toBeUndefined();
    const range =
      'PARTITION BY RANGE (year(`d`)) (PARTITION `p0` VALUES LESS THAN (2000) ENGINE = InnoDB, PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)';
    expect(normalizePartitioning(range)).toBe(
      normalizePartitioning(
        'partition by range (YEAR(d)) (partition p0 values less than (2000), partition p1 values less than maxvalue)',
      ),
    );
  });

  it('renders CHECKs and the partitioning into CREATE TABLE, refusing smuggled statements', () => {
    const sql = renderCreateTable({
      ...base,
      checks: [
        { name: 'chk_a', expression: '`a` > 0' },
        { name: 'a', expression: '`a` < 10', column: 'a' },
      ],
      partitioning: 'PARTITION BY HASH (`a`) PARTITIONS 2',
    });
    expect(sql).toContain('`a` int NOT NULL CHECK (`a` < 10)');
    expect(sql).toContain('CONSTRAINT `chk_a` CHECK (`a` > 0)');
    expect(sql.endsWith('\nPARTITION BY HASH (`a`) PARTITIONS 2')).toBe(true);
    expect(() => assertSqlFragment("a > 0); DROP TABLE x; -- '", 'c')).toThrow(/unbalanced "\)"/);
    expect(() => assertSqlFragment('a > 0 OR 1; DROP TABLE x', 'c')).toThrow(/outside a string/);
    expect(() => assertSqlFragment('a > 0 /* x */', 'c')).toThrow(/outside a string/);
    expect(() => assertSqlFragment("a IN ('x;y', '--')", 'c')).not.toThrow();
    expect(() => renderCreateTable({ ...base, partitioning: 'DROP TABLE x' })).toThrow(/PARTITION BY/);
  });
});

describe('table matching and options', () => {
  it('matches tables exactly first, then case-insensitively when unambiguous', () => {
    const a = (name: string): Table => table(name, [col('id', 'bigint')]);
    const both = matchTables([a('Users'), a('users')], [a('users'), a('Users')]);
    expect(both.pairs.map(([x, y]) => `${x.name}=${y.name}`)).toEqual(['users=users', 'Users=Users']);
    const folded = matchTables([a('users')], [a('Users')]);
    expect(folded.pairs.map(([x, y]) => `${x.name}=${y.name}`)).toEqual(['users=Users']);
    const ambiguous = matchTables([a('users')], [a('Users'), a('USERS')]);
    expect([ambiguous.pairs.length, ambiguous.onlyActual.length, ambiguous.onlyDesired.length]).toEqual([0, 1, 2]);
  });

  it('a declared ROW_FORMAT is drift on either side; index comment changes say so', () => {
    const live = table('t', [col('id', 'bigint')], {
      options: { ...utf8, rowFormat: 'COMPACT' },
      indexes: [idx('i', ['id'], { comment: 'old' })],
    });
    const desired = table('t', [col('id', 'bigint')], {
      options: utf8,
      indexes: [idx('i', ['id'], { comment: 'new' })],
    });
    expect(diffDatabase(db([live]), db([desired])).map(describeChange)).toEqual([
      "index `i`: comment 'old' → 'new'",
      'table options: rowFormat COMPACT → default',
    ]);
  });
});

describe('IGNORED (MariaDB) / INVISIBLE (MySQL) indexes', () => {
  const a = col('a', 'int');
  const used = table('t', [a], { indexes: [idx('ia', ['a'])], options: utf8 });
  const ignored = table('t', [a], { indexes: [idx('ia', ['a'], { ignored: true })], options: utf8 });

  it('are drift with a readable message, switched in place by a non-destructive ALTER INDEX', () => {
    const changes = diffDatabase(db([used]), db([ignored]));
    expect(changes.map(describeChange)).toEqual(['index `ia`: used → IGNORED']);
    const [statement, ...rest] = planChange(changes[0]!);
    expect(rest).toEqual([]);
    expect(statement!.risk).toBeUndefined();
    expect(statement!.sql).toContain('ALTER TABLE `t` ALTER INDEX `ia` /*M!100600 IGNORED */ /*!80000 INVISIBLE */');
    expect(statement!.inverse).toContain('ALTER INDEX `ia` /*M!100600 NOT IGNORED */ /*!80000 VISIBLE */');
    // what apply's classifier reads from the guard: a modification, not destructive
    const set = classifyStatement(statement!.sql.split(';\n')[0]!);
    expect(set).toMatchObject({ kind: 'modify', destructive: false });
    expect(diffDatabase(db([ignored]), db([ignored]))).toEqual([]);
  });

  it('a column change and the flag together: the index is re-created, then its flag set', () => {
    const wider = table('t', [a, col('b', 'int')], {
      indexes: [idx('ia', ['a', 'b'], { ignored: true })],
      options: utf8,
    });
    const [change] = diffDatabase(db([used]), db([wider])).filter((c) => c.kind === 'modifyIndex');
    expect(planChange(change!).map((s) => s.summary)).toEqual([
      'replace index `t`.`ia` (columns)',
      'ignore index `t`.`ia`',
    ]);
  });

  it("render in CREATE TABLE in both servers' spelling, and parse back from either server's SHOW CREATE TABLE", () => {
    const text = renderCreateTable(ignored);
    expect(text).toContain('KEY `ia` (`a`) /*M!100600 IGNORED */ /*!80000 INVISIBLE */');
    expect(parseCreateTable(text).indexes[0]!.ignored).toBe(true);
    const maria = "CREATE TABLE `t` (`a` int, KEY `ia` (`a`) COMMENT 'x' IGNORED)";
    const mysql = 'CREATE TABLE `t` (`a` int, KEY `ia` (`a`) /*!80000 INVISIBLE */)';
    const visible = 'CREATE TABLE `t` (`a` int, KEY `ia` (`a`) NOT IGNORED)';
    expect(parseCreateTable(maria).indexes[0]).toMatchObject({ comment: 'x', ignored: true });
    expect(parseCreateTable(mysql).indexes[0]!.ignored).toBe(true);
    expect(parseCreateTable(visible).indexes[0]!.ignored).toBeUndefined();
  });

  it('are read from the column each server has (MariaDB 10.6+ IGNORED, MySQL 8 IS_VISIBLE)', () => {
    expect(versionNumber('10.11.6-MariaDB-0+deb12u1')).toBe(101106);
    expect(versionNumber('8.0.36')).toBe(80036);
    expect(dialectFor('mariadb').indexIgnoredSql(101106)).toBe('IGNORED');
    expect(dialectFor('mariadb').indexIgnoredSql(100511)).toBe("'NO'");
    expect(dialectFor('mysql').indexIgnoredSql(80036)).toBe("IF(IS_VISIBLE = 'NO', 'YES', 'NO')");
    expect(dialectFor('mysql').indexIgnoredSql(50744)).toBe("'NO'");
  });
});

describe('spatial SRID', () => {
  it("parses both servers' spelling, writes the MySQL one in definitions and both in DDL", () => {
    expect(parseColumnDefinition('`p` point SRID 4326 NOT NULL').srid).toBe(4326);
    expect(parseColumnDefinition('`p` point REF_SYSTEM_ID=3857 NOT NULL').srid).toBe(3857);
    const column = col('p', 'point', { srid: 4326 });
    expect(formatColumnDefinition(column)).toBe('`p` point SRID 4326 NOT NULL');
    expect(renderCreateTable(table('t', [column]))).toContain(
      '`p` point /*M!100102 REF_SYSTEM_ID=4326 */ /*!80003 SRID 4326 */ NOT NULL',
    );
  });

  it('is drift (SRID 0 = none), and restricting a column to one SRID is destructive', () => {
    const none = table('t', [col('p', 'point')]);
    const zero = table('t', [col('p', 'point', { srid: 0 })]);
    const wgs = table('t', [col('p', 'point', { srid: 4326 })]);
    expect(diffDatabase(db([none]), db([zero]))).toEqual([]);
    const changes = diffDatabase(db([none]), db([wgs]));
    expect(changes.map(describeChange)).toEqual(['column `p`: SRID none → 4326']);
    expect(planChange(changes[0]!)[0]!.risk).toContain('restricts the column to one SRID');
  });
});

import { describe, expect, it } from 'vitest';
import type { ModifyColumn } from '../../../shared/schema/changes';
import { compareSources, diffDatabase, findPair, hasDrift, movedColumns } from '../../../electron/engine/diff';
import { col, doctrineTable, idx, model, table } from './model-builders';

describe('diffDatabase', () => {
  it('finds missing and extra tables', () => {
    const desired = model({
      core: [doctrineTable('lupo_permissions', 'permission_id'), doctrineTable('lupo_actors', 'actor_id')],
    });
    const actual = model({ core: [doctrineTable('lupo_actors', 'actor_id'), doctrineTable('lupo_old', 'old_id')] });
    const changes = diffDatabase(actual.databases.core, desired.databases.core);
    expect(changes.map((change) => `${change.kind}:${change.table}`)).toEqual([
      'addTable:lupo_permissions',
      'dropTable:lupo_old',
    ]);
  });

  it('reports nothing for equal tables written differently', () => {
    const a = table(
      't',
      [col('a_id', 'BIGINT', { displayWidth: 20 }), col('flag', 'bool', { default: { kind: 'literal', value: '0' } })],
      {
        indexes: [idx('IDX_FLAG', ['FLAG'])],
        primaryKey: { columns: ['A_ID'] },
        options: { engine: 'INNODB', charset: 'utf8mb4' },
      },
    );
    const d = table(
      'T',
      [col('a_id', 'bigint'), col('flag', 'tinyint', { displayWidth: 1, default: { kind: 'expression', value: '0' } })],
      {
        indexes: [idx('idx_flag', ['flag'])],
        primaryKey: { columns: ['a_id'] },
        options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' },
      },
    );
    expect(diffDatabase(model({ core: [a] }).databases.core, model({ core: [d] }).databases.core)).toEqual([]);
  });

  it('types each column difference', () => {
    const a = table('t', [
      col('id', 'bigint', { unsigned: true }),
      col('name', 'varchar', { length: 50, nullable: true }),
      col('state', 'enum', { values: ['a', 'b'] }),
      col('gone', 'int'),
    ]);
    const d = table('t', [
      col('id', 'bigint', { autoIncrement: true }),
      col('name', 'varchar', { length: 100, comment: 'display name' }),
      col('state', 'enum', { values: ['a', 'b', 'c'], default: { kind: 'literal', value: 'a' } }),
      col('added', 'bigint'),
    ]);
    const changes = diffDatabase(model({ core: [a] }).databases.core, model({ core: [d] }).databases.core);
    const modified = changes.filter((change): change is ModifyColumn => change.kind === 'modifyColumn');
    expect(Object.fromEntries(modified.map((change) => [change.to.name, change.changed]))).toEqual({
      id: ['unsigned', 'autoIncrement'],
      name: ['type', 'nullable', 'default', 'comment'],
      state: ['values', 'default'],
    });
    expect(changes.find((change) => change.kind === 'addColumn')).toMatchObject({
      column: { name: 'added' },
      after: 'state',
    });
    expect(changes.find((change) => change.kind === 'dropColumn')).toMatchObject({ column: { name: 'gone' } });
  });

  it('compares identically declared columns in the context of their tables', () => {
    // The same column facts, but the tables' default charsets differ: explicit utf8mb4 is the
    // default (nothing declared) on one side and a real column charset on the other.
    const name = col('name', 'varchar', { length: 50, charset: 'utf8mb4' });
    const a = table('t', [col('t_id', 'bigint'), name], { options: { charset: 'utf8mb4' } });
    const d = table('t', [col('t_id', 'bigint'), { ...name }], { options: { charset: 'latin1' } });
    const changes = diffDatabase(model({ core: [a] }).databases.core, model({ core: [d] }).databases.core);
    expect(changes.find((change) => change.kind === 'modifyColumn')).toMatchObject({ changed: ['charset'] });
  });

  it('pairs columns and indexes by name when their order differs', () => {
    const a = table('t', [col('t_id', 'bigint'), col('b', 'int'), col('a', 'int')], {
      indexes: [idx('ib', ['b']), idx('ia', ['a'])],
    });
    const d = table('t', [col('t_id', 'bigint'), col('A', 'int'), col('b', 'bigint')], {
      indexes: [idx('IA', ['a']), idx('ib', ['b'], { unique: true })],
    });
    const changes = diffDatabase(model({ core: [a] }).databases.core, model({ core: [d] }).databases.core);
    expect(changes.map((change) => `${change.kind}:${'changed' in change ? change.changed.join('+') : ''}`)).toEqual([
      'modifyColumn:type+position',
      'modifyIndex:unique',
    ]);
  });

  it('finds moved columns with the fewest moves', () => {
    expect([...movedColumns(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b'])]).toEqual(['b']);
    expect([...movedColumns(['a', 'x', 'b'], ['a', 'b'])]).toEqual([]);
    const changes = diffDatabase(
      model({ core: [table('t', [col('a', 'int'), col('b', 'int'), col('c', 'int')])] }).databases.core,
      model({ core: [table('t', [col('a', 'int'), col('c', 'int'), col('b', 'int')])] }).databases.core,
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'modifyColumn', changed: ['position'] });
  });

  it('diffs indexes, primary key, foreign keys and options', () => {
    const a = table('t', [col('a', 'int'), col('b', 'int')], {
      indexes: [idx('i1', ['a']), idx('i2', ['a']), idx('old', ['b'])],
      foreignKeys: [{ name: 'fk', columns: ['b'], referencedTable: 'x', referencedColumns: ['id'] }],
      options: { engine: 'MyISAM', comment: 'old' },
    });
    const d = table('t', [col('a', 'int'), col('b', 'int')], {
      primaryKey: { columns: ['a'] },
      indexes: [idx('i1', ['a', 'b']), idx('I2', ['a'], { unique: true }), idx('new', ['b'])],
      options: { engine: 'InnoDB', comment: 'purpose' },
    });
    const changes = diffDatabase(model({ core: [a] }).databases.core, model({ core: [d] }).databases.core);
    expect(
      changes.map((change) => ('changed' in change ? `${change.kind}:${change.changed.join('+')}` : change.kind)),
    ).toEqual([
      'modifyPrimaryKey',
      'modifyIndex:columns',
      'modifyIndex:unique',
      'addIndex',
      'dropIndex',
      'dropForeignKey',
      'modifyTableOptions:engine+comment',
    ]);
  });
});

describe('compareSources', () => {
  it('builds the presence matrix and all pairs', () => {
    const definitions = model({ core: [doctrineTable('a', 'a_id'), doctrineTable('b', 'b_id')] });
    const sql = model({ core: [doctrineTable('a', 'a_id')] });
    const live = model({ core: [doctrineTable('a', 'a_id'), doctrineTable('c', 'c_id')] });
    const diff = compareSources({ definitions, sql, live });
    expect(diff.sources).toEqual(['definitions', 'sql', 'live']);
    expect(diff.roles.core.tables).toEqual([
      { name: 'a', in: { definitions: true, sql: true, live: true } },
      { name: 'b', in: { definitions: true, sql: false, live: false } },
      { name: 'c', in: { definitions: false, sql: false, live: true } },
    ]);
    expect(diff.roles.core.pairs.map((pair) => `${pair.desired}<-${pair.actual}:${pair.changes.length}`)).toEqual([
      'definitions<-sql:1',
      'definitions<-live:2',
      'sql<-live:1',
    ]);
    expect(findPair(diff, 'core', 'definitions', 'live')?.changes.map((change) => change.kind)).toEqual([
      'addTable',
      'dropTable',
    ]);
    expect(hasDrift(diff)).toBe(true);
    expect(hasDrift(compareSources({ definitions, sql: definitions }))).toBe(false);
    expect(compareSources({ live }).roles.core.pairs).toEqual([]);
  });
});

describe('compareSources with a core-only SQL file', () => {
  it('does not compare the SQL file for roles it declares no table of', () => {
    const definitions = model({
      core: [doctrineTable('a', 'a_id')],
      orchestration: [doctrineTable('migration_batches', 'migration_batch_id')],
    });
    const sql = model({ core: [doctrineTable('a', 'a_id')] });
    const diff = compareSources({ definitions, sql });
    expect(diff.roles.orchestration.sources).toEqual(['definitions']);
    expect(diff.roles.orchestration.pairs).toEqual([]);
    expect(diff.roles.orchestration.tables).toEqual([{ name: 'migration_batches', in: { definitions: true } }]);
    expect(hasDrift(diff)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { inferRelationships } from '../../../shared/relationships/infer-relationships';
import { neighbourhood } from '../../../shared/relationships/neighbourhood';
import { model, table } from './model-builder';

describe('inferRelationships', () => {
  it('links a column to the table whose primary key has its name', () => {
    const result = inferRelationships(
      model({ core: [table('lupo_actors', 'actor_id', []), table('lupo_sessions', 'session_id', ['actor_id'])] }),
    );
    expect(result).toEqual([
      {
        id: 'core.lupo_sessions.actor_id->core.lupo_actors.actor_id',
        from: { role: 'core', table: 'lupo_sessions', column: 'actor_id' },
        to: { role: 'core', table: 'lupo_actors', column: 'actor_id' },
        rule: 'primary-key-name',
        explanation: "actor_id → lupo_actors.actor_id (column named like that table's primary key)",
        ambiguous: false,
      },
    ]);
  });

  it('never links a primary key to itself but does link qualified self-references', () => {
    const result = inferRelationships(model({ core: [table('lupo_comments', 'comment_id', ['parent_comment_id'])] }));
    expect(result.map((r) => [r.from.column, r.to.table, r.rule])).toEqual([
      ['parent_comment_id', 'lupo_comments', 'qualified-primary-key-name'],
    ]);
  });

  it('falls back to a table named after the column with an `id` primary key', () => {
    const result = inferRelationships(
      model({ core: [table('lupo_categories', 'id', []), table('lupo_posts', 'post_id', ['category_id'])] }),
    );
    expect(result.map((r) => [r.from.column, r.to.table, r.to.column, r.rule])).toEqual([
      ['category_id', 'lupo_categories', 'id', 'table-name'],
    ]);
  });

  it('prefers the referring table’s database and marks ties as ambiguous', () => {
    const result = inferRelationships(
      model({
        core: [table('lupo_actors', 'actor_id', []), table('lupo_notes', 'note_id', ['actor_id'])],
        ephemeral: [table('tmp_actors', 'actor_id', []), table('tmp_sessions', 'tmp_session_id', ['actor_id'])],
      }),
    );
    const byFrom = Object.fromEntries(result.map((r) => [r.from.table, `${r.to.role}.${r.to.table}:${r.ambiguous}`]));
    expect(byFrom).toEqual({ lupo_notes: 'core.lupo_actors:false', tmp_sessions: 'ephemeral.tmp_actors:false' });
    const tie = inferRelationships(
      model({
        core: [table('x_actors', 'actor_id', []), table('y_actors', 'actor_id', []), table('z', 'z_id', ['actor_id'])],
      }),
    );
    expect(tie.map((r) => [r.to.table, r.ambiguous])).toEqual([['x_actors', true]]);
  });

  it('links across databases when only another database has the key', () => {
    const result = inferRelationships(
      model({
        core: [table('lupo_actors', 'actor_id', [])],
        orchestration: [table('migration_batches', 'migration_batch_id', ['actor_id'])],
      }),
    );
    expect(result.map((r) => `${r.from.role}→${r.to.role}`)).toEqual(['orchestration→core']);
  });

  it('ignores composite keys, non-id columns and unmatched ids', () => {
    const composite = {
      ...table('lupo_links', undefined, ['a_id', 'b_id']),
      primaryKey: { columns: ['a_id', 'b_id'] },
    };
    const result = inferRelationships(
      model({ core: [composite, table('lupo_things', 'thing_id', ['name', 'unknown_id', 'a_id'])] }),
    );
    expect(result).toEqual([]);
  });

  it('is deterministic (sorted by id)', () => {
    const input = model({
      core: [table('b', 'b_id', ['a_id']), table('a', 'a_id', ['b_id']), table('c', 'c_id', ['a_id', 'b_id'])],
    });
    const ids = inferRelationships(input).map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(inferRelationships(input)).toEqual(inferRelationships(input));
  });
});

describe('neighbourhood', () => {
  const rels = inferRelationships(
    model({
      core: [
        table('a', 'a_id', []),
        table('b', 'b_id', ['a_id']),
        table('c', 'c_id', ['b_id']),
        table('d', 'd_id', ['c_id']),
        table('lonely', 'lonely_id', []),
      ],
    }),
  );

  it('follows edges both ways up to N hops', () => {
    expect([...neighbourhood(rels, 'core.b', 1)].sort()).toEqual(['core.a', 'core.b', 'core.c']);
    expect([...neighbourhood(rels, 'core.a', 2)].sort()).toEqual(['core.a', 'core.b', 'core.c']);
    expect([...neighbourhood(rels, 'core.a', 10)].sort()).toEqual(['core.a', 'core.b', 'core.c', 'core.d']);
  });

  it('keeps just the start for zero hops or an isolated table', () => {
    expect([...neighbourhood(rels, 'core.a', 0)]).toEqual(['core.a']);
    expect([...neighbourhood(rels, 'core.lonely', 3)]).toEqual(['core.lonely']);
  });
});

import { describe, expect, it } from 'vitest';
import { inferRelationships } from '../../../shared/relationships/infer-relationships';
import { buildGraph, mergedModel } from '../../../renderer/src/lib/relationship-graph';
import { model, table } from '../relationships/model-builder';

const definitions = model({
  core: [
    table('lupo_actors', 'actor_id', []),
    table('lupo_sessions', 'session_id', ['actor_id']),
    table('lupo_tokens', 'token_id', ['session_id']),
    table('lupo_lonely', 'lonely_id', []),
  ],
  ephemeral: [table('lupo_cache', 'cache_id', ['actor_id'])],
});
const live = model({
  core: [table('lupo_actors', 'actor_id', []), table('lupo_live_only', 'live_only_id', ['actor_id'])],
});

describe('mergedModel', () => {
  it('takes definitions first and adds live-only tables', () => {
    const merged = mergedModel(definitions, live)!;
    expect(merged.databases.core.tables.map((t) => t.name)).toEqual([
      'lupo_actors',
      'lupo_sessions',
      'lupo_tokens',
      'lupo_lonely',
      'lupo_live_only',
    ]);
    expect(mergedModel(undefined, undefined)).toBeUndefined();
  });
});

describe('buildGraph', () => {
  const merged = mergedModel(definitions, live)!;
  const relationships = inferRelationships(merged);

  it('draws the focus table’s neighbourhood within N hops', () => {
    const graph = buildGraph(merged, relationships, {
      roles: ['core', 'orchestration', 'ephemeral'],
      focus: 'core.lupo_tokens',
      hops: 1,
      maxNodes: 100,
    });
    expect(graph.nodes.map((n) => [n.id, n.isFocus, n.keyColumns])).toEqual([
      ['core.lupo_tokens', true, ['session_id']],
      ['core.lupo_sessions', false, ['session_id']],
    ]);
    const wide = buildGraph(merged, relationships, {
      roles: ['core', 'ephemeral'],
      focus: 'core.lupo_actors',
      hops: 5,
      maxNodes: 2,
    });
    expect(wide.truncated).toBe(true);
    expect(wide.nodes[0]?.id).toBe('core.lupo_actors');
    expect(graph.edges.map((e) => `${e.source}->${e.target}:${e.label}`)).toEqual([
      'core.lupo_tokens->core.lupo_sessions:session_id',
    ]);
  });

  it('filters by database and caps unfocused graphs, linked tables first', () => {
    const coreOnly = buildGraph(merged, relationships, { roles: ['core'], hops: 1, maxNodes: 100 });
    expect(coreOnly.nodes.some((n) => n.role === 'ephemeral')).toBe(false);
    expect(coreOnly.edges.every((e) => e.source.startsWith('core.') && e.target.startsWith('core.'))).toBe(true);
    const capped = buildGraph(merged, relationships, { roles: ['core', 'ephemeral'], hops: 1, maxNodes: 3 });
    expect(capped.truncated).toBe(true);
    expect(capped.totalTables).toBe(6);
    expect(capped.nodes.map((n) => n.id)).not.toContain('core.lupo_lonely');
  });
});

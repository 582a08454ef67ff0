import { describe, expect, it } from 'vitest';
import { clusterTables, MAX_CLUSTERS, MAX_CLUSTER_SIZE } from '../../../shared/relationships/clusters';
import { inferRelationships } from '../../../shared/relationships/infer-relationships';
import { buildClusteredGraph } from '../../../renderer/src/lib/relationship-graph';
import { relatedTables } from '../../support/related-schema';
import { model, table } from './model-builder';

/** The synthetic system of `count` tables as a model, its keys and inferred relationships. */
function system(count: number) {
  const tables = relatedTables(count);
  const built = model({ core: tables.map((t) => table(t.name, t.pk, t.refs)) });
  return { keys: tables.map((t) => `core.${t.name}`), relationships: inferRelationships(built) };
}

function labels(clusters: readonly { label: string; members: readonly string[] }[]): string[] {
  return clusters.map((c) => `${c.label}:${c.members.length}`);
}

describe('clusterTables', () => {
  it('groups by name prefix, the plural main table with its family, lone names under their prefix', () => {
    const keys = [
      'core.lupo_actors',
      'core.lupo_actor_roles',
      'core.lupo_actor_edges',
      'core.lupo_tags',
      'core.lupo_tag_links',
      'core.lupo_settings',
      'orchestration.migration_batches',
      'orchestration.migration_files',
      ...Array.from({ length: 20 }, (_, i) => `core.lupo_misc${i}_things`),
    ];
    const clusters = clusterTables(keys, [], 'prefix');
    expect(labels(clusters)).toEqual(['lupo_actor_*:3', 'lupo_tag_*:2', 'lupo_*:21', 'migration_*:2']);
    // Every table lands in exactly one cluster.
    expect(clusters.flatMap((c) => c.members).sort()).toEqual([...keys].sort());
    // A small system is one cluster: nothing to split.
    expect(labels(clusterTables(keys.slice(0, 5), [], 'prefix'))).toEqual(['all tables:5']);
  });

  it('groups by connected component, with a hub everyone refers to standing apart', () => {
    const { keys, relationships } = system(185);
    expect(relationships).toHaveLength(164);
    const clusters = clusterTables(keys, relationships, 'component');
    expect(labels(clusters)[0]).toBe('shared by many:1');
    expect(clusters[0]?.members).toEqual(['core.lupo_actors']);
    expect(clusters.find((c) => c.label === 'around lupo_doctrines')?.members).toHaveLength(10);
    expect(clusters.at(-1)?.label).toBe('unconnected tables');
    expect(clusters.flatMap((c) => c.members)).toHaveLength(185);
  });

  it('keeps 10,000 tables to a bounded number of bounded clusters, in either mode', () => {
    const { keys, relationships } = system(10_000);
    for (const mode of ['prefix', 'component'] as const) {
      const clusters = clusterTables(keys, relationships, mode);
      expect(clusters.length).toBeLessThanOrEqual(MAX_CLUSTERS);
      expect(Math.max(...clusters.map((c) => c.members.length))).toBeLessThanOrEqual(MAX_CLUSTER_SIZE);
      expect(new Set(clusters.flatMap((c) => c.members)).size).toBe(10_000);
      expect(new Set(clusters.map((c) => c.id)).size).toBe(clusters.length);
    }
  });
});

describe('buildClusteredGraph', () => {
  it('draws open clusters’ tables and bundles relationships of collapsed clusters with a count', () => {
    const { keys, relationships } = system(185);
    const clusters = clusterTables(keys, relationships, 'prefix');
    const doctrine = clusters.find((c) => c.label === 'lupo_doctrine_*')!;
    const actor = clusters.find((c) => c.label === 'lupo_actor_*')!;
    const graph = buildClusteredGraph(relationships, clusters, new Set([doctrine.id]), keys.length);
    expect(graph.nodes.map((n) => n.table).sort()).toEqual(doctrine.members.map((k) => k.slice(5)).sort());
    expect(graph.nodes.every((n) => n.parent === doctrine.id)).toBe(true);
    // The 9 child tables refer to lupo_doctrines: drawn one by one, labelled with the column.
    expect(graph.edges.map((e) => e.label)).toEqual(Array(9).fill('doctrine_id'));
    // lupo_doctrines refers to lupo_actors (collapsed): one bundle from the table to the cluster.
    expect(graph.clusterEdges).toContainEqual({
      id: `core.lupo_doctrines->${actor.id}`,
      source: 'core.lupo_doctrines',
      target: actor.id,
      count: 1,
    });
    const total = graph.edges.length + graph.clusterEdges.reduce((sum, e) => sum + e.count, 0);
    // Every relationship is drawn, except those inside a collapsed cluster.
    const inside = relationships.filter((r) => {
      const cluster = clusters.find((c) => c.members.includes(`core.${r.from.table}`));
      return cluster !== doctrine && cluster?.members.includes(`core.${r.to.table}`);
    }).length;
    expect(total).toBe(relationships.length - inside);
  });
});

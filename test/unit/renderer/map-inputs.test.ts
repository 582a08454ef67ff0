import { describe, expect, it } from 'vitest';
import { inferRelationships } from '../../../shared/relationships/infer-relationships';
import { runAll } from '../../../renderer/src/lib/sliced-work';
import { compactTablesJson, deriveMapInputs } from '../../../renderer/src/screens/relationships/map-inputs';
import { model, table } from '../relationships/model-builder';

// Tables with columns that are not `*_id` (names, codes, an `id` primary key), in every role.
const schema = model({
  core: [
    table('lupo_actors', 'actor_id', ['role_id', 'name', 'created_by_actor_id', 'Parent_Actor_ID']),
    table('lupo_roles', 'role_id', ['label']),
    table('lupo_regions', 'id', ['code', 'valid']),
  ],
  orchestration: [table('migration_batches', 'migration_batch_id', ['actor_id', 'region_id', 'note'])],
  ephemeral: [table('sessions', undefined, ['actor_id', 'token', 'idle'])],
});

describe('map inputs', () => {
  it('keep only what inference reads: the primary key and the *_id columns', () => {
    const tables = JSON.parse(runAll(compactTablesJson(schema)));
    expect(tables).toContainEqual([
      'core',
      'lupo_actors',
      ['actor_id'],
      ['actor_id', 'role_id', 'created_by_actor_id', 'Parent_Actor_ID'],
    ]);
    expect(tables).toContainEqual(['core', 'lupo_regions', ['id'], []]);
    expect(tables).toContainEqual(['ephemeral', 'sessions', [], ['actor_id']]);
  });

  it('infer from that the relationships of the whole model', () => {
    const request = {
      tablesJson: runAll(compactTablesJson(schema)),
      roles: ['core', 'orchestration', 'ephemeral'],
    } as const;
    const expected = inferRelationships(schema);
    expect(expected.length).toBeGreaterThan(4);
    expect(deriveMapInputs(request).relationships).toEqual(expected);
  });
});

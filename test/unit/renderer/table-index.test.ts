import { describe, expect, it } from 'vitest';
import { buildTableIndex, filterTables } from '../../../renderer/src/lib/table-index';
import { model, table } from '../relationships/model-builder';

const definitions = model({
  core: [table('lupo_actors', 'actor_id', ['role_id']), table('lupo_roles', 'role_id', [])],
  orchestration: [table('migration_batches', 'migration_batch_id', [])],
});
const live = model({
  core: [
    table('lupo_actors', 'actor_id', []),
    table('lupo_roles', 'role_id', []),
    table('lupo_legacy', 'legacy_id', []),
  ],
});

describe('buildTableIndex', () => {
  it('merges both models per role, sorted, with presence and difference', () => {
    const rows = buildTableIndex(definitions, live);
    expect(rows.map((r) => [r.key, r.presence, r.differs])).toEqual([
      ['core.lupo_actors', 'both', true],
      ['core.lupo_legacy', 'live-only', false],
      ['core.lupo_roles', 'both', false],
      ['orchestration.migration_batches', 'definition-only', false],
    ]);
  });

  it('lets the engine’s verdict decide what differs', () => {
    const rows = buildTableIndex(definitions, live, new Set(['core.lupo_roles']));
    expect(rows.filter((r) => r.differs).map((r) => r.key)).toEqual(['core.lupo_roles']);
  });

  it('works with one model or none', () => {
    expect(buildTableIndex(undefined, undefined)).toEqual([]);
    expect(buildTableIndex(definitions).every((r) => r.presence === 'definition-only')).toBe(true);
  });
});

describe('filterTables', () => {
  const rows = buildTableIndex(definitions, live);
  it('filters by name, column, role and state', () => {
    expect(filterTables(rows, { query: 'ROLE', role: 'all', presence: 'all' }).map((r) => r.name)).toEqual([
      'lupo_roles',
    ]);
    expect(filterTables(rows, { query: 'col:role_id', role: 'all', presence: 'all' }).map((r) => r.name)).toEqual([
      'lupo_actors',
      'lupo_roles',
    ]);
    expect(filterTables(rows, { query: '', role: 'orchestration', presence: 'all' }).map((r) => r.name)).toEqual([
      'migration_batches',
    ]);
    expect(filterTables(rows, { query: '', role: 'all', presence: 'differs' }).map((r) => r.name)).toEqual([
      'lupo_actors',
    ]);
    expect(filterTables(rows, { query: '', role: 'core', presence: 'live-only' }).map((r) => r.name)).toEqual([
      'lupo_legacy',
    ]);
  });

  it('filters 5,000 tables fast enough for every keystroke', () => {
    const big = model({
      core: Array.from({ length: 5_000 }, (_, i) =>
        table(`t_${String(i).padStart(4, '0')}`, `t_${i}_id`, ['actor_id']),
      ),
    });
    const bigRows = buildTableIndex(big, big);
    const started = performance.now();
    const found = filterTables(bigRows, { query: 't_49', role: 'all', presence: 'all' });
    const elapsed = performance.now() - started;
    expect(found).toHaveLength(100);
    expect(elapsed).toBeLessThan(50);
  });
});

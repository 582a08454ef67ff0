import { describe, expect, it } from 'vitest';
import { buildReport, renderJson, renderMarkdown } from '../../../electron/engine/reports';
import { designStory } from './scenarios';

describe('the DESIGN §1 sync run', () => {
  const { config, analysis } = designStory();
  const report = buildReport({
    config,
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    sources: analysis.sources,
    threeWay: analysis.threeWay,
    doctrine: analysis.doctrine,
    budget: analysis.budget,
    migration: {
      file: 'migrations/20260102_missing_core_tables.sql',
      statements: 2,
      features: ['CREATE TABLE IF NOT EXISTS', 'indexes added only where absent'],
    },
    execution: { status: 'applied', batchId: 42, verified: true, statementsExecuted: 2 },
  });

  it('carries the counts of the story', () => {
    expect(analysis.sources.definitions?.tables).toBe(120);
    expect(analysis.sources.sql).toMatchObject({ tables: 111, createTableStatements: 111 });
    expect(analysis.budget.total).toEqual({ current: 119, afterPlan: 121, max: 180, headroom: 59 });
    expect(analysis.budget.perRole.core.afterPlan).toBe(113);
    expect(report.databases.core.missingTables.map((table) => table.name)).toEqual([
      'lupo_actor_collections',
      'lupo_permissions',
    ]);
    expect(analysis.doctrine.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('tells the story in Markdown', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toMatch(
      /^---\ntitle: "Schema sync report"\ndescription: .+\nversion: "4.0.46"\ndate: "2026-01-02T03:04:05.000Z"\nstatus: "applied, verified"\n---\n/,
    );
    expect(markdown).toContain(
      'Compared 120 table definitions, 111 `CREATE TABLE` statements in the SQL file and 119 live tables.',
    );
    expect(markdown).toContain('Missing tables: 2 (core: `lupo_actor_collections`, `lupo_permissions`)');
    expect(markdown).toContain('### `lupo_permissions` (core)\n\nPurpose: Permission catalogue.');
    expect(markdown).toContain('UNIQUE `uniq_permission_key` (permission_key)');
    expect(markdown).toContain('| **total** | 119 | 121 | 180 | 59 |');
    expect(markdown).toContain('113 core + 8 orchestration = 121 tables, budget 180, headroom 59');
    expect(markdown).toContain('| `migration_batches` | present |');
    expect(markdown).toContain('- CREATE TABLE IF NOT EXISTS');
    expect(markdown).toContain('| `no-foreign-keys` | ✅ pass | 0 | error |');
    expect(markdown).toContain('- Batch: 42');
    for (const section of [
      'Analysis results',
      'Missing tables',
      'Extra tables',
      'Changed tables',
      'Orchestration tables',
      'Table budget',
      'Migration',
      'Doctrine compliance',
      'Execution status',
      'Next steps',
    ]) {
      expect(markdown).toContain(`\n## ${section}\n`);
    }
  });

  it('exposes the figures in the versioned JSON', () => {
    const json = JSON.parse(renderJson(report));
    expect(json.reportVersion).toBe(1);
    expect(json.counts.sources.definitions.tables).toBe(120);
    expect(json.databases.core.missingTables).toHaveLength(2);
    expect(json.databases.core.extraTables.map((t: { name: string }) => t.name)).toEqual(['lupo_legacy_imports']);
    expect(json.databases.core.changedTables).toEqual([]);
    expect(json.budget).toMatchObject({ current: 119, afterPlan: 121, max: 180, headroom: 59 });
    expect(Array.isArray(json.doctrine)).toBe(true);
  });
});

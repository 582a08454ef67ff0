import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { analyzeWorkspace } from '../../../electron/engine/analysis';
import { col, doctrineTable, manyTables, model } from '../diff/model-builders';

const config = workspaceConfigSchema.parse({});

describe('analyzeWorkspace', () => {
  it('lints each loaded source and tags findings with it', () => {
    const bad = doctrineTable('lupo_things', 'thing_id', {
      columns: [...doctrineTable('lupo_things', 'thing_id').columns, col('seen_at', 'timestamp')],
    });
    const analysis = analyzeWorkspace({
      config,
      definitions: model({ core: [doctrineTable('lupo_things', 'thing_id')] }),
      live: model({ core: [bad] }),
    });
    expect(analysis.doctrine.map((finding) => `${finding.source}:${finding.code}`)).toEqual(['live:ymdhis-timestamps']);
    expect(analysis.drift).toBe(true);
    expect(analysis.errors).toBe(1);
    expect(analysis.plannedChanges).toEqual([]);
  });

  it('is clean when the sources agree', () => {
    const same = model({ core: manyTables('lupo_', 3) });
    const analysis = analyzeWorkspace({
      config,
      definitions: same,
      sql: { model: same, createTableCount: 3 },
      live: same,
    });
    expect(analysis.drift).toBe(false);
    expect(analysis.errors).toBe(0);
    expect(analysis.sources.sql).toEqual({
      tables: 3,
      perRole: { core: 3, orchestration: 0, ephemeral: 0 },
      createTableStatements: 3,
    });
  });

  it('blocks a plan that would cross the budget', () => {
    const tight = workspaceConfigSchema.parse({ tableBudget: { total: 4 } });
    const analysis = analyzeWorkspace({
      config: tight,
      definitions: model({ core: manyTables('lupo_', 6) }),
      live: model({ core: manyTables('lupo_', 3) }),
    });
    expect(analysis.budget.total).toEqual({ current: 3, afterPlan: 6, max: 4, headroom: -2 });
    const planFindings = analysis.doctrine.filter((finding) => finding.source === 'plan');
    expect(planFindings).toHaveLength(1);
    expect(planFindings[0]).toMatchObject({ code: 'table-budget', severity: 'error' });
    expect(planFindings[0]?.message).toContain('2 over the budget of 4');
    // the definitions themselves (6 tables) are also over the budget: the rule reports it per source
    expect(
      analysis.doctrine.filter((finding) => finding.source === 'definitions').map((finding) => finding.code),
    ).toEqual(['table-budget']);
  });

  it('with only definitions: counts and lint, nothing compared', () => {
    const analysis = analyzeWorkspace({ config, definitions: model({ core: manyTables('lupo_', 2) }) });
    expect(analysis.threeWay.sources).toEqual(['definitions']);
    expect(analysis.drift).toBe(false);
    expect(analysis.budget.total).toEqual({ current: 2, afterPlan: 2, max: 180, headroom: 178 });
  });
});

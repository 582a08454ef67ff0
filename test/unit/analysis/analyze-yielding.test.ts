import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { analyzeWorkspace, analyzeWorkspaceYielding } from '../../../electron/engine/analysis/analyze';
import { col, doctrineTable, manyTables, model } from '../diff/model-builders';

const config = workspaceConfigSchema.parse({ tableBudget: { total: 10_000 } });

/** 2,000 tables, one in ten with a live-only column: enough work for several steps. */
function sources() {
  const definitions = model({ core: manyTables('lupo_', 2000) });
  const live = model({
    core: definitions.databases.core.tables.map((t, i) =>
      i % 10 === 0 ? { ...t, columns: [...t.columns, col('legacy_flag', 'tinyint')] } : t,
    ),
  });
  return { config, definitions, live };
}

describe('analyzeWorkspaceYielding', () => {
  it('gives the event loop turns during the analysis and returns what analyzeWorkspace returns', async () => {
    const input = sources();
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    let analysis;
    try {
      const running = analyzeWorkspaceYielding(input);
      // A request arriving meanwhile is answered before the analysis ends.
      const answered = await Promise.race([
        new Promise((resolve) => setTimeout(() => resolve('answered'), 0)),
        running.then(() => 'analysis first'),
      ]);
      expect(answered).toBe('answered');
      analysis = await running;
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThan(1);
    expect(analysis).toEqual(analyzeWorkspace(input));
    expect(analysis.threeWay.roles.core.pairs[0]?.changes).toHaveLength(200);
  });

  it('stops at the next step once cancelled', async () => {
    const controller = new AbortController();
    const running = analyzeWorkspaceYielding(sources(), undefined, controller.signal);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'job/cancelled' });
  });

  it('still analyses a workspace too small to step', async () => {
    const input = { config, definitions: model({ core: [doctrineTable('lupo_things', 'thing_id')] }) };
    expect(await analyzeWorkspaceYielding(input)).toEqual(analyzeWorkspace(input));
  });
});

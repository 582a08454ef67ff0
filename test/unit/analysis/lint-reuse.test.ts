import { afterEach, describe, expect, it, vi } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { analyzeWorkspaceYielding } from '../../../electron/engine/analysis/analyze';
import { doctrineRules } from '../../../electron/engine/doctrine/rules';
import { manyTables, model } from '../diff/model-builders';

/** Counts the table checks of one rule (each table of each linted model is checked once per rule). */
function countTableChecks(): { count: number } {
  const rule = doctrineRules.find((candidate) => candidate.check.table)!;
  const table = rule.check.table!;
  const counter = { count: 0 };
  vi.spyOn(rule.check, 'table').mockImplementation((...args) => (counter.count++, table(...args)));
  return counter;
}

describe('the doctrine findings of a model already analysed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are reused by the next analysis of the same model and config, and recomputed for another config', async () => {
    const config = workspaceConfigSchema.parse({});
    const definitions = model({ core: manyTables('lupo_', 30) });
    const live = model({ core: manyTables('lupo_', 20) });
    const checks = countTableChecks();

    const alone = await analyzeWorkspaceYielding({ config, definitions });
    expect(checks.count).toBe(30);
    // Against live (the analysis after connect): only the live model is linted.
    const againstLive = await analyzeWorkspaceYielding({ config, definitions, live });
    expect(checks.count).toBe(30 + 20);
    expect(againstLive.doctrine.filter((f) => f.source === 'definitions')).toEqual(
      alone.doctrine.filter((f) => f.source === 'definitions'),
    );
    // A reloaded workspace (new config object) is linted anew.
    await analyzeWorkspaceYielding({ config: workspaceConfigSchema.parse({}), definitions });
    expect(checks.count).toBe(30 + 20 + 30);
  });
});

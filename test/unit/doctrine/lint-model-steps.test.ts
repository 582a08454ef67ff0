import { afterEach, describe, expect, it, vi } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { lintModel, lintModelSteps } from '../../../electron/engine/doctrine/runner';
import { doctrineRules } from '../../../electron/engine/doctrine/rules';
import { manyTables, model } from '../diff/model-builders';

const config = workspaceConfigSchema.parse({});

describe('lintModelSteps', () => {
  afterEach(() => vi.restoreAllMocks());

  it('yields every 2,000 table checks at most, and finds what lintModel finds', () => {
    const tables = manyTables('lupo_', 5000);
    // One in ten breaks a rule, so the steps have findings to carry across yields.
    const schema = model({ core: tables.map((t, i) => (i % 10 === 0 ? { ...t, name: `${t.name}Bad` } : t)) });
    let checks = 0;
    for (const rule of doctrineRules) {
      const table = rule.check.table;
      if (table) vi.spyOn(rule.check, 'table').mockImplementation((...args) => (checks++, table(...args)));
    }
    const steps = lintModelSteps(schema, config, 'definitions');
    const between: number[] = [];
    let next = steps.next();
    for (let since = 0; !next.done; next = steps.next()) {
      between.push(checks - since);
      since = checks;
    }
    expect(between.length).toBeGreaterThanOrEqual(Math.floor(checks / 2000));
    expect(Math.max(...between)).toBeLessThanOrEqual(2000);
    expect(next.value.length).toBeGreaterThan(0);
    expect(next.value).toEqual(lintModel(schema, config, 'definitions'));
  });
});

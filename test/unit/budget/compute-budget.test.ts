import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { budgetFindings, computeBudget } from '../../../electron/engine/budget';
import { diffDatabase } from '../../../electron/engine/diff';
import { manyTables, model } from '../diff/model-builders';

const config = workspaceConfigSchema.parse({});

describe('computeBudget', () => {
  it('counts per role and in total, with headroom, before and after a plan of counts', () => {
    const current = model({ core: manyTables('lupo_', 111), orchestration: manyTables('migration_', 8) });
    const status = computeBudget(current, { addTables: 2, dropTables: 0 }, config);
    expect(status.perRole.core).toEqual({ current: 111, afterPlan: 113 });
    expect(status.perRole.orchestration).toEqual({ current: 8, afterPlan: 8 });
    expect(status.total).toEqual({ current: 119, afterPlan: 121, max: 180, headroom: 59 });
    expect(status.exceededBy).toBe(0);
    expect(budgetFindings(status, config.databases)).toEqual([]);
  });

  it('counts a plan given as schema changes per role', () => {
    const current = model({ core: manyTables('lupo_', 3) });
    const desired = model({ core: manyTables('lupo_', 5).slice(1), ephemeral: manyTables('tmp_', 1) });
    const changes = [
      ...diffDatabase(current.databases.core, desired.databases.core),
      ...diffDatabase(current.databases.ephemeral, desired.databases.ephemeral),
    ];
    const status = computeBudget(current, changes, config);
    expect(status.perRole.core).toEqual({ current: 3, afterPlan: 4 });
    expect(status.perRole.ephemeral).toEqual({ current: 0, afterPlan: 1 });
    expect(status.total.afterPlan).toBe(5);
  });

  it('a plan crossing the budget is an error naming how far over it goes', () => {
    const tight = workspaceConfigSchema.parse({ tableBudget: { total: 10, perRole: { core: 6 } } });
    const status = computeBudget(
      model({ core: manyTables('lupo_', 5), orchestration: manyTables('migration_', 4) }),
      { addTables: 3, dropTables: 0 },
      tight,
    );
    expect(status.total).toEqual({ current: 9, afterPlan: 12, max: 10, headroom: -2 });
    expect(status.exceededBy).toBe(2);
    const findings = budgetFindings(status, tight.databases);
    expect(findings.map((finding) => [finding.severity, finding.location])).toEqual([
      ['error', { kind: 'database', database: 'lupo_core+lupo_orchestration+lupo_ephemeral' }],
      ['error', { kind: 'database', database: 'lupo_core' }],
    ]);
    expect(findings[0]?.message).toContain('2 over the budget of 10');
    expect(findings[1]?.message).toContain('2 over its budget of 6');
  });
});

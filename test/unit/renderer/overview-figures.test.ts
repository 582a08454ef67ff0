import { describe, expect, it } from 'vitest';
import type { AnalysisSummary, WorkspaceSummary } from '../../../shared/contract/workspace';
import { budgetLevel, roleColumns, severityCounts } from '../../../renderer/src/lib/overview-figures';
import { roleDatabases } from '../../../renderer/src/lib/role-databases';

const summary: WorkspaceSummary = {
  root: '/w',
  isDemo: false,
  config: {
    definitions: '/w/toon',
    migrations: '/w/migrations',
    sqlFiles: [],
    databases: { core: 'c', orchestration: 'o', ephemeral: 'e' },
    tableBudget: { total: 180, perRole: { orchestration: 10 } },
  },
  counts: { definitions: { core: 113, orchestration: 8, ephemeral: 0 } },
  findings: [],
};

describe('roleColumns', () => {
  it('shows definitions and, after an analysis, live counts per role', () => {
    expect(roleColumns(summary)[1]).toEqual({ role: 'orchestration', database: 'o', definitions: 8, budget: 10 });
    const analysis = {
      counts: {
        definitions: { core: 113, orchestration: 8, ephemeral: 0 },
        live: { core: 111, orchestration: 8, ephemeral: 0 },
      },
    } as unknown as AnalysisSummary;
    expect(roleColumns(summary, analysis)[0]).toEqual({ role: 'core', database: 'c', definitions: 113, live: 111 });
  });
});

describe('budgetLevel', () => {
  it('is green below 80 %, orange up to the maximum, red beyond', () => {
    expect(budgetLevel(121, 180)).toEqual({ percent: 67.2, color: 'green' });
    expect(budgetLevel(150, 180).color).toBe('orange');
    expect(budgetLevel(181, 180).color).toBe('red');
    expect(budgetLevel(0, 0)).toEqual({ percent: 0, color: 'green' });
  });
});

describe('severityCounts', () => {
  it('sums rule counts by severity', () => {
    const analysis = {
      doctrine: {
        byRule: [
          { rule: 'no-foreign-keys', severity: 'error', count: 2 },
          { rule: 'bigint-ids', severity: 'error', count: 1 },
          { rule: 'soft-delete', severity: 'warning', count: 4 },
        ],
      },
    } as unknown as AnalysisSummary;
    expect(severityCounts(analysis)).toEqual({ error: 3, warning: 4, info: 0 });
  });
});

describe('roleDatabases', () => {
  it('matches role names with the server’s databases', () => {
    expect(roleDatabases({ core: 'c', orchestration: 'o', ephemeral: 'e' }, [{ name: 'c', tableCount: 113 }])).toEqual([
      { role: 'core', name: 'c', tableCount: 113, presentOnServer: true },
      { role: 'orchestration', name: 'o', presentOnServer: false },
      { role: 'ephemeral', name: 'e', presentOnServer: false },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { analyzeWorkspace } from '../../../electron/engine/analysis';
import { buildReport, renderHtml, renderJson, renderMarkdown } from '../../../electron/engine/reports';
import { doctrineTable, model } from '../diff/model-builders';
import { ORCHESTRATION_TABLES } from './scenarios';

/** A report of a workspace, with the live databases holding two of the app's ledger tables. */
function reportOf(declareLedger: boolean) {
  const config = workspaceConfigSchema.parse({ systemVersion: '1.0.0' });
  const things = doctrineTable('lupo_things', 'thing_id');
  const ledger = ORCHESTRATION_TABLES.slice(0, 2);
  const definitions = model({ core: [things], ...(declareLedger ? { orchestration: ledger } : {}) });
  const live = model({ core: [things], orchestration: ledger });
  const analysis = analyzeWorkspace({ config, definitions, live });
  return buildReport({
    config,
    generatedAt: new Date('2026-03-04T05:06:07Z'),
    sources: analysis.sources,
    threeWay: analysis.threeWay,
    doctrine: analysis.doctrine,
    budget: analysis.budget,
    appManaged: analysis.appManaged,
  });
}

describe('the budget section names the ledger tables the app manages (workspace declares none)', () => {
  it('Markdown, HTML and JSON say which counted tables are the ledger', () => {
    const report = reportOf(false);
    const sentence = 'includes 2 ledger tables the app manages: migration_batches, migration_files';
    expect(report.budget.current).toBe(3);
    expect(report.status).toBe('in sync');
    expect(renderMarkdown(report)).toContain(`Within budget: 1 core + 2 orchestration = 3 tables`);
    expect(renderMarkdown(report)).toContain(sentence);
    expect(renderHtml(report)).toContain(sentence);
    const json = JSON.parse(renderJson(report)) as { budget: { ledgerTables?: string[]; summary: string } };
    expect(json.budget.ledgerTables).toEqual(['migration_batches', 'migration_files']);
    expect(json.budget.summary).toContain(sentence);
  });

  it('says nothing extra when the workspace declares the ledger (they are its own tables then)', () => {
    const report = reportOf(true);
    expect(report.budget.current).toBe(3);
    expect(renderMarkdown(report)).not.toContain('ledger table');
    expect(JSON.parse(renderJson(report)).budget.ledgerTables).toBeUndefined();
  });
});

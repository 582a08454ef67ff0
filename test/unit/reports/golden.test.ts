import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { analyzeWorkspace } from '../../../electron/engine/analysis';
import { buildReport, renderHtml, renderJson, renderMarkdown, type SyncReport } from '../../../electron/engine/reports';
import { col, doctrineTable, idx, model, table } from '../diff/model-builders';
import { ORCHESTRATION_TABLES } from './scenarios';

const dir = join(import.meta.dirname, '../../fixtures/reports');

/** A small hand-made workspace with every kind of finding, so the goldens show every section. */
function handMadeReport(): SyncReport {
  const config = workspaceConfigSchema.parse({
    systemVersion: '4.0.46',
    doctrine: { 'audit-timestamps': { enabled: false } },
  });
  const actors = doctrineTable('lupo_actors', 'actor_id', {
    columns: [
      ...doctrineTable('lupo_actors', 'actor_id').columns,
      col('display_name', 'varchar', { length: 120, comment: 'Shown <in> the "UI" & lists' }),
    ],
    indexes: [idx('idx_display_name', ['display_name'])],
    options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', comment: 'People and agents' },
  });
  const liveActors = {
    ...actors,
    columns: [
      ...doctrineTable('lupo_actors', 'actor_id').columns,
      col('display_name', 'varchar', { length: 80, nullable: true }),
    ],
    indexes: [],
  };
  const permissions = doctrineTable('lupo_permissions', 'permission_id', {
    options: { engine: 'InnoDB', charset: 'utf8mb4', comment: 'People & agents <script>alert(1)</script>' },
  });
  const stray = table(
    'tmp_import',
    [col('id', 'int', { unsigned: true, autoIncrement: true }), col('loaded_at', 'datetime')],
    {
      primaryKey: { columns: ['id'] },
      options: { engine: 'MyISAM', charset: 'latin1' },
    },
  );
  const definitions = model({ core: [actors, permissions], orchestration: ORCHESTRATION_TABLES.slice(0, 2) });
  const live = model({ core: [liveActors, stray], orchestration: ORCHESTRATION_TABLES.slice(0, 1) });
  const analysis = analyzeWorkspace({ config, definitions, live });
  return buildReport({
    config,
    generatedAt: new Date('2026-03-04T05:06:07Z'),
    sources: analysis.sources,
    threeWay: analysis.threeWay,
    doctrine: analysis.doctrine,
    budget: analysis.budget,
    migration: {
      file: 'migrations/0007_sync.sql',
      statements: 3,
      features: ['CREATE TABLE IF NOT EXISTS', 'ALTER guarded by information_schema'],
    },
  });
}

function golden(name: string, actual: string): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('report goldens (UPDATE_GOLDEN=1 regenerates)', () => {
  const report = handMadeReport();
  it('markdown', () => golden('hand-made.md.golden', renderMarkdown(report)));
  it('json', () => golden('hand-made.json.golden', renderJson(report)));
  it('html', () => golden('hand-made.html.golden', renderHtml(report)));

  it('html is self-contained and escaped', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    expect(html).toContain('People &amp; agents &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('@media print');
  });

  it('shows every kind of difference', () => {
    expect(report.counts).toMatchObject({ missingTables: 2, extraTables: 1, changedTables: 1 });
    expect(report.databases.core.changedTables[0]?.changes.map((change) => change.description)).toEqual([
      "column `display_name`: type varchar(80) → varchar(120); NULL → NOT NULL; default NULL → none; comment '' → 'Shown <in> the \"UI\" & lists'",
      'index `idx_display_name` (display_name) is missing',
    ]);
    expect(report.compliance.find((rule) => rule.rule === 'audit-timestamps')).toMatchObject({
      enabled: false,
      findings: 0,
    });
    expect(report.doctrine.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['bigint-ids', 'ymdhis-timestamps', 'innodb-utf8mb4', 'primary-key-named-after-table']),
    );
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { buildReport, renderHtml, renderJson, renderMarkdown } from '../../../electron/engine/reports';
import { migrationChecksum } from '../../../electron/engine/migrations/checksum';
import {
  budgetWithMigration,
  describeMigration,
  withMigration,
} from '../../../electron/engine/reports/migration-input';
import { ymdhisToIso } from '../../../electron/engine/reports/ledger-execution';
import { designStory } from './scenarios';

const dir = join(import.meta.dirname, '../../fixtures/reports');
const FIXTURE = join(dir, 'sync-migration.sql');
const content = readFileSync(FIXTURE, 'utf8');
const config = workspaceConfigSchema.parse({ systemVersion: '4.0.46' });

function golden(name: string, actual: string): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('describeMigration', () => {
  it('reads counts, checksum, target role and features of a generated-style migration', () => {
    const { migration, findings, createdTables } = describeMigration(
      { path: 'migrations/20260102_sync.sql', content },
      config,
    );
    expect(migration.file).toBe('migrations/20260102_sync.sql');
    expect(migration.sha256).toBe(migrationChecksum(content));
    expect(migration.statements).toBe(6);
    expect(migration.steps).toBe(3);
    expect(migration.byKind).toMatchObject({ create: 2, 'add-index': 1, drop: 0 });
    expect(migration.targetRole).toBe('core');
    expect(migration.features).toEqual([
      '2 × CREATE TABLE IF NOT EXISTS',
      '1 × ADD COLUMN/INDEX guarded via information_schema (added only where absent)',
      'no destructive statements',
      'target role core (declared in the header)',
    ]);
    expect(migration.checks?.every((check) => check.ok)).toBe(true);
    expect(migration.checks?.find((check) => check.id === 'create-if-not-exists')?.count).toBe(2);
    expect(findings).toEqual([]);
    expect(createdTables).toEqual([
      { role: 'core', table: 'lupo_actor_collections' },
      { role: 'core', table: 'lupo_permissions' },
    ]);
  });

  it('flags destructive, unguarded and doctrine-breaking statements, and a missing header', () => {
    const bad = [
      'CREATE TABLE `lupo_notes` (`note_id` INT UNSIGNED NOT NULL, `noted_at` DATETIME, PRIMARY KEY (`note_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
      'ALTER TABLE `lupo_notes` ADD COLUMN `body` TEXT;',
      'DROP TABLE `lupo_old_notes`;',
      '',
    ].join('\n');
    const { migration, findings } = describeMigration({ path: 'bad.sql', content: bad }, config);
    const check = (id: string) => migration.checks?.find((entry) => entry.id === id);
    expect(check('create-if-not-exists')).toMatchObject({ ok: false, count: 0, detail: '0 of 1' });
    expect(check('guarded-alter')).toMatchObject({ ok: false, count: 0 });
    expect(check('no-destructive')).toMatchObject({ ok: false, count: 1 });
    expect(check('no-destructive')?.detail).toContain('line 3: drop table `lupo_old_notes`');
    expect(check('idempotent')?.ok).toBe(false);
    expect(check('target-role')).toMatchObject({ ok: false, detail: 'not declared: core assumed' });
    expect(migration.targetRole).toBe('core');
    expect(migration.features).toContain('1 × destructive step');
    expect(migration.features).toContain('1 × CREATE TABLE without IF NOT EXISTS');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.source === 'migration')).toBe(true);
    expect(findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['bigint-ids', 'ymdhis-timestamps']),
    );
    expect(findings[0]?.location).toMatchObject({ kind: 'file', file: 'bad.sql' });
    expect(check('doctrine')?.ok).toBe(false);
  });

  it('a schema-qualified CREATE lands in the role whose database it names', () => {
    const text = `CREATE TABLE IF NOT EXISTS \`${config.databases.ephemeral}\`.\`lupo_scratch\` (\`scratch_id\` BIGINT NOT NULL, PRIMARY KEY (\`scratch_id\`));`;
    expect(describeMigration({ path: 'q.sql', content: text }, config).createdTables).toEqual([
      { role: 'ephemeral', table: 'lupo_scratch' },
    ]);
  });
});

describe('budget with a migration', () => {
  const { analysis } = designStory();

  it('does not count the missing tables twice', () => {
    const description = describeMigration({ path: 'sync.sql', content }, config);
    expect(budgetWithMigration(analysis.budget, analysis.threeWay, description.createdTables)).toBe(analysis.budget);
    expect(analysis.budget.total).toEqual({ current: 119, afterPlan: 121, max: 180, headroom: 59 });
  });

  it('counts a created table no source has, and ignores one that exists already', () => {
    const budget = budgetWithMigration(analysis.budget, analysis.threeWay, [
      { role: 'ephemeral', table: 'lupo_new_cache' },
      { role: 'ephemeral', table: 'LUPO_NEW_CACHE' },
      { role: 'core', table: 'lupo_legacy_imports' },
    ]);
    expect(budget.total).toEqual({ current: 119, afterPlan: 122, max: 180, headroom: 58 });
    expect(budget.perRole.ephemeral.afterPlan).toBe(1);
    expect(budget.perRole.core.afterPlan).toBe(analysis.budget.perRole.core.afterPlan);
  });
});

it('ymdhisToIso turns ledger timestamps into ISO dates', () => {
  expect(ymdhisToIso(20260102030405)).toBe('2026-01-02T03:04:05Z');
  expect(ymdhisToIso('20260102030405')).toBe('2026-01-02T03:04:05Z');
  expect(ymdhisToIso(0)).toBeUndefined();
  expect(ymdhisToIso(null)).toBeUndefined();
});

describe('report with a migration and its execution (goldens; UPDATE_GOLDEN=1 regenerates)', () => {
  const { analysis } = designStory();
  const description = describeMigration({ path: 'migrations/20260102_sync.sql', content }, config);
  const report = buildReport({
    config,
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    sources: analysis.sources,
    threeWay: analysis.threeWay,
    ...withMigration(analysis, description),
    execution: {
      status: 'completed',
      batchId: 42,
      targetDatabase: 'lupo_core',
      startedAt: '2026-01-02T03:00:00Z',
      endedAt: '2026-01-02T03:00:02Z',
      executed: 3,
      skipped: 0,
      verified: true,
      checksumMatches: true,
      statementsExecuted: 3,
    },
  });

  it('markdown', () => golden('with-migration.md.golden', renderMarkdown(report)));
  it('json', () => golden('with-migration.json.golden', renderJson(report)));
  it('html', () => golden('with-migration.html.golden', renderHtml(report)));

  it('carries the migration and execution sections the DESIGN §1 run needs', () => {
    const json = JSON.parse(renderJson(report));
    expect(Object.keys(json.migration)).toEqual([
      'file',
      'sha256',
      'statements',
      'steps',
      'byKind',
      'features',
      'checks',
      'targetRole',
    ]);
    expect(json.execution).toMatchObject({
      status: 'completed',
      batchId: 42,
      verified: true,
      checksumMatches: true,
      executed: 3,
      skipped: 0,
    });
    expect(json.status).toBe('completed, verified');
    expect(json.budget).toMatchObject({ current: 119, afterPlan: 121, max: 180, headroom: 59 });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| Tables created with `CREATE TABLE IF NOT EXISTS` | ✅ | 2 | 2 of 2 |');
    expect(markdown).toContain('- Checksum matches the ledger: ✅ yes');
    expect(markdown).not.toContain('No migration file is part of this report.');
    expect(report.nextSteps.join('\n')).not.toContain('lupo apply');
  });

  it('a migration whose statements break the doctrine fails the rule in compliance, with source "migration"', () => {
    const bad = describeMigration(
      { path: 'bad.sql', content: 'CREATE TABLE IF NOT EXISTS `lupo_x` (`x_id` INT NOT NULL, PRIMARY KEY (`x_id`));' },
      config,
    );
    const withBad = buildReport({
      config,
      generatedAt: new Date('2026-01-02T03:04:05Z'),
      sources: analysis.sources,
      threeWay: analysis.threeWay,
      ...withMigration(analysis, bad),
      execution: { status: 'not applied' },
    });
    expect(withBad.compliance.find((rule) => rule.rule === 'bigint-ids')).toMatchObject({ passed: false });
    expect(withBad.doctrine.filter((finding) => finding.source === 'migration').length).toBeGreaterThan(0);
    expect(withBad.status).toBe('action required');
    expect(withBad.budget.afterPlan).toBe(122);
    expect(withBad.nextSteps.join('\n')).toContain('lupo apply bad.sql');
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffDatabase } from '../../../electron/engine/diff/index';
import { planMigration, renderMigrationFile, renderRollbackFile } from '../../../electron/engine/planner/index';
import { fixtureDatabase, PLANNER_FIXTURES } from './fixture-models';

/** Masks the generation date so goldens stay stable whatever date the test passes. */
const maskDate = (text: string): string => text.replace(/ on \d{4}-\d{2}-\d{2}T[\d:.]+Z/g, ' on <date>');

function expectGolden(name: string, actual: string): void {
  const file = path.join(PLANNER_FIXTURES, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('planner golden files (UPDATE_GOLDEN=1 regenerates)', () => {
  const changes = diffDatabase(fixtureDatabase('actual.sql'), fixtureDatabase('desired.sql'));
  const options = { generatedAt: new Date(), version: '1.2.3', source: 'test fixtures: desired.sql → actual.sql' };

  it('the change set covers every kind the diff produces', () => {
    expect(new Set(changes.map((c) => c.kind))).toEqual(
      new Set([
        'addTable',
        'dropTable',
        'addColumn',
        'dropColumn',
        'modifyColumn',
        'addIndex',
        'dropIndex',
        'modifyIndex',
        'modifyPrimaryKey',
        'modifyTableOptions',
        'dropForeignKey',
      ]),
    );
  });

  it('drift.golden: safe changes only, destructive ones named as skipped', () => {
    const plan = planMigration(changes, options);
    expect(plan.skipped.map((s) => s.change.kind).sort()).toEqual(
      [
        'dropColumn',
        'dropForeignKey',
        'dropIndex',
        'dropTable',
        'modifyColumn',
        'modifyIndex',
        'modifyPrimaryKey',
      ].sort(),
    );
    expect(plan.statements.every((s) => !s.destructive)).toBe(true);
    expectGolden('drift.golden', maskDate(renderMigrationFile(plan)));
  });

  it('drift-destructive.golden and its down-file: everything, destructive statements marked', () => {
    const plan = planMigration(changes, { ...options, allowDestructive: true });
    expect(plan.skipped).toEqual([]);
    const text = maskDate(renderMigrationFile(plan));
    expect(text.match(/^-- DESTRUCTIVE: /gm)).toHaveLength(plan.statements.filter((s) => s.destructive).length);
    expectGolden('drift-destructive.golden', text);
    expectGolden('drift-destructive.down.golden', maskDate(renderRollbackFile(plan)));
  });
});

import { describe, expect, it } from 'vitest';
import { markDeclaredDestructive } from '../../../electron/engine/orchestrator/apply-plan';
import { classifyStatement } from '../../../electron/engine/orchestrator/classify';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';
import { splitStatements } from '../../../electron/engine/sqlfile/index';

describe('destructive statements the classifier cannot see alone', () => {
  it('honours the planner’s `-- DESTRUCTIVE:` marker above a step', () => {
    const content = [
      '-- widen name',
      'ALTER TABLE t MODIFY COLUMN name varchar(255) NOT NULL;',
      '',
      '-- DESTRUCTIVE: narrow code from varchar(64) to varchar(8)',
      'ALTER TABLE t MODIFY COLUMN code varchar(8) NOT NULL;',
    ].join('\n');
    const steps = markDeclaredDestructive(buildSteps(splitStatements(content)), content);
    expect(steps.map((s) => s.classification.destructive)).toEqual([false, true]);
  });

  it('treats a character-set conversion as destructive', () => {
    expect(classifyStatement('ALTER TABLE t CONVERT TO CHARACTER SET latin1').destructive).toBe(true);
  });
});

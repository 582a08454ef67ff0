import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../../electron/engine/orchestrator/classify';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';

describe('classifyStatement', () => {
  it.each([
    ['CREATE TABLE IF NOT EXISTS `a` (`a_id` bigint)', 'create', false, false, [{ kind: 'table-exists', table: 'a' }]],
    [
      'create table `db`.`t``x` (x int)',
      'create',
      false,
      false,
      [{ kind: 'table-exists', database: 'db', table: 't`x' }],
    ],
    [
      'ALTER TABLE t ADD COLUMN `c` int NOT NULL DEFAULT 0 AFTER b',
      'add-column',
      false,
      true,
      [{ kind: 'column-exists', table: 't', column: 'c' }],
    ],
    [
      'ALTER TABLE t ADD UNIQUE KEY uq_x (x), ADD INDEX idx_y (y)',
      'add-index',
      false,
      true,
      [
        { kind: 'index-exists', table: 't', index: 'uq_x' },
        { kind: 'index-exists', table: 't', index: 'idx_y' },
      ],
    ],
    ['CREATE INDEX idx_a ON t (a)', 'add-index', false, true, [{ kind: 'index-exists', table: 't', index: 'idx_a' }]],
    [
      'DROP TABLE IF EXISTS a, `b`',
      'drop',
      true,
      false,
      [
        { kind: 'table-absent', table: 'a' },
        { kind: 'table-absent', table: 'b' },
      ],
    ],
    ['ALTER TABLE t DROP COLUMN c', 'drop', true, true, [{ kind: 'column-absent', table: 't', column: 'c' }]],
    ['ALTER TABLE t DROP INDEX i', 'drop', true, true, [{ kind: 'index-absent', table: 't', index: 'i' }]],
    ['ALTER TABLE t MODIFY COLUMN c bigint', 'modify', false, true, []],
    ['DELETE FROM t WHERE 1', 'data', true, false, []],
    ['INSERT INTO t VALUES (1)', 'data', false, false, []],
    ['TRUNCATE TABLE t', 'data', true, true, []],
  ] as const)('%s', (sql, kind, destructive, locking, effects) => {
    const c = classifyStatement(sql);
    expect(c.kind).toBe(kind);
    expect(c.destructive).toBe(destructive);
    expect(c.locking).toBe(locking);
    expect(c.effects).toEqual(effects);
  });

  it('reads the guarded statement inside SET @v = IF(…) and groups PREPARE/EXECUTE/DEALLOCATE into one step', () => {
    const set =
      "SET @s = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_NAME = 't') = 0, 'ALTER TABLE `t` ADD COLUMN `c` varchar(3) NOT NULL DEFAULT ''it''''s''', 'DO 0')";
    const c = classifyStatement(set);
    expect(c).toMatchObject({
      kind: 'add-column',
      idempotent: true,
      setsVariable: '@s',
      effects: [{ kind: 'column-exists', table: 't', column: 'c' }],
    });
    const steps = buildSteps([
      { sql: 'CREATE TABLE IF NOT EXISTS x (x_id bigint)', line: 1 },
      { sql: set, line: 2 },
      { sql: 'PREPARE st FROM @s', line: 3 },
      { sql: 'EXECUTE st', line: 4 },
      { sql: 'DEALLOCATE PREPARE st', line: 5 },
      { sql: 'SELECT 1', line: 6 },
    ]);
    expect(steps.map((s) => [s.index, s.line, s.statements.length, s.classification.kind])).toEqual([
      [0, 1, 1, 'create'],
      [1, 2, 4, 'add-column'],
      [2, 6, 1, 'other'],
    ]);
  });

  it('ignores comments and names that look like keywords', () => {
    expect(classifyStatement('/* hi */ -- x\nCREATE TABLE `drop` (a int)').effects).toEqual([
      { kind: 'table-exists', table: 'drop' },
    ]);
  });
});

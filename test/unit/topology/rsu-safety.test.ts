import { describe, expect, it } from 'vitest';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';
import { splitStatements } from '../../../electron/engine/sqlfile/index';
import { describeRsuRefusal, rsuSafety, statementVerdict } from '../../../electron/engine/topology/rsu-safety';

const stepsOf = (sql: string) => buildSteps(splitStatements(sql));

describe('RSU safety (which statements may run as a Rolling Schema Upgrade)', () => {
  it.each([
    ['CREATE TABLE IF NOT EXISTS `t` (`t_id` BIGINT NOT NULL, PRIMARY KEY (`t_id`))', 'rolling'],
    ['ALTER TABLE `t` ADD COLUMN `c` INT NOT NULL DEFAULT 0', 'rolling'],
    ['ALTER TABLE `t` ADD COLUMN IF NOT EXISTS `c` INT NULL, ADD INDEX `idx_c` (`c`), ALGORITHM=INPLACE', 'rolling'],
    ['CREATE INDEX `idx_c` ON `t` (`c`)', 'rolling'],
    ['ALTER TABLE db.t ADD FULLTEXT KEY `ft` (`body`)', 'rolling'],
    ['CREATE DATABASE IF NOT EXISTS `x`', 'rolling'],
    ['INSERT INTO `t` (`t_id`) VALUES (1)', 'once'],
    ['UPDATE `t` SET `c` = 1 WHERE `t_id` = 1', 'once'],
    ['SET NAMES utf8mb4', 'session'],
    ['DO 0', 'session'],
    [
      "SET @s = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE COLUMN_NAME = 'c') = 0, 'ALTER TABLE `t` ADD COLUMN `c` INT', 'DO 0')",
      'rolling',
    ],
  ])('%s → %s', (sql, role) => {
    expect(statementVerdict(sql)).toEqual({ role });
  });

  it.each([
    ['ALTER TABLE `t` DROP COLUMN `c`', /removes what writes from the other nodes still use/],
    ['ALTER TABLE `t` ADD COLUMN `c` INT AFTER `t_id`', /FIRST\/AFTER shifts the columns/],
    ['ALTER TABLE `t` ADD COLUMN `c` INT FIRST', /FIRST\/AFTER/],
    ['ALTER TABLE `t` MODIFY `c` BIGINT', /changes a column/],
    ['ALTER TABLE `t` CHANGE `c` `d` INT', /changes a column/],
    ['ALTER TABLE `t` ADD UNIQUE KEY `uk` (`c`)', /unique or primary key/],
    ['ALTER TABLE `t` ADD CONSTRAINT `fk` FOREIGN KEY (`c`) REFERENCES `u` (`u_id`)', /constraint/],
    ['CREATE UNIQUE INDEX `uk` ON `t` (`c`)', /unique/],
    ['CREATE OR REPLACE TABLE `t` (`a` INT)', /drops the existing/],
    ['CREATE TABLE `t2` AS SELECT * FROM `t`', /copies rows/],
    ['ALTER IGNORE TABLE `t` ADD COLUMN `c` INT', /deletes rows/],
    ['DROP TABLE `t`', /DROP/],
    ['RENAME TABLE `t` TO `u`', /RENAME/],
    ['TRUNCATE TABLE `t`', /TRUNCATE/],
    ['CREATE TRIGGER `tr` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.c = 1', /not a backward-compatible/],
    ["SET @s = IF(1, 'ALTER TABLE `t` DROP COLUMN `c`', 'DO 0')", /removes/],
  ])('%s is refused', (sql, reason) => {
    const verdict = statementVerdict(sql);
    expect('unsafe' in verdict && verdict.unsafe).toMatch(reason);
  });

  it('allows a batch of additions with data after them, counting each role', () => {
    const safety = rsuSafety(
      stepsOf(
        'CREATE TABLE `n` (`n_id` BIGINT NOT NULL PRIMARY KEY);\nALTER TABLE `t` ADD COLUMN `c` INT NOT NULL DEFAULT 0;\nINSERT INTO `n` VALUES (1);\n',
      ),
    );
    expect(safety).toMatchObject({ ok: true, rolling: 2, once: 1, unsafe: [] });
  });

  it('refuses a batch with a drop, naming the statement and its line', () => {
    const safety = rsuSafety(stepsOf('ALTER TABLE `t` ADD COLUMN `c` INT;\n\nALTER TABLE `t` DROP COLUMN `old`;\n'));
    expect(safety.ok).toBe(false);
    expect(safety.unsafe).toHaveLength(1);
    expect(describeRsuRefusal(safety)).toMatch(
      /^RSU refused: 1 statement\(s\) are not backward-compatible — line 3: drop column `t`.`old` \(DROP COLUMN removes/,
    );
  });

  it('refuses a batch without any schema change (RSU would change nothing)', () => {
    const safety = rsuSafety(stepsOf('INSERT INTO `t` VALUES (1);\n'));
    expect(safety.ok).toBe(false);
    expect(describeRsuRefusal(safety)).toContain('at least one schema change');
  });

  it('refuses a step it cannot read', () => {
    const safety = rsuSafety(stepsOf("EXECUTE IMMEDIATE CONCAT('DROP ', 'TABLE t');\n"));
    expect(safety.ok).toBe(false);
    expect(safety.unsafe[0]!.unsafe).toContain('cannot');
  });
});

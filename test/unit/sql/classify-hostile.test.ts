import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../../electron/engine/orchestrator/classify';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';
import { splitStatements } from '../../../electron/engine/sqlfile/index';
import { planMigration, renderMigrationFile } from '../../../electron/engine/planner/index';

const stepsOf = (sql: string) => buildSteps(splitStatements(sql));

describe('the apply classifier reads what the server executes', () => {
  it('executable comments are code: a hidden DROP COLUMN or a hidden table in a DROP list', () => {
    const alter = classifyStatement("ALTER TABLE users COMMENT 'x' /*M!100000 , DROP COLUMN email */");
    expect(alter.destructive).toBe(true);
    expect(alter.effects).toEqual([{ kind: 'column-absent', table: 'users', column: 'email' }]);
    const drop = classifyStatement('DROP TABLE IF EXISTS tmp /*M!100000 , orders */');
    expect(drop.effects.map((e) => e.table)).toEqual(['tmp', 'orders']);
    expect(classifyStatement('ALTER TABLE t COMMENT "x" /*!50700 , DROP COLUMN c */').destructive).toBe(true);
  });

  it('dynamic SQL: literals are read, anything else cannot be verified and counts as destructive', () => {
    const literal = classifyStatement("EXECUTE IMMEDIATE 'DROP TABLE orders'");
    expect(literal).toMatchObject({ destructive: true, effects: [{ kind: 'table-absent', table: 'orders' }] });
    const computed = classifyStatement("EXECUTE IMMEDIATE CONCAT('DROP TABLE ', 'orders')");
    expect(computed).toMatchObject({ destructive: true, unverifiable: true });
    expect(computed.summary).toMatch(/^cannot verify/);

    const prepared = stepsOf("PREPARE s FROM 'DROP TABLE orders'; EXECUTE s;");
    expect(prepared[0]!.classification.destructive).toBe(true);
    const concat = stepsOf("PREPARE s FROM CONCAT('TRUNCATE ', 'orders'); EXECUTE s;");
    expect(concat[0]!.classification).toMatchObject({ destructive: true, unverifiable: true });
    const viaVariable = stepsOf("SET @q = CONCAT('TRUNCATE ', 'orders'); PREPARE s FROM @q; EXECUTE s;");
    expect(viaVariable).toHaveLength(1);
    expect(viaVariable[0]!.classification).toMatchObject({ destructive: true, unverifiable: true });
    const otherVariable = stepsOf("SET @a = 'DO 0'; PREPARE s FROM @b; EXECUTE s;");
    expect(otherVariable[0]!.classification).toMatchObject({ destructive: true, unverifiable: true });
    const lonePrepare = stepsOf("SET @a = 'DO 0'; SELECT 1; PREPARE s FROM @a; EXECUTE s;");
    expect(lonePrepare[2]!.classification).toMatchObject({ destructive: true, unverifiable: true });
    const branchDrop = stepsOf(
      "SET @v = IF(1 = 1, 'CREATE TABLE IF NOT EXISTS a (x int)', 'DROP TABLE orders'); PREPARE s FROM @v; EXECUTE s; DEALLOCATE PREPARE s;",
    );
    expect(branchDrop[0]!.classification.destructive).toBe(true);
    expect(stepsOf("SET @x = CONCAT('a', 'b'); SELECT @x;")[0]!.classification.destructive).toBe(false);
    expect(classifyStatement('CALL cleanup()')).toMatchObject({ destructive: true, unverifiable: true });
    expect(classifyStatement('BEGIN NOT ATOMIC DROP TABLE orders; END')).toMatchObject({ destructive: true });
    expect(classifyStatement('CREATE EVENT e ON SCHEDULE AT NOW() DO DROP TABLE orders')).toMatchObject({
      destructive: true,
    });
  });

  it('data and tablespace destruction are destructive; an UPDATE with WHERE is not', () => {
    for (const sql of [
      'TRUNCATE orders',
      'DELETE FROM orders WHERE id > 3',
      'UPDATE accounts SET balance = 0',
      'ALTER TABLE orders DISCARD TABLESPACE',
      'ALTER IGNORE TABLE users MODIFY name varchar(3)',
      'ALTER TABLE orders TRUNCATE PARTITION p0',
      'ALTER TABLE orders ENGINE = BLACKHOLE',
      'CREATE OR REPLACE TABLE orders (id int)',
      'DROP DATABASE shop',
      'DROP VIEW v',
      'DROP USER app',
      'ALTER TABLE users MODIFY COLUMN',
    ]) {
      expect(classifyStatement(sql).destructive, sql).toBe(true);
    }
    expect(classifyStatement('UPDATE accounts SET balance = 0 WHERE id = 1').destructive).toBe(false);
    expect(classifyStatement('ALTER TABLE orders ENGINE = InnoDB').destructive).toBe(false);
    expect(classifyStatement('ALTER TABLE users MODIFY name varchar(300) NOT NULL').columnChanges).toEqual([
      { table: 'users', column: 'name', definition: 'varchar(300) NOT NULL' },
    ]);
  });

  it('planned guards still read as their DDL, with the same effects as before', () => {
    const plan = planMigration(
      [
        {
          kind: 'addColumn',
          role: 'core',
          database: 'd',
          table: 't',
          column: { name: 'c', type: 'int', unsigned: false, zerofill: false, nullable: true, autoIncrement: false },
        },
      ],
      { generatedAt: new Date(0), version: 't', source: 't' },
    );
    const steps = stepsOf(renderMigrationFile(plan));
    expect(steps).toHaveLength(1);
    expect(steps[0]!.classification).toMatchObject({
      destructive: false,
      idempotent: true,
      effects: [{ kind: 'column-exists', table: 't', column: 'c' }],
    });
  });
});

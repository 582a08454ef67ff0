import { describe, expect, it } from 'vitest';
import { lintMigrationText } from '../../../electron/engine/planner/render-migration';
import { idempotentStatement } from '../../../electron/engine/query/save-as-migration';
import { maskSecrets } from '../../../electron/engine/query/query-history';
import { splitScript, statementAt } from '../../../electron/engine/query/split-script';
import { assessStatement, isReadOnlySafe } from '../../../electron/engine/query/statement-safety';
import { workspaceConfigSchema } from '../../../shared/workspace-config';

describe('assessStatement', () => {
  it.each([
    ['SELECT * FROM t', 'read'],
    ['  /* c */ select 1', 'read'],
    ['SHOW CREATE TABLE t', 'read'],
    ['EXPLAIN FORMAT=JSON SELECT 1', 'read'],
    ['ANALYZE FORMAT=JSON SELECT 1', 'read'],
    ['ANALYZE TABLE t', 'other-write'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'read'],
    ['WITH x AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT * FROM x)', 'data'],
    ["SELECT * FROM t INTO OUTFILE '/tmp/x'", 'other-write'],
    ['USE core', 'session'],
    ['SET @a = 1', 'session'],
    ['SET NAMES utf8mb4', 'session'],
    ['SET GLOBAL general_log = 1', 'other-write'],
    ["SET PASSWORD = PASSWORD('x')", 'other-write'],
    ['UPDATE t SET a = 1 WHERE id = 2', 'data'],
    ['INSERT INTO t VALUES (1)', 'data'],
    ['TRUNCATE TABLE t', 'data'],
    ['CREATE TABLE t (id BIGINT)', 'ddl'],
    ['DROP VIEW v', 'ddl'],
    ['ALTER TABLE t ADD COLUMN c INT', 'ddl'],
    ['RENAME TABLE a TO b', 'ddl'],
    ["GRANT SELECT ON *.* TO 'u'", 'other-write'],
    ['CALL p()', 'other-write'],
  ])('%s → %s', (sql, access) => {
    expect(assessStatement(sql).access).toBe(access);
  });

  it('lets only reads and session settings through on read-only profiles', () => {
    expect(isReadOnlySafe(assessStatement('SELECT 1'))).toBe(true);
    expect(isReadOnlySafe(assessStatement('USE x'))).toBe(true);
    expect(isReadOnlySafe(assessStatement('DELETE FROM t WHERE 1'))).toBe(false);
    expect(isReadOnlySafe(assessStatement('LOAD DATA INFILE "x" INTO TABLE t'))).toBe(false);
  });

  it('derives the row count of a single-table change, with its WHERE and LIMIT', () => {
    expect(assessStatement("UPDATE LOW_PRIORITY t SET a = 'WHERE' WHERE id > 3 ORDER BY id").countSql).toBe(
      'SELECT COUNT(*) FROM t WHERE id > 3',
    );
    expect(assessStatement('DELETE FROM db.t WHERE (a = 1 OR b = 2) LIMIT 10').countSql).toBe(
      'SELECT COUNT(*) FROM (SELECT 1 FROM db.t WHERE (a = 1 OR b = 2) LIMIT 10) AS lupo_rows',
    );
    const all = assessStatement('DELETE FROM t');
    expect(all).toMatchObject({ missingWhere: true, destructive: true, countSql: 'SELECT COUNT(*) FROM t' });
    const joined = assessStatement('UPDATE a JOIN b ON a.id = b.a_id SET a.x = 1');
    expect(joined.countSql).toBeUndefined();
    expect(joined.missingWhere).toBe(true);
    expect(assessStatement('UPDATE t SET x = (SELECT 1 FROM u WHERE u.id = 1)').missingWhere).toBe(true);
  });
});

describe('splitScript', () => {
  it('keeps offsets (DELIMITER aware) and finds the statement at the cursor', () => {
    const text = 'SELECT 1;\n\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2';
    const statements = splitScript(text);
    expect(statements.map((s) => s.sql)).toEqual(['SELECT 1', 'CREATE PROCEDURE p() BEGIN SELECT 1; END', 'SELECT 2']);
    for (const s of statements) expect(text.slice(s.from, s.to)).toBe(s.sql);
    expect(statementAt(text, text.indexOf('BEGIN'))?.sql).toMatch(/^CREATE PROCEDURE/);
    expect(statementAt(text, 9)?.sql).toBe('SELECT 1');
  });
});

describe('save as migration', () => {
  it('makes console DDL idempotent by the planner rules, and the doctrine accepts it', () => {
    expect(idempotentStatement('CREATE TABLE t (t_id BIGINT NOT NULL PRIMARY KEY)')).toBe(
      'CREATE TABLE IF NOT EXISTS t (t_id BIGINT NOT NULL PRIMARY KEY)',
    );
    expect(idempotentStatement('DROP TABLE a, b')).toBe('DROP TABLE IF EXISTS a, b');
    const alter = idempotentStatement('ALTER TABLE t ADD COLUMN note VARCHAR(20) NULL, ADD INDEX idx_note (note)');
    expect(alter.match(/^PREPARE lupo_stmt FROM/gm)).toHaveLength(2);
    expect(alter).toContain("COLUMN_NAME = 'note'");
    expect(alter).toContain("INDEX_NAME = 'idx_note'");
    const file = `-- lupo-target-role: core\n${alter};\n`;
    const findings = lintMigrationText(file, 'x.sql', workspaceConfigSchema.parse({}));
    expect(findings.filter((f) => f.code === 'idempotent-migration')).toEqual([]);
    expect(() => idempotentStatement('CREATE TABLE other_db.t (id BIGINT)')).toThrow(/without a database/);
    expect(() => idempotentStatement('CREATE VIEW v AS SELECT 1')).toThrow(/cannot be saved/);
  });
});

describe('maskSecrets', () => {
  it('masks IDENTIFIED BY, PASSWORD() and SET PASSWORD values', () => {
    expect(maskSecrets("CREATE USER 'u'@'%' IDENTIFIED BY 'p''w'")).toBe("CREATE USER 'u'@'%' IDENTIFIED BY '***'");
    expect(maskSecrets('ALTER USER u IDENTIFIED WITH mysql_native_password BY "x"')).toBe(
      "ALTER USER u IDENTIFIED WITH mysql_native_password BY '***'",
    );
    expect(maskSecrets("SET PASSWORD FOR u = PASSWORD('x')")).toBe("SET PASSWORD FOR u = PASSWORD('***')");
    expect(maskSecrets("SET PASSWORD = 'x'")).toBe("SET PASSWORD = '***'");
  });
});

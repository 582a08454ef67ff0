import { describe, expect, it } from 'vitest';
import {
  holdsMaskedSecret,
  maskSqlSecrets,
  maskUrlPasswords,
  redactDeep,
  redactSecrets,
} from '../../../electron/engine/sql/redact-secrets';

describe('maskSqlSecrets', () => {
  const cases: Array<[string, string]> = [
    ["CREATE USER app@'%' IDENTIFIED BY 's3cr3t!'", "CREATE USER app@'%' IDENTIFIED BY '***'"],
    ["ALTER USER 'a'@'h' IDENTIFIED BY 'it''s \\' tricky'", "ALTER USER 'a'@'h' IDENTIFIED BY '***'"],
    ['create user x identified by "dq pass"', 'create user x identified by "***"'],
    [
      "CREATE USER x IDENTIFIED BY PASSWORD '*94BDCEBE19083CE2A1F959FD02F964C7AF4CFC29'",
      "CREATE USER x IDENTIFIED BY PASSWORD '***'",
    ],
    [
      "CREATE USER x IDENTIFIED WITH mysql_native_password BY 'pw1234'",
      "CREATE USER x IDENTIFIED WITH mysql_native_password BY '***'",
    ],
    [
      "CREATE USER x IDENTIFIED VIA mysql_native_password USING PASSWORD('pw1234')",
      "CREATE USER x IDENTIFIED VIA mysql_native_password USING PASSWORD('***')",
    ],
    ["CREATE USER x IDENTIFIED VIA ed25519 USING 'hashhash'", "CREATE USER x IDENTIFIED VIA ed25519 USING '***'"],
    ["SET PASSWORD FOR app@'%' = PASSWORD('newpass')", "SET PASSWORD FOR app@'%' = PASSWORD('***')"],
    ["SET PASSWORD = 'plain'", "SET PASSWORD = '***'"],
    [
      "CHANGE MASTER TO MASTER_USER='r', MASTER_PASSWORD='replpw'",
      "CHANGE MASTER TO MASTER_USER='r', MASTER_PASSWORD='***'",
    ],
    ["SELECT PASSWORD('x1')", "SELECT PASSWORD('***')"],
    // The server quotes a cut-off statement in syntax errors: still masked.
    [
      "You have an error in your SQL syntax; near 'IDENTIFIED BY 'hunter2' WITH MAX_' at line 1",
      "You have an error in your SQL syntax; near 'IDENTIFIED BY '***' WITH MAX_' at line 1",
    ],
    ["GRANT ALL ON x.* TO a IDENTIFIED BY 'cut-off", "GRANT ALL ON x.* TO a IDENTIFIED BY '***'"],
  ];
  it.each(cases)('masks %s', (input, expected) => {
    expect(maskSqlSecrets(input)).toBe(expected);
  });

  it('leaves statements without secrets alone', () => {
    const sql = "CREATE TABLE t (password VARCHAR(64) NOT NULL DEFAULT 'x', identified_by INT)";
    expect(maskSqlSecrets(sql)).toBe(sql);
  });

  it('knows a masked statement cannot be run again', () => {
    expect(holdsMaskedSecret(maskSqlSecrets("CREATE USER a IDENTIFIED BY 'pw'"))).toBe(true);
    expect(holdsMaskedSecret("CREATE USER a IDENTIFIED BY 'pw'")).toBe(false);
    expect(holdsMaskedSecret('CREATE TABLE t (a INT)')).toBe(false);
  });
});

describe('maskUrlPasswords', () => {
  it.each([
    ['mysql://root:secret@127.0.0.1:3306/db', 'mysql://root:***@127.0.0.1:3306/db'],
    [
      '"mysql://root:p@ss/w%rd@[::1]:3306" is not a connection URL.',
      '"mysql://root:***@[::1]:3306" is not a connection URL.',
    ],
    ['see mysql://u:pw1@h and mariadb://v:pw2@k', 'see mysql://u:***@h and mariadb://v:***@k'],
    ['connect to mysql://root@host:3306 failed', 'connect to mysql://root@host:3306 failed'],
    ['mysql://:onlypass@h', 'mysql://:***@h'],
  ])('%s', (input, expected) => {
    expect(maskUrlPasswords(input)).toBe(expected);
  });
});

describe('redactSecrets / redactDeep', () => {
  it('masks known secrets in any form, and every string of a JSON value', () => {
    expect(redactSecrets('Access denied (using password: pa%ss-word)', ['pa%ss-word'])).toBe(
      'Access denied (using password: ***)',
    );
    expect(redactSecrets('url mysql://r:pa%25ss-word@h', ['pa%ss-word'])).toBe('url mysql://r:***@h');
    expect(redactSecrets('no short ones: mysql://root@h', ['root'])).toBe('no short ones: mysql://root@h');
    expect(
      redactDeep({ error: { message: 'x mysql://a:b@c', details: { statement: "IDENTIFIED BY 'q'", n: 1 } } }),
    ).toEqual({ error: { message: 'x mysql://a:***@c', details: { statement: "IDENTIFIED BY '***'", n: 1 } } });
  });
});

describe('statements shown to the operator', () => {
  it('the migration wizard and rollback preview get the statement with its password masked', async () => {
    const { planStatement } = await import('../../../electron/engine/api/migration-plans');
    const { buildSteps } = await import('../../../electron/engine/orchestrator/steps');
    const [step] = buildSteps([{ sql: "CREATE USER app IDENTIFIED BY 'wizard-secret'", line: 3 }]);
    expect(planStatement('V1.sql', step!, 'change').sql).toBe("CREATE USER app IDENTIFIED BY '***'");
  });
});

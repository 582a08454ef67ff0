import { describe, expect, it } from 'vitest';
import type { SchemaModel, Table } from '../../../shared/schema/model';
import { workspaceConfigSchema, type WorkspaceConfigInput } from '../../../shared/workspace-config';
import {
  doctrineRules,
  expectedPrimaryKeyName,
  lintModel,
  lintStatements,
  maskSql,
  singularize,
} from '../../../electron/engine/doctrine';
import { col, doctrineTable, manyTables, model } from '../diff/model-builders';

const config = (input: WorkspaceConfigInput = {}) => workspaceConfigSchema.parse(input);
const codes = (m: SchemaModel, input?: WorkspaceConfigInput) =>
  lintModel(m, config(input), 'definitions').map((finding) => finding.code);
const good = (): Table => doctrineTable('lupo_actor_collections', 'actor_collection_id');
const withTable = (table: Table) => model({ core: [table] });
const statement = (sql: string) => [{ sql, line: 10, column: 1, delimiter: ';' }];

describe('doctrine registry', () => {
  it('registers every rule once with id, description, severity', () => {
    const ids = doctrineRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'no-foreign-keys',
      'no-triggers',
      'no-routines',
      'no-events',
      'no-cascading-deletes',
      'bigint-ids',
      'primary-key-named-after-table',
      'ymdhis-timestamps',
      'soft-delete',
      'audit-timestamps',
      'innodb-utf8mb4',
      'table-budget',
      'idempotent-migration',
      'implicit-index-prefix',
      'not-modelled',
    ]);
    for (const rule of doctrineRules) expect(rule.description.length).toBeGreaterThan(10);
  });

  it('a compliant table passes every model rule', () => {
    expect(codes(withTable(good()))).toEqual([]);
  });
});

describe('model rules: one failing case each', () => {
  const cases: Array<[string, SchemaModel]> = [
    [
      'no-foreign-keys',
      withTable({
        ...good(),
        foreignKeys: [
          { name: 'fk', columns: ['actor_collection_id'], referencedTable: 'x', referencedColumns: ['x_id'] },
        ],
      }),
    ],
    [
      'no-triggers',
      model(
        { core: [good()] },
        { core: { forbiddenObjects: [{ kind: 'trigger', name: 'trg', table: 'lupo_actor_collections' }] } },
      ),
    ],
    ['no-routines', model({ core: [good()] }, { core: { forbiddenObjects: [{ kind: 'procedure', name: 'p' }] } })],
    ['no-events', model({ core: [good()] }, { core: { forbiddenObjects: [{ kind: 'event', name: 'e' }] } })],
    [
      'bigint-ids',
      withTable({ ...good(), columns: [...good().columns, col('owner_id', 'bigint', { unsigned: true })] }),
    ],
    ['primary-key-named-after-table', withTable(doctrineTable('lupo_actor_collections', 'id'))],
    ['ymdhis-timestamps', withTable({ ...good(), columns: [...good().columns, col('seen_at', 'datetime')] })],
    ['soft-delete', withTable({ ...good(), columns: good().columns.filter((c) => c.name !== 'is_deleted') })],
    ['audit-timestamps', withTable({ ...good(), columns: good().columns.filter((c) => c.name !== 'updated_ymdhis') })],
    ['innodb-utf8mb4', withTable({ ...good(), options: { engine: 'MyISAM', charset: 'utf8mb4' } })],
  ];
  for (const [rule, input] of cases) {
    it(rule, () => expect(codes(input)).toEqual([rule]));
  }

  it('no-cascading-deletes (alongside no-foreign-keys)', () => {
    const table = {
      ...good(),
      foreignKeys: [
        {
          name: 'fk',
          columns: ['actor_collection_id'],
          referencedTable: 'x',
          referencedColumns: ['x_id'],
          onDelete: 'CASCADE',
        },
      ],
    };
    expect(codes(withTable(table))).toEqual(['no-foreign-keys', 'no-cascading-deletes']);
  });

  it('table-budget: over the total and per-role maximum', () => {
    const big = model({ core: manyTables('lupo_', 4) });
    expect(codes(big, { tableBudget: { total: 3 } })).toEqual(['table-budget']);
    expect(codes(big, { tableBudget: { total: 10, perRole: { core: 2 } } })).toEqual(['table-budget']);
    expect(codes(big, { tableBudget: { total: 4 } })).toEqual([]);
  });

  it('innodb-utf8mb4 also checks string column charsets', () => {
    const table = {
      ...good(),
      columns: [...good().columns, col('name', 'varchar', { length: 10, charset: 'latin1' })],
    };
    expect(codes(withTable(table))).toEqual(['innodb-utf8mb4']);
  });

  it('primary-key-named-after-table: missing and composite keys', () => {
    const { primaryKey: _omit, ...noKey } = good();
    expect(codes(withTable(noKey))).toEqual(['primary-key-named-after-table']);
    expect(codes(withTable({ ...good(), primaryKey: { columns: ['actor_collection_id', 'created_ymdhis'] } }))).toEqual(
      ['primary-key-named-after-table'],
    );
  });
});

describe('runner', () => {
  it('skips disabled rules, applies severity overrides and options', () => {
    const table = doctrineTable('app_users', 'app_user_id', { options: { engine: 'MyISAM' } });
    expect(codes(withTable(table))).toEqual(['innodb-utf8mb4']);
    expect(codes(withTable(table), { doctrine: { 'innodb-utf8mb4': { enabled: false } } })).toEqual([]);
    const [finding] = lintModel(
      withTable(table),
      config({ doctrine: { 'innodb-utf8mb4': { severity: 'info' } } }),
      'definitions',
    );
    expect(finding?.severity).toBe('info');
    const wrong = doctrineTable('app_users', 'user_id');
    expect(codes(withTable(wrong))).toEqual(['primary-key-named-after-table']);
    expect(
      codes(withTable(wrong), { doctrine: { 'primary-key-named-after-table': { options: { prefixes: ['app_'] } } } }),
    ).toEqual([]);
  });

  it('locates findings by file:line for files and database.table.column for live', () => {
    const table: Table = {
      ...good(),
      source: { kind: 'file', file: 'core/lupo_actor_collections.toon', line: 1 },
      columns: [
        ...good().columns,
        col('seen_at', 'datetime', { source: { kind: 'file', file: 'core/lupo_actor_collections.toon', line: 9 } }),
      ],
    };
    const fromFile = lintModel(withTable(table), config(), 'definitions');
    expect(fromFile[0]?.location).toEqual({ kind: 'file', file: 'core/lupo_actor_collections.toon', line: 9 });
    const live = lintModel(withTable(table), config(), 'live');
    expect(live[0]?.location).toEqual({
      kind: 'database',
      database: 'core',
      table: 'lupo_actor_collections',
      column: 'seen_at',
    });
    const noColumn = lintModel(
      withTable({ ...table, columns: table.columns.filter((c) => c.name !== 'is_deleted') }),
      config(),
      'sql',
    );
    expect(noColumn.find((finding) => finding.code === 'soft-delete')?.location).toEqual(table.source);
  });
});

describe('statement rules: passing cases', () => {
  const lint = (sql: string, input?: WorkspaceConfigInput) =>
    lintStatements(statement(sql), 'm.sql', config(input)).map((f) => f.code);
  it('accepts guarded and idempotent statements', () => {
    expect(
      lint(
        'CREATE TABLE IF NOT EXISTS lupo_ts (t_id BIGINT NOT NULL, created_ymdhis BIGINT NOT NULL, updated_ymdhis BIGINT NOT NULL, is_deleted TINYINT NOT NULL DEFAULT 0, deleted_ymdhis BIGINT NULL, PRIMARY KEY (t_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
      ),
    ).toEqual([]);
    expect(lint('CREATE TABLE IF NOT EXISTS lupo_ts (t_id BIGINT NOT NULL, PRIMARY KEY (t_id))')).toEqual([
      'soft-delete',
      'audit-timestamps',
    ]);
    expect(
      lint(
        "SET @s = IF((SELECT COUNT(*) FROM information_schema.columns WHERE column_name='x')=0, 'ALTER TABLE t ADD COLUMN x BIGINT', 'DO 0')",
      ),
    ).toEqual([]);
    expect(lint('DROP TABLE IF EXISTS t')).toEqual([]);
    expect(lint("UPDATE t SET note = 'FOREIGN KEY ON DELETE CASCADE' -- CREATE TRIGGER")).toEqual([]);
    expect(lint('ALTER TABLE t MODIFY COLUMN updated_ymdhis BIGINT NOT NULL')).toEqual([]);
  });
  it('accepts MariaDB-only IF NOT EXISTS when the workspace targets MariaDB only', () => {
    const mariadb = { doctrine: { 'idempotent-migration': { options: { servers: ['mariadb'] } } } };
    expect(lint('ALTER TABLE t ADD COLUMN IF NOT EXISTS n BIGINT NULL', mariadb)).toEqual([]);
    expect(lint('ALTER TABLE t ADD COLUMN IF NOT EXISTS n BIGINT NULL')).toEqual(['idempotent-migration']);
    expect(lint('CREATE INDEX IF NOT EXISTS i ON t (a)', mariadb)).toEqual([]);
  });
});

describe('naming', () => {
  it('singularises table names into primary-key names', () => {
    expect(expectedPrimaryKeyName('lupo_actor_collections', ['lupo_'])).toBe('actor_collection_id');
    expect(expectedPrimaryKeyName('lupo_permissions', ['lupo_'])).toBe('permission_id');
    expect(expectedPrimaryKeyName('lupo_categories', ['lupo_'])).toBe('category_id');
    expect(expectedPrimaryKeyName('lupo_analyses', ['lupo_'])).toBe('analyse_id');
    expect(expectedPrimaryKeyName('migration_batches', ['lupo_'])).toBe('migration_batch_id');
    expect(expectedPrimaryKeyName('lupo_addresses', ['lupo_'])).toBe('address_id');
    expect(singularize('status')).toBe('status');
    expect(singularize('classes')).toBe('class');
  });
});

describe('maskSql', () => {
  it('blanks comments and string contents, keeping offsets and lines', () => {
    const sql = "SELECT 'a;b' -- note\n, `x y` /* c */ # d\n";
    const { masked, strings } = maskSql(sql);
    expect(masked).toHaveLength(sql.length);
    expect(masked.split('\n')).toHaveLength(3);
    const blank = (n: number) => ' '.repeat(n);
    expect(masked).toBe(`SELECT '${blank(3)}' ${blank(7)}\n, \`x y\` ${blank(7)} ${blank(3)}\n`);
    expect(strings).toEqual(['a;b']);
    expect(maskSql(sql, true).masked).toBe(`SELECT 'a;b' ${blank(7)}\n, \`x y\` ${blank(7)} ${blank(3)}\n`);
  });
});

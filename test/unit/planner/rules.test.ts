import { describe, expect, it } from 'vitest';
import { LupoError } from '../../../shared/errors';
import type { SchemaChange } from '../../../shared/schema/changes';
import type { Column, Index } from '../../../shared/schema/model';
import { parseColumnDefinition } from '../../../electron/engine/ddl/column-definition';
import { parseCreateTable } from '../../../electron/engine/ddl/create-table';
import { buildSteps } from '../../../electron/engine/orchestrator/steps';
import {
  columnTypeSpellings,
  lintMigrationText,
  planMigration,
  renderMigrationFile,
  typeWidens,
} from '../../../electron/engine/planner/index';
import { splitStatements } from '../../../electron/engine/sqlfile/index';
import { workspaceConfigSchema } from '../../../shared/workspace-config';

const col = (ddl: string): Column => parseColumnDefinition(ddl);
const base = { role: 'core' as const, database: 'lupo_core', table: 'lupo_items' };
const options = { generatedAt: new Date('2026-01-01T00:00:00Z'), version: 't', source: 'unit' };
const index = (name: string, columns: string[], extra: Partial<Index> = {}): Index => ({
  name,
  columns: columns.map((c) => ({ name: c })),
  unique: false,
  kind: 'btree',
  ...extra,
});
const stepsOf = (sql: string) => buildSteps(splitStatements(`${sql};`));

describe('planner rules', () => {
  it('addTable → CREATE TABLE IF NOT EXISTS with the full definition, inverse DROP TABLE IF EXISTS', () => {
    const definition = parseCreateTable(
      'CREATE TABLE `lupo_tags` (`tag_id` bigint NOT NULL, `tag_name` varchar(9) NOT NULL, PRIMARY KEY (`tag_id`), KEY `idx_tag_name` (`tag_name`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    );
    const plan = planMigration([{ ...base, table: 'lupo_tags', kind: 'addTable', definition }], options);
    expect(plan.statements[0]!.sql).toMatch(
      /^CREATE TABLE IF NOT EXISTS `lupo_tags` \(\n {2}`tag_id` bigint NOT NULL,/,
    );
    expect(plan.statements[0]!.sql).toContain('KEY `idx_tag_name` (`tag_name`)');
    expect(plan.statements[0]!.inverse).toBe('DROP TABLE IF EXISTS `lupo_tags`');
    expect(plan.statements[0]!.inverseDestructive).toBe(true);
  });

  it('addColumn → one guard group the orchestrator groups, classifies as add column and can check', () => {
    const plan = planMigration(
      [
        { ...base, kind: 'addColumn', column: col('`item_rank` bigint NOT NULL DEFAULT 0'), after: 'item_name' },
        { ...base, kind: 'addColumn', column: col('`item_first` bigint NOT NULL DEFAULT 0') },
      ],
      options,
    );
    const [after, first] = plan.statements;
    expect(after!.sql).toContain(
      "COLUMN_NAME = 'item_rank') = 0, 'ALTER TABLE `lupo_items` ADD COLUMN `item_rank` bigint NOT NULL DEFAULT 0 AFTER `item_name`'",
    );
    expect(first!.sql).toContain('FIRST');
    const steps = stepsOf(after!.sql);
    expect(steps).toHaveLength(1);
    expect(steps[0]!.statements).toHaveLength(4);
    expect(steps[0]!.classification).toMatchObject({ kind: 'add-column', idempotent: true, destructive: false });
    expect(steps[0]!.classification.effects).toEqual([
      { kind: 'column-exists', table: 'lupo_items', column: 'item_rank' },
    ]);
    expect(stepsOf(after!.inverse!)[0]!.classification.effects).toEqual([
      { kind: 'column-absent', table: 'lupo_items', column: 'item_rank' },
    ]);
  });

  it('addIndex → guarded ADD [UNIQUE|FULLTEXT] KEY via information_schema.STATISTICS, inverse guarded DROP INDEX', () => {
    const plan = planMigration(
      [
        { ...base, kind: 'addIndex', index: index('uniq_code', ['item_code'], { unique: true }) },
        { ...base, kind: 'addIndex', index: index('ft_note', ['item_note'], { kind: 'fulltext' }) },
      ],
      options,
    );
    expect(plan.statements[0]!.sql).toContain('information_schema.STATISTICS');
    expect(plan.statements[0]!.sql).toContain("'ALTER TABLE `lupo_items` ADD UNIQUE KEY `uniq_code` (`item_code`)'");
    expect(plan.statements[1]!.sql).toContain('ADD FULLTEXT KEY `ft_note`');
    expect(stepsOf(plan.statements[0]!.sql)[0]!.classification.effects).toEqual([
      { kind: 'index-exists', table: 'lupo_items', index: 'uniq_code' },
    ]);
    expect(stepsOf(plan.statements[0]!.inverse!)[0]!.classification.effects).toEqual([
      { kind: 'index-absent', table: 'lupo_items', index: 'uniq_code' },
    ]);
  });

  it('widening vs narrowing of column types', () => {
    const w = (a: string, b: string) => typeWidens(col(`\`c\` ${a}`), col(`\`c\` ${b}`));
    expect(w('varchar(64)', 'varchar(255)')).toBe(true);
    expect(w('int', 'bigint')).toBe(true);
    expect(w('int unsigned', 'bigint')).toBe(true);
    expect(w('int unsigned', 'int')).toBe(false);
    expect(w('int', 'int unsigned')).toBe(false);
    expect(w('decimal(10,2)', 'decimal(12,4)')).toBe(true);
    expect(w('decimal(10,2)', 'decimal(10,4)')).toBe(false);
    expect(w("enum('a','b')", "enum('a','b','c')")).toBe(true);
    expect(w("enum('a','b')", "enum('a')")).toBe(false);
    expect(w('varchar(100)', 'text')).toBe(true);
    expect(w('text', 'varchar(100)')).toBe(false);
    expect(w('varchar(255)', 'varchar(64)')).toBe(false);
    expect(w('bigint', 'varchar(255)')).toBe(false);
    expect(w('datetime', 'datetime(3)')).toBe(true);
    expect(w('float', 'double')).toBe(true);
  });

  it('modifyColumn: widening is guarded on the current definition; narrowing and NOT NULL are destructive and skipped without the flag', () => {
    const widen: SchemaChange = {
      ...base,
      kind: 'modifyColumn',
      from: col('`item_count` int NOT NULL DEFAULT 0'),
      to: col('`item_count` bigint NULL DEFAULT NULL'),
      changed: ['type', 'nullable', 'default'],
    };
    const narrow: SchemaChange = {
      ...base,
      kind: 'modifyColumn',
      from: col('`item_code` varchar(64) NULL'),
      to: col('`item_code` varchar(32) NOT NULL'),
      changed: ['type', 'nullable'],
    };
    const plan = planMigration([widen, narrow], options);
    expect(plan.statements).toHaveLength(1);
    expect(plan.statements[0]!.sql).toContain("LOWER(COLUMN_TYPE) IN ('bigint', 'bigint(20)')");
    expect(plan.statements[0]!.sql).toContain("IS_NULLABLE = 'YES'");
    expect(plan.statements[0]!.sql).toContain(
      "'ALTER TABLE `lupo_items` MODIFY COLUMN `item_count` bigint NULL DEFAULT NULL'",
    );
    expect(plan.statements[0]!.inverse).toContain('MODIFY COLUMN `item_count` int NOT NULL DEFAULT 0');
    expect(plan.statements[0]!.inverseDestructive).toBe(true);
    expect(plan.skipped).toHaveLength(1);
    expect(plan.skipped[0]!.reason).toMatch(
      /narrows or changes the type, makes the column NOT NULL.*--allow-destructive/,
    );
    const all = planMigration([widen, narrow], { ...options, allowDestructive: true });
    expect(all.statements[1]).toMatchObject({ destructive: true });
    expect(renderMigrationFile(all)).toMatch(/^-- DESTRUCTIVE: modify column `lupo_items`\.`item_code`/m);
  });

  it('columnTypeSpellings covers MariaDB display widths and MySQL 8 bare integers', () => {
    expect(columnTypeSpellings(col('`a` bigint unsigned'))).toEqual(['bigint unsigned', 'bigint(20) unsigned']);
    expect(columnTypeSpellings(col('`a` tinyint(1)'))).toEqual(['tinyint', 'tinyint(1)']);
    expect(columnTypeSpellings(col('`a` varchar(9)'))).toEqual(['varchar(9)']);
  });

  it('user text in guard conditions is a hex literal, so the classifier always reads the DDL string', () => {
    const plan = planMigration(
      [
        {
          ...base,
          kind: 'modifyColumn',
          from: col('`item_note` varchar(9) NULL'),
          to: col("`item_note` varchar(9) NULL COMMENT 'Drop table soon'"),
          changed: ['comment'],
        },
      ],
      options,
    );
    expect(plan.statements[0]!.sql).toContain("CAST(COLUMN_COMMENT AS BINARY) = X'44726f70207461626c6520736f6f6e'");
    expect(stepsOf(plan.statements[0]!.sql)[0]!.classification.summary).toBe(
      'guarded: modify column `lupo_items`.`item_note`',
    );
  });

  it('drops, index/primary-key replacement, foreign keys and charset conversion are destructive', () => {
    const changes: SchemaChange[] = [
      { ...base, kind: 'dropColumn', column: col('`old` int') },
      { ...base, kind: 'dropIndex', index: index('idx_old', ['old']) },
      {
        ...base,
        kind: 'modifyIndex',
        from: index('idx_a', ['a']),
        to: index('idx_a', ['a', 'b']),
        changed: ['columns'],
      },
      { ...base, kind: 'modifyPrimaryKey', from: { columns: ['a'] }, to: { columns: ['a', 'b'] } },
      {
        ...base,
        kind: 'dropForeignKey',
        foreignKey: { name: 'fk_a', columns: ['a'], referencedTable: 'x', referencedColumns: ['x_id'] },
      },
      {
        ...base,
        kind: 'modifyTableOptions',
        from: { charset: 'latin1', comment: 'a' },
        to: { charset: 'utf8mb4', collation: 'utf8mb4_general_ci', comment: 'b' },
        changed: ['charset', 'collation', 'comment'],
      },
      { ...base, kind: 'dropTable', definition: parseCreateTable('CREATE TABLE `lupo_items` (`a` int)') },
    ];
    const safe = planMigration(changes, options);
    expect(safe.statements.map((s) => s.summary)).toEqual(['comment of `lupo_items`']);
    expect(safe.skipped).toHaveLength(7);
    const all = planMigration(changes, { ...options, allowDestructive: true });
    expect(all.statements.filter((s) => s.destructive)).toHaveLength(7);
    expect(all.statements.map((s) => s.kind)).toEqual([
      'dropForeignKey',
      'modifyPrimaryKey',
      'dropIndex',
      'modifyIndex',
      'modifyTableOptions',
      'modifyTableOptions',
      'dropColumn',
      'dropTable',
    ]);
    expect(all.statements.find((s) => s.sql.includes('CONVERT TO'))!.sql).toContain(
      'CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci',
    );
    const text = renderMigrationFile(all);
    const findings = lintMigrationText(text, 'm.sql', workspaceConfigSchema.parse({}));
    expect(findings.filter((f) => f.code === 'idempotent-migration')).toEqual([]);
    expect(buildSteps(splitStatements(text)).every((s) => s.classification.idempotent)).toBe(true);
  });

  it('unsupported changes and mixed targets raise; an empty change set needs a target', () => {
    const generated: SchemaChange = {
      ...base,
      kind: 'modifyColumn',
      from: col('`g` int GENERATED ALWAYS AS (1) VIRTUAL'),
      to: col('`g` int GENERATED ALWAYS AS (2) VIRTUAL'),
      changed: ['generated'],
    };
    expect(() => planMigration([generated], options)).toThrow(
      expect.objectContaining({ code: 'planner/unsupported-change' }),
    );
    const other: SchemaChange = { ...base, database: 'other', kind: 'dropColumn', column: col('`x` int') };
    expect(() => planMigration([{ ...base, kind: 'dropColumn', column: col('`x` int') }, other], options)).toThrow(
      expect.objectContaining({ code: 'planner/mixed-targets' }),
    );
    expect(() => planMigration([], options)).toThrow(LupoError);
    expect(planMigration([], { ...options, target: { role: 'core', database: 'x' } }).statements).toEqual([]);
  });

  it('a file breaking the doctrine is refused with the findings listed, including DDL inside guards', () => {
    const definition = parseCreateTable(
      'CREATE TABLE `lupo_bad` (`bad_id` int NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`bad_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    );
    const table = planMigration([{ ...base, table: 'lupo_bad', kind: 'addTable', definition }], options);
    const refused = (() => {
      try {
        renderMigrationFile(table, { fileName: 'V1.sql' });
      } catch (error) {
        return error as LupoError;
      }
      return undefined;
    })();
    expect(refused?.code).toBe('planner/doctrine-violation');
    expect(Object.values(refused?.details ?? {}).join('\n')).toMatch(/V1\.sql:\d+ bigint-ids/);
    const column = planMigration(
      [{ ...base, kind: 'addColumn', column: col('`seen_at` datetime NULL'), after: 'a' }],
      options,
    );
    expect(() => renderMigrationFile(column)).toThrow(expect.objectContaining({ code: 'planner/doctrine-violation' }));
    const relaxed = workspaceConfigSchema.parse({ doctrine: { 'ymdhis-timestamps': { enabled: false } } });
    expect(renderMigrationFile(column, { config: relaxed })).toContain('ADD COLUMN `seen_at` datetime NULL');
  });
});

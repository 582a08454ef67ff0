import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../../shared/schema/model';
import { LupoError } from '../../../shared/errors';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { commentText, lineComment } from '../../../electron/engine/sql/comment-text';
import { expressionProblem, optionWord } from '../../../electron/engine/sql/table-options';
import { renderCreateTable } from '../../../electron/engine/sqlgen/create-table';
import { formatColumnDefinition } from '../../../electron/engine/ddl/format-column';
import { planMigration, renderMigrationFile, renderRollbackFile } from '../../../electron/engine/planner/index';
import { splitStatements } from '../../../electron/engine/sqlfile/index';

const column = (extra: Partial<Column> = {}): Column => ({
  name: 'c',
  type: 'varchar',
  length: 10,
  unsigned: false,
  zerofill: false,
  nullable: true,
  autoIncrement: false,
  ...extra,
});
const table = (extra: Partial<Table> = {}, columns: Column[] = [column()]): Table => ({
  name: 't',
  columns,
  indexes: [],
  foreignKeys: [],
  options: {},
  ...extra,
});
const HOSTILE = 'InnoDB;\nCREATE USER evil;\nUPDATE victim.accounts SET balance=0';

describe('names and options never end the SQL or comment they sit in', () => {
  it('commentText escapes every line break and control character and defuses */', () => {
    const text = 'a\nb\rc\u0085d\u2028e\u2029f\u0000g\u001b*/h';
    expect(commentText(text)).toBe('a\\x0ab\\x0dc\\x85d\\u2028e\\u2029f\\x00g\\x1b* /h');
    expect(lineComment('x\nDROP TABLE t;')).toBe('-- x\\x0aDROP TABLE t;');
    // Whatever the text, a rendered comment is one line and one comment.
    for (let code = 0; code < 0x3000; code++) {
      const rendered = lineComment(`a${String.fromCodePoint(code)}b`);
      expect(splitStatements(rendered), `U+${code.toString(16)}`).toEqual([]);
    }
  });

  it('a migration file with hostile names has exactly the planned statements', () => {
    const name = 'x\nCREATE USER app;\n# */ \r\u2028';
    const plan = planMigration(
      [
        { kind: 'addTable', role: 'core', database: 'd\nDROP DATABASE d;', table: name, definition: table({ name }) },
        {
          kind: 'dropTable',
          role: 'core',
          database: 'd\nDROP DATABASE d;',
          table: `${name}2`,
          definition: table({ name: `${name}2` }),
        },
      ],
      { generatedAt: new Date(0), version: '1\nDROP TABLE v;', source: 'src\nGRANT ALL ON *.* TO x;' },
    );
    // Doctrine rules judge table shapes, not escaping: off here.
    const rules = [
      'audit-timestamps',
      'bigint-ids',
      'innodb-utf8mb4',
      'primary-key-named-after-table',
      'soft-delete',
      'ymdhis-timestamps',
    ];
    const config = workspaceConfigSchema.parse({
      doctrine: Object.fromEntries(rules.map((r) => [r, { enabled: false }])),
    });
    // The skipped drop is only a comment; the CREATE and its inverse DROP are the only statements.
    const up = splitStatements(renderMigrationFile(plan, { config }));
    expect(up.map((s) => s.sql)).toEqual([plan.statements[0]!.sql]);
    expect(up[0]!.sql).toMatch(/^CREATE TABLE IF NOT EXISTS `x\nCREATE USER app;\n# \*\/ \r\u2028` \(/);
    const down = splitStatements(renderRollbackFile(plan));
    expect(down.map((s) => s.sql)).toEqual([plan.statements[0]!.inverse]);
  });

  it('engine, charsets, collations, row format, FK actions and expressions are checked where they are written', () => {
    const refuses = (f: () => unknown, code: string) => {
      const error = (() => {
        try {
          f();
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(LupoError);
      expect((error as LupoError).code).toBe(code);
    };
    refuses(() => renderCreateTable(table({ options: { engine: HOSTILE } })), 'sql/invalid-option');
    refuses(() => renderCreateTable(table({ options: { charset: 'utf8mb4 ;' } })), 'sql/invalid-option');
    refuses(() => renderCreateTable(table({ options: { collation: "x' OR 1" } })), 'sql/invalid-option');
    refuses(() => renderCreateTable(table({ options: { rowFormat: 'DYNAMIC; DROP' } })), 'sql/invalid-option');
    refuses(() => renderCreateTable(table({}, [column({ charset: HOSTILE })])), 'sql/invalid-option');
    refuses(() => renderCreateTable(table({}, [column({ collation: 'a b' })])), 'sql/invalid-option');
    refuses(() => formatColumnDefinition(column({ charset: HOSTILE })), 'sql/invalid-option');
    refuses(
      () => renderCreateTable(table({}, [column({ default: { kind: 'expression', value: '1); DROP TABLE t; --' } })])),
      'sql/invalid-expression',
    );
    refuses(
      () =>
        renderCreateTable(
          table({}, [column({ generated: { expression: '1) STORED, x int) ENGINE=x; --', stored: true } })]),
        ),
      'sql/invalid-expression',
    );
    refuses(() => renderCreateTable(table({}, [column({ onUpdate: 'NOW() /* */' })])), 'sql/invalid-expression');
    refuses(
      () =>
        renderCreateTable(
          table({
            foreignKeys: [
              {
                name: 'fk',
                columns: ['c'],
                referencedTable: 'u',
                referencedColumns: ['c'],
                onDelete: 'CASCADE; DROP TABLE u',
              },
            ],
          }),
        ),
      'sql/invalid-option',
    );
    expect(
      renderCreateTable(
        table({ options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_bin', rowFormat: 'dynamic' } }),
      ),
    ).toContain('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC');
    expect(optionWord('utf8mb4_0900_ai_ci', 'collation', 't')).toBe('utf8mb4_0900_ai_ci');
    expect(expressionProblem('concat(\'a;\', `b``)`, "c")')).toBeUndefined();
    expect(expressionProblem('(uuid())')).toBeUndefined();
    expect(expressionProblem("'unterminated")).toBe('unterminated quote');
    expect(expressionProblem('a)')).toBe('unbalanced ")"');
    expect(expressionProblem('a--1')).toBeUndefined();
    expect(expressionProblem('a -- 1')).toBe('comment');
    expect(expressionProblem('a --')).toBe('comment');
  });
});

import type {
  AddIndex,
  DropIndex,
  ModifyColumn,
  ModifyIndex,
  ModifyPrimaryKey,
  ModifyTableOptions,
  SchemaChange,
} from '../../../shared/schema/changes';
import type { CheckConstraint } from '../../../shared/schema/model';
import type { Column, Index, PrimaryKey } from '../../../shared/schema/model';
import { quoteIdentifier, quoteString } from '../sql/identifier';
import { optionWord, type OptionKind } from '../sql/table-options';
import {
  INDEX_IGNORED,
  INDEX_NOT_IGNORED,
  renderColumnDefinition,
  renderCreateTable,
  renderForeignKeyDefinition,
  renderIndexDefinition,
} from '../sqlgen/create-table';
import { renderCheckDefinition, renderPartitioning } from '../sqlgen/table-extras';
import { checkTableOption, TABLE_OPTION_RESETS } from '../sqlgen/table-options';
import { differsFrom } from './column-predicates';
import {
  columnCount,
  foreignKeyCount,
  indexCount,
  indexSignatureQuery,
  renderGuard,
  sameText,
  tableCharsetQuery,
  tableCollationQuery,
  tableCount,
} from './guard';
import { modifyColumnRisk } from './widening';
import { hashByDefault } from '../ddl/index-kind';

/** One statement a change turns into, before the destructive filter. */
export interface ChangeStatement {
  readonly sql: string;
  readonly inverse?: string;
  /** Why it can lose data; undefined = safe. */
  readonly risk?: string;
  /** Why running the inverse can lose data; undefined = safe. */
  readonly inverseRisk?: string;
  readonly summary: string;
}

/** Engine, row format, charset and collation names go into SQL bare: only plain words pass. */
function word(value: string, what: OptionKind, table: string): string {
  return optionWord(value, what, `table \`${table}\``);
}

const alter = (table: string, clause: string): string => `ALTER TABLE ${quoteIdentifier(table)} ${clause}`;
const q = quoteIdentifier;

function addColumnGuard(table: string, column: Column, position: string): string {
  return renderGuard([
    {
      condition: `${columnCount(table, column.name)} = 0`,
      sql: alter(table, `ADD COLUMN ${renderColumnDefinition(column)}${position}`),
    },
  ]);
}

function dropColumnGuard(table: string, column: string): string {
  return renderGuard([
    { condition: `${columnCount(table, column)} > 0`, sql: alter(table, `DROP COLUMN ${q(column)}`) },
  ]);
}

function addIndexGuard(table: string, index: Index, engine: string | undefined): string {
  return renderGuard([
    {
      condition: `${indexCount(table, index.name)} = 0`,
      sql: alter(table, `ADD ${renderIndexDefinition(index, engine)}`),
    },
  ]);
}

function dropIndexGuard(table: string, index: string): string {
  return renderGuard([{ condition: `${indexCount(table, index)} > 0`, sql: alter(table, `DROP INDEX ${q(index)}`) }]);
}

/** The signature `indexSignatureQuery` yields for a model index (`keepHash`: see there). */
export function indexSignature(index: Index, keepHash = false): string {
  const kind =
    index.kind === 'fulltext'
      ? 'FULLTEXT'
      : index.kind === 'spatial'
        ? 'SPATIAL'
        : index.kind === 'hash' && keepHash
          ? 'HASH'
          : 'BTREE';
  const columns = index.columns
    .map((c) => `${c.name}${c.length === undefined ? '' : `(${c.length})`}${c.descending ? ' DESC' : ''}`)
    .join(',');
  return `${index.unique ? 0 : 1}|${kind}|${columns}|${index.comment ?? ''}`;
}

/** Replace an index by its target definition unless it already has it (absent → add). */
function replaceIndexGuard(table: string, index: Index, engine: string | undefined): string {
  const keepHash = hashByDefault(engine);
  const signature = indexSignatureQuery(table, index.name, keepHash);
  const definition = renderIndexDefinition(index, engine);
  return renderGuard([
    { condition: `${signature} IS NULL`, sql: alter(table, `ADD ${definition}`) },
    {
      condition: `NOT (${signature} <=> ${quoteString(indexSignature(index, keepHash))})`,
      sql: alter(table, `DROP INDEX ${q(index.name)}, ADD ${definition}`),
    },
  ]);
}

function primaryKeyGuard(table: string, key: PrimaryKey | undefined): string {
  const signature = `(SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX SEPARATOR ',') FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${quoteString(table)} AND INDEX_NAME = 'PRIMARY')`;
  if (key === undefined || key.columns.length === 0) {
    return renderGuard([{ condition: `${signature} IS NOT NULL`, sql: alter(table, 'DROP PRIMARY KEY') }]);
  }
  const add = `ADD PRIMARY KEY (${key.columns.map(q).join(', ')})`;
  return renderGuard([
    { condition: `${signature} IS NULL`, sql: alter(table, add) },
    {
      condition: `NOT (${signature} <=> ${quoteString(key.columns.join(','))})`,
      sql: alter(table, `DROP PRIMARY KEY, ${add}`),
    },
  ]);
}

function modifyColumnGuard(
  change: ModifyColumn,
  column: Column,
  aspects: ModifyColumn['changed'],
  withPosition: boolean,
): string {
  const position = withPosition ? (change.after === undefined ? ' FIRST' : ` AFTER ${q(change.after)}`) : '';
  return renderGuard([
    {
      condition: `${columnCount(change.table, column.name, differsFrom(change.table, column, aspects, change.after))} > 0`,
      sql: alter(change.table, `MODIFY COLUMN ${renderColumnDefinition(column)}${position}`),
    },
  ]);
}

function planModifyColumn(change: ModifyColumn): ChangeStatement[] {
  const withPosition = change.changed.includes('position');
  const back = change.changed.filter((aspect) => aspect !== 'position');
  const risk = modifyColumnRisk(change);
  const inverseRisk = modifyColumnRisk({ ...change, from: change.to, to: change.from });
  return [
    {
      sql: modifyColumnGuard(change, change.to, change.changed, withPosition),
      ...(back.length > 0 ? { inverse: modifyColumnGuard(change, change.from, back, false) } : {}),
      ...(risk ? { risk } : {}),
      ...(inverseRisk ? { inverseRisk: `back: ${inverseRisk}` } : {}),
      summary: `modify column \`${change.table}\`.\`${change.to.name}\` (${change.changed.join(', ')})`,
    },
  ];
}

function planIndex(change: AddIndex | DropIndex | ModifyIndex): ChangeStatement[] {
  const t = change.table;
  if (change.kind === 'addIndex') {
    return [
      {
        sql: addIndexGuard(t, change.index, change.engine),
        inverse: dropIndexGuard(t, change.index.name),
        inverseRisk: 'drops the index',
        summary: `add index \`${t}\`.\`${change.index.name}\``,
      },
    ];
  }
  if (change.kind === 'dropIndex') {
    return [
      {
        sql: dropIndexGuard(t, change.index.name),
        inverse: addIndexGuard(t, change.index, change.engine),
        risk: 'drops the index',
        summary: `drop index \`${t}\`.\`${change.index.name}\``,
      },
    ];
  }
  // Whether the optimizer uses the index is switched in place (ALTER INDEX); anything else
  // about an index means dropping and re-creating it.
  const rebuild = change.changed.filter((aspect) => aspect !== 'ignored');
  const out: ChangeStatement[] = [];
  if (rebuild.length > 0) {
    out.push({
      sql: replaceIndexGuard(t, change.to, change.engine),
      inverse: replaceIndexGuard(t, change.from, change.engine),
      risk: 'drops and re-creates the index',
      inverseRisk: 'drops and re-creates the index',
      summary: `replace index \`${t}\`.\`${change.to.name}\` (${rebuild.join(', ')})`,
    });
  }
  if (change.changed.includes('ignored')) {
    out.push({
      sql: ignoreIndexGuard(t, change.to),
      inverse: ignoreIndexGuard(t, change.from),
      summary: `${change.to.ignored ? 'ignore' : 'use'} index \`${t}\`.\`${change.to.name}\``,
    });
  }
  return out;
}

/**
 * Sets whether the optimizer uses an index (MariaDB `IGNORED`, MySQL `INVISIBLE`, both
 * spelled by version comments). Setting the state it already has is a no-op on both
 * servers, so the only guard needed is that the index exists.
 */
function ignoreIndexGuard(table: string, index: Index): string {
  const state = index.ignored ? INDEX_IGNORED : INDEX_NOT_IGNORED;
  return renderGuard([
    {
      condition: `${indexCount(table, index.name)} > 0`,
      sql: alter(table, `ALTER INDEX ${q(index.name)} ${state}`),
    },
  ]);
}

function planPrimaryKey(change: ModifyPrimaryKey): ChangeStatement[] {
  const describe = (key?: PrimaryKey): string => (key ? `(${key.columns.join(', ')})` : 'none');
  return [
    {
      sql: primaryKeyGuard(change.table, change.to),
      inverse: primaryKeyGuard(change.table, change.from),
      inverseRisk: 'replaces the primary key',
      risk: `replaces the primary key ${describe(change.from)}`,
      summary: `primary key of \`${change.table}\` → ${describe(change.to)}`,
    },
  ];
}

function optionGuard(table: string, predicate: string, clause: string): string {
  return renderGuard([
    { condition: `${tableCount(table, ` AND NOT COALESCE(${predicate}, 0)`)} > 0`, sql: alter(table, clause) },
  ]);
}

function planTableOptions(change: ModifyTableOptions): ChangeStatement[] {
  const t = change.table;
  const out: ChangeStatement[] = [];
  const { from, to } = change;
  if (change.changed.includes('comment')) {
    const set = (comment: string | undefined): string =>
      optionGuard(t, sameText('TABLE_COMMENT', comment ?? ''), `COMMENT = ${quoteString(comment ?? '')}`);
    out.push({ sql: set(to.comment), inverse: set(from.comment), summary: `comment of \`${t}\`` });
  }
  if (change.changed.includes('engine') && to.engine !== undefined) {
    const set = (engine: string): string =>
      optionGuard(t, `UPPER(ENGINE) = UPPER(${quoteString(engine)})`, `ENGINE = ${word(engine, 'engine', t)}`);
    out.push({
      sql: set(to.engine),
      ...(from.engine ? { inverse: set(from.engine) } : {}),
      summary: `engine of \`${t}\` → ${to.engine}`,
    });
  }
  if (change.changed.includes('rowFormat')) {
    // An undeclared row format is the server's default: ROW_FORMAT = DEFAULT takes the
    // declaration out of CREATE_OPTIONS again.
    const set = (format: string | undefined): string =>
      optionGuard(
        t,
        format === undefined
          ? `COALESCE(CREATE_OPTIONS, '') NOT LIKE '%row_format=%'`
          : `CREATE_OPTIONS LIKE ${quoteString(`%row_format=${format.toLowerCase()}%`)}`,
        `ROW_FORMAT = ${format === undefined ? 'DEFAULT' : word(format, 'row format', t).toUpperCase()}`,
      );
    out.push({
      sql: set(to.rowFormat),
      inverse: set(from.rowFormat),
      summary: `row format of \`${t}\` → ${to.rowFormat ?? 'default'}`,
    });
  }
  if (change.changed.includes('other')) {
    // One guarded ALTER per option that differs; an option the target drops is reset.
    const keys = new Set([...Object.keys(from.other ?? {}), ...Object.keys(to.other ?? {})]);
    for (const key of keys) {
      const target = to.other?.[key];
      const current = from.other?.[key];
      if (target !== undefined && current !== undefined && target.toLowerCase() === current.toLowerCase()) continue;
      const set = (value: string | undefined): string => {
        const [name, text] = checkTableOption(key, value ?? TABLE_OPTION_RESETS[key.toUpperCase()] ?? 'DEFAULT');
        const present = `LOWER(REPLACE(REPLACE(COALESCE(CREATE_OPTIONS, ''), '\`', ''), '''', '')) LIKE ${quoteString(`%${name.toLowerCase()}=${(value ?? '').toLowerCase()}%`)}`;
        const absent = `LOWER(REPLACE(COALESCE(CREATE_OPTIONS, ''), '\`', '')) NOT LIKE ${quoteString(`%${name.toLowerCase()}=%`)}`;
        return optionGuard(t, value === undefined ? absent : present, `${name} = ${text}`);
      };
      out.push({
        sql: set(target),
        inverse: set(current),
        summary: `table option ${key} of \`${t}\` → ${target ?? 'default'}`,
      });
    }
  }
  if (change.changed.includes('charset') || change.changed.includes('collation')) {
    const convert = (charset: string | undefined, collation: string | undefined): string | undefined => {
      const cs = charset ?? collation?.split('_')[0];
      if (cs === undefined) return undefined;
      const predicate =
        collation === undefined
          ? `${tableCharsetQuery(t)} = ${quoteString(cs)}`
          : `${tableCollationQuery(t)} = ${quoteString(collation)}`;
      return optionGuard(
        t,
        predicate,
        `CONVERT TO CHARACTER SET ${word(cs, 'character set', t)}${collation ? ` COLLATE ${word(collation, 'collation', t)}` : ''}`,
      );
    };
    const sql = convert(to.charset, to.collation);
    const inverse = convert(from.charset, from.collation);
    if (sql) {
      out.push({
        sql,
        ...(inverse ? { inverse } : {}),
        risk: 'converts every text column (CONVERT TO)',
        inverseRisk: 'converts every text column (CONVERT TO)',
        summary: `convert \`${t}\` to ${to.collation ?? to.charset}`,
      });
    }
  }
  return out;
}

function checkCount(table: string, name: string): string {
  return `(SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ${quoteString(table)} AND CONSTRAINT_TYPE = 'CHECK' AND CONSTRAINT_NAME = ${quoteString(name)})`;
}

function addCheckGuard(table: string, check: CheckConstraint): string {
  return renderGuard([
    { condition: `${checkCount(table, check.name)} = 0`, sql: alter(table, `ADD ${renderCheckDefinition(check)}`) },
  ]);
}

function dropCheckGuard(table: string, check: CheckConstraint): string {
  return renderGuard([
    { condition: `${checkCount(table, check.name)} > 0`, sql: alter(table, `DROP CONSTRAINT ${q(check.name)}`) },
  ]);
}

function partitionGuard(table: string, clause: string | undefined): string {
  if (clause === undefined) {
    return renderGuard([
      {
        condition: `${tableCount(table, " AND CREATE_OPTIONS LIKE '%partitioned%'")} > 0`,
        sql: alter(table, 'REMOVE PARTITIONING'),
      },
    ]);
  }
  // Repartitioning to the same scheme twice yields the same table: safe to repeat.
  return alter(table, renderPartitioning(clause));
}

/**
 * The statements one change turns into, each idempotent (CREATE … IF NOT EXISTS, DROP … IF
 * EXISTS, or an information_schema guard group) with its inverse and, when it can lose
 * data, the reason. Unqualified names: the target is the session's default database.
 */
export function planChange(change: SchemaChange): ChangeStatement[] {
  const t = change.table;
  switch (change.kind) {
    case 'addTable':
      return [
        {
          sql: renderCreateTable(change.definition, { ifNotExists: true }),
          inverse: `DROP TABLE IF EXISTS ${q(t)}`,
          inverseRisk: 'drops the table and its rows',
          summary: `create table \`${t}\``,
        },
      ];
    case 'dropTable': {
      // A table whose live form the model cannot carry is never "recreated" by a rollback
      // that would silently lose those constructs: no inverse, and the risk says why.
      const lost = change.definition.unmodelled ?? [];
      return [
        {
          sql: `DROP TABLE IF EXISTS ${q(t)}`,
          ...(lost.length === 0 ? { inverse: renderCreateTable(change.definition, { ifNotExists: true }) } : {}),
          risk:
            lost.length === 0
              ? 'drops the table and its rows'
              : `drops the table and its rows; its rollback cannot recreate it (not modelled: ${lost.join(', ')})`,
          summary: `drop table \`${t}\``,
        },
      ];
    }
    case 'addColumn': {
      const position = change.after === undefined ? ' FIRST' : ` AFTER ${q(change.after)}`;
      return [
        {
          sql: addColumnGuard(t, change.column, position),
          inverse: dropColumnGuard(t, change.column.name),
          inverseRisk: 'drops the column and its values',
          summary: `add column \`${t}\`.\`${change.column.name}\``,
        },
      ];
    }
    case 'dropColumn':
      return [
        {
          sql: dropColumnGuard(t, change.column.name),
          inverse: addColumnGuard(t, change.column, ''),
          risk: 'drops the column and its values',
          summary: `drop column \`${t}\`.\`${change.column.name}\``,
        },
      ];
    case 'modifyColumn':
      return planModifyColumn(change);
    case 'addIndex':
    case 'dropIndex':
    case 'modifyIndex':
      return planIndex(change);
    case 'modifyPrimaryKey':
      return planPrimaryKey(change);
    case 'modifyTableOptions':
      return planTableOptions(change);
    case 'addCheck':
      return [
        {
          sql: addCheckGuard(t, change.check),
          inverse: dropCheckGuard(t, change.check),
          summary: `add check \`${t}\`.\`${change.check.name}\``,
        },
      ];
    case 'dropCheck':
      return [
        {
          sql: dropCheckGuard(t, change.check),
          inverse: addCheckGuard(t, change.check),
          summary: `drop check \`${t}\`.\`${change.check.name}\``,
        },
      ];
    case 'modifyPartitioning':
      return [
        {
          sql: partitionGuard(t, change.to),
          inverse: partitionGuard(t, change.from),
          summary:
            change.to === undefined
              ? `remove the partitioning of \`${t}\``
              : `partition \`${t}\` (${change.from === undefined ? 'was not partitioned' : 'repartition'})`,
        },
      ];
    case 'dropForeignKey':
      return [
        {
          sql: renderGuard([
            {
              condition: `${foreignKeyCount(t, change.foreignKey.name)} > 0`,
              sql: alter(t, `DROP FOREIGN KEY ${q(change.foreignKey.name)}`),
            },
          ]),
          inverse: renderGuard([
            {
              condition: `${foreignKeyCount(t, change.foreignKey.name)} = 0`,
              sql: alter(t, `ADD ${renderForeignKeyDefinition(change.foreignKey)}`),
            },
          ]),
          risk: 'drops the constraint',
          summary: `drop foreign key \`${t}\`.\`${change.foreignKey.name}\``,
        },
      ];
  }
}

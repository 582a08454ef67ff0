import type { Column, ColumnDefault, ForeignKey, Index, Table } from '../../../shared/schema/model';
import { quoteIdentifier, quoteQualified, quoteString } from '../sql/identifier';
import { foreignKeyAction, optionWord, safeExpression } from '../sql/table-options';
import { renderCheckDefinition, renderPartitioning } from './table-extras';
import { renderOtherTableOptions } from './table-options';
import { hashByDefault } from '../ddl/index-kind';

/**
 * Model → DDL. One canonical, deterministic rendering of a table that runs on MySQL 8 and
 * MariaDB 10.11 and introspects back into an equal model (see docs/dialect-differences.md).
 * The planner and the zero-drift tests use exactly these functions.
 */

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'decimal', 'numeric', 'float', 'double', 'real']);
const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BIT_LITERAL = /^b'[01]*'$/i;
const HEX_LITERAL = /^(0x[0-9a-f]+|x'[0-9a-f]*')$/i;

/** Renders the type part of a column: `bigint unsigned`, `varchar(64)`, `enum('a','b')`. */
export function renderColumnType(column: Column): string {
  const type = column.type.toLowerCase();
  let text = type;
  if (column.values !== undefined && (type === 'enum' || type === 'set')) {
    text += `(${column.values.map(quoteString).join(',')})`;
  } else if (INTEGER_TYPES.has(type)) {
    if (column.displayWidth !== undefined) text += `(${column.displayWidth})`;
  } else if (column.precision !== undefined) {
    text += column.scale === undefined ? `(${column.precision})` : `(${column.precision},${column.scale})`;
  } else if (column.length !== undefined) {
    text += `(${column.length})`;
  } else if (column.fsp !== undefined && column.fsp > 0) {
    text += `(${column.fsp})`;
  }
  if (column.unsigned) text += ' unsigned';
  if (column.zerofill) text += ' zerofill';
  return text;
}

/**
 * A geometry column's SRID in the one spelling both servers read, right after the type
 * (where MariaDB requires it): MariaDB runs `/*M!` (`REF_SYSTEM_ID=n`) and skips the
 * MySQL-only `/*!80003` comment; MySQL runs `/*!80003` (`SRID n`) and reads `/*M!` as a comment.
 */
export function renderSrid(srid: number): string {
  if (!Number.isSafeInteger(srid) || srid < 0) throw new Error(`invalid SRID ${srid}`);
  return `/*M!100102 REF_SYSTEM_ID=${srid} */ /*!80003 SRID ${srid} */`;
}

/** Renders a DEFAULT value: literals quoted (numbers bare on numeric types), expressions as given. */
export function renderDefault(column: Column, value: ColumnDefault): string {
  switch (value.kind) {
    case 'null':
      return 'NULL';
    case 'expression':
      return safeExpression(value.value, 'default', `column \`${column.name}\``);
    case 'literal': {
      const type = column.type.toLowerCase();
      if (type === 'bit' && BIT_LITERAL.test(value.value)) return value.value;
      if (HEX_LITERAL.test(value.value) && (type.includes('binary') || type.includes('blob'))) return value.value;
      if (NUMERIC_TYPES.has(type) && NUMBER_LITERAL.test(value.value)) return value.value;
      return quoteString(value.value);
    }
  }
}

/**
 * One column definition as it appears inside CREATE TABLE / ADD COLUMN / MODIFY COLUMN:
 * name, type, charset/collation, generated clause, nullability, default, on update,
 * auto_increment, comment — always in that order.
 */
export function renderColumnDefinition(column: Column): string {
  const parts = [quoteIdentifier(column.name), renderColumnType(column)];
  if (column.srid !== undefined) parts.push(renderSrid(column.srid));
  const where = `column \`${column.name}\``;
  if (column.charset !== undefined) parts.push(`CHARACTER SET ${optionWord(column.charset, 'character set', where)}`);
  if (column.collation !== undefined) parts.push(`COLLATE ${optionWord(column.collation, 'collation', where)}`);
  if (column.generated !== undefined) {
    const expression = safeExpression(column.generated.expression, 'generated column', where);
    parts.push(`GENERATED ALWAYS AS (${expression}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`);
    // MariaDB rejects NULL/NOT NULL on generated columns; they are always nullable there.
    if (column.invisible) parts.push('INVISIBLE');
  } else {
    parts.push(column.nullable ? 'NULL' : 'NOT NULL');
    if (column.invisible) parts.push('INVISIBLE');
    if (column.default !== undefined) parts.push(`DEFAULT ${renderDefault(column, column.default)}`);
    if (column.onUpdate !== undefined) parts.push(`ON UPDATE ${safeExpression(column.onUpdate, 'on update', where)}`);
    if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  }
  if (column.comment !== undefined) parts.push(`COMMENT ${quoteString(column.comment)}`);
  return parts.join(' ');
}

/** Renders the column list of an index: `` `a`, `b`(10) DESC ``. */
export function renderIndexColumns(index: Pick<Index, 'columns'>): string {
  return index.columns
    .map(
      (c) => `${quoteIdentifier(c.name)}${c.length === undefined ? '' : `(${c.length})`}${c.descending ? ' DESC' : ''}`,
    )
    .join(', ');
}

/**
 * Renders a secondary index as a table element: `UNIQUE KEY \`name\` (…)`. `engine` is the
 * table's: on MEMORY, whose indexes are HASH unless declared otherwise, a B-tree index
 * needs its `USING BTREE` (elsewhere B-tree is the default and is not written).
 */
export function renderIndexDefinition(index: Index, engine?: string): string {
  const prefix =
    index.kind === 'fulltext'
      ? 'FULLTEXT KEY'
      : index.kind === 'spatial'
        ? 'SPATIAL KEY'
        : index.unique
          ? 'UNIQUE KEY'
          : 'KEY';
  let text = `${prefix} ${quoteIdentifier(index.name)} (${renderIndexColumns(index)})`;
  if (index.kind === 'hash') text += ' USING HASH';
  else if (index.kind === 'btree' && hashByDefault(engine)) text += ' USING BTREE';
  if (index.comment !== undefined) text += ` COMMENT ${quoteString(index.comment)}`;
  if (index.ignored) text += ` ${INDEX_IGNORED}`;
  return text;
}

/**
 * An ignored index, in the one spelling both servers read: MariaDB 10.6+ runs `/*M!100600`
 * (`IGNORED`) and skips MySQL-only `/*!80000` comments (it runs none numbered 50700–99999);
 * MySQL runs `/*!80000` (`INVISIBLE`) and reads `/*M!` as a plain comment.
 */
export const INDEX_IGNORED = '/*M!100600 IGNORED */ /*!80000 INVISIBLE */';
/** The reverse of INDEX_IGNORED, for `ALTER INDEX`. */
export const INDEX_NOT_IGNORED = '/*M!100600 NOT IGNORED */ /*!80000 VISIBLE */';

/** Renders a foreign key as a table element (modelled so it can be reported and recreated). */
export function renderForeignKeyDefinition(fk: ForeignKey): string {
  const target =
    fk.referencedDatabase === undefined
      ? quoteIdentifier(fk.referencedTable)
      : quoteQualified(fk.referencedDatabase, fk.referencedTable);
  let text =
    `CONSTRAINT ${quoteIdentifier(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdentifier).join(', ')}) ` +
    `REFERENCES ${target} (${fk.referencedColumns.map(quoteIdentifier).join(', ')})`;
  if (fk.onDelete !== undefined) text += ` ON DELETE ${foreignKeyAction(fk.onDelete, fk.name)}`;
  if (fk.onUpdate !== undefined) text += ` ON UPDATE ${foreignKeyAction(fk.onUpdate, fk.name)}`;
  return text;
}

/** Renders the table options after the closing parenthesis. */
export function renderTableOptions(table: Table): string {
  const o = table.options;
  const where = `table \`${table.name}\``;
  const parts: string[] = [];
  if (o.engine !== undefined) parts.push(`ENGINE=${optionWord(o.engine, 'engine', where)}`);
  if (o.charset !== undefined) parts.push(`DEFAULT CHARSET=${optionWord(o.charset, 'character set', where)}`);
  if (o.collation !== undefined) parts.push(`COLLATE=${optionWord(o.collation, 'collation', where)}`);
  if (o.rowFormat !== undefined) parts.push(`ROW_FORMAT=${optionWord(o.rowFormat, 'row format', where).toUpperCase()}`);
  parts.push(...renderOtherTableOptions(o.other));
  if (o.comment !== undefined) parts.push(`COMMENT=${quoteString(o.comment)}`);
  return parts.join(' ');
}

/**
 * The canonical CREATE TABLE for a model table: columns in model order, then the primary
 * key, the indexes, the foreign keys and the CHECK constraints in model order, then the
 * options and the partitioning clause. With `database`
 * the table name is qualified; with `ifNotExists` the statement is idempotent.
 */
export function renderCreateTable(table: Table, options: { ifNotExists?: boolean; database?: string } = {}): string {
  const name =
    options.database === undefined ? quoteIdentifier(table.name) : quoteQualified(options.database, table.name);
  const inline = new Map(
    (table.checks ?? []).flatMap((check) => (check.column === undefined ? [] : [[check.column, check] as const])),
  );
  const elements = table.columns.map((column) => {
    const check = inline.get(column.name);
    return check === undefined
      ? renderColumnDefinition(column)
      : `${renderColumnDefinition(column)} ${renderCheckDefinition(check, true)}`;
  });
  if (table.primaryKey !== undefined && table.primaryKey.columns.length > 0) {
    elements.push(`PRIMARY KEY (${table.primaryKey.columns.map(quoteIdentifier).join(', ')})`);
  }
  for (const index of table.indexes) elements.push(renderIndexDefinition(index, table.options.engine));
  for (const fk of table.foreignKeys) elements.push(renderForeignKeyDefinition(fk));
  for (const check of table.checks ?? [])
    if (!inline.has(check.column ?? '')) elements.push(renderCheckDefinition(check));
  const tableOptions = renderTableOptions(table);
  return (
    `CREATE TABLE ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${name} (\n  ` +
    elements.join(',\n  ') +
    `\n)${tableOptions ? ' ' + tableOptions : ''}` +
    (table.partitioning === undefined ? '' : `\n${renderPartitioning(table.partitioning)}`)
  );
}

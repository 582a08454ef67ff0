import type { SchemaChange } from '../../../shared/schema/changes';
import type { Column, ColumnDefault, Index } from '../../../shared/schema/model';
import { formatColumnType } from '../ddl/format-column';

/** A column's type as people read it: `bigint unsigned`, `varchar(255)`. */
export function columnTypeText(column: Column): string {
  return `${formatColumnType(column)}${column.unsigned ? ' unsigned' : ''}${column.zerofill ? ' zerofill' : ''}`;
}

function defaultText(column: Column): string {
  const value: ColumnDefault | undefined = column.default;
  if (!value) return column.nullable && !column.autoIncrement ? 'NULL' : 'none';
  if (value.kind === 'null') return 'NULL';
  return value.kind === 'literal' ? `'${value.value}'` : value.value;
}

/** An index's columns as text: `a, b(10)`. */
export function indexColumnsText(index: Index): string {
  return index.columns
    .map((column) => `${column.name}${column.length ? `(${column.length})` : ''}${column.descending ? ' DESC' : ''}`)
    .join(', ');
}

function columnAspectText(aspect: string, from: Column, to: Column): string {
  switch (aspect) {
    case 'type':
      return `type ${formatColumnType(from)} → ${formatColumnType(to)}`;
    case 'nullable':
      return `${from.nullable ? 'NULL' : 'NOT NULL'} → ${to.nullable ? 'NULL' : 'NOT NULL'}`;
    case 'default':
      return `default ${defaultText(from)} → ${defaultText(to)}`;
    case 'unsigned':
      return `${from.unsigned ? 'unsigned' : 'signed'} → ${to.unsigned ? 'unsigned' : 'signed'}`;
    case 'autoIncrement':
      return `auto_increment ${from.autoIncrement ? 'on' : 'off'} → ${to.autoIncrement ? 'on' : 'off'}`;
    case 'values':
      return `values (${(from.values ?? []).join(', ')}) → (${(to.values ?? []).join(', ')})`;
    case 'comment':
      return `comment '${from.comment ?? ''}' → '${to.comment ?? ''}'`;
    case 'charset':
      return `charset ${from.charset ?? 'default'} → ${to.charset ?? 'default'}`;
    case 'collation':
      return `collation ${from.collation ?? 'default'} → ${to.collation ?? 'default'}`;
    case 'onUpdate':
      return `on update ${from.onUpdate ?? 'none'} → ${to.onUpdate ?? 'none'}`;
    case 'generated':
      return `generated ${from.generated?.expression ?? 'no'} → ${to.generated?.expression ?? 'no'}`;
    case 'invisible':
      return `${from.invisible ? 'INVISIBLE' : 'visible'} → ${to.invisible ? 'INVISIBLE' : 'visible'}`;
    case 'srid':
      return `SRID ${from.srid ?? 'none'} → ${to.srid ?? 'none'}`;
    default:
      return aspect;
  }
}

function otherText(other: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(other ?? {}).map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? 'none' : pairs.join(' ');
}

function indexAspectText(aspect: string, from: Index, to: Index): string {
  switch (aspect) {
    case 'columns':
      return `columns (${indexColumnsText(from)}) → (${indexColumnsText(to)})`;
    case 'unique':
      return `${from.unique ? 'unique' : 'not unique'} → ${to.unique ? 'unique' : 'not unique'}`;
    case 'kind':
      return `type ${from.kind.toUpperCase()} → ${to.kind.toUpperCase()}`;
    case 'comment':
      return `comment '${from.comment ?? ''}' → '${to.comment ?? ''}'`;
    case 'ignored':
      return `${from.ignored ? 'IGNORED' : 'used'} → ${to.ignored ? 'IGNORED' : 'used'}`;
    default:
      return aspect;
  }
}

/** One line saying what a change is, for reports and the CLI (`column \`name\`: type varchar(50) → varchar(100)`). */
export function describeChange(change: SchemaChange): string {
  switch (change.kind) {
    case 'addTable':
      return `table \`${change.table}\` is missing`;
    case 'dropTable':
      return `table \`${change.table}\` is extra`;
    case 'addColumn':
      return `column \`${change.column.name}\` ${columnTypeText(change.column)} is missing`;
    case 'dropColumn':
      return `column \`${change.column.name}\` is extra`;
    case 'modifyColumn':
      return `column \`${change.to.name}\`: ${change.changed
        .map((aspect) =>
          aspect === 'position'
            ? `position (should follow ${change.after ? `\`${change.after}\`` : 'nothing: first'})`
            : columnAspectText(aspect, change.from, change.to),
        )
        .join('; ')}`;
    case 'addIndex':
      return `${change.index.unique ? 'unique ' : ''}index \`${change.index.name}\` (${indexColumnsText(change.index)}) is missing`;
    case 'dropIndex':
      return `index \`${change.index.name}\` is extra`;
    case 'modifyIndex':
      return `index \`${change.to.name}\`: ${change.changed.map((aspect) => indexAspectText(aspect, change.from, change.to)).join('; ')}`;
    case 'modifyPrimaryKey':
      return `primary key (${change.from?.columns.join(', ') ?? 'none'}) → (${change.to?.columns.join(', ') ?? 'none'})`;
    case 'modifyTableOptions':
      return `table options: ${change.changed
        .map((aspect) =>
          aspect === 'other'
            ? `options ${otherText(change.from.other)} → ${otherText(change.to.other)}`
            : `${aspect} ${change.from[aspect] ?? 'default'} → ${change.to[aspect] ?? 'default'}`,
        )
        .join('; ')}`;
    case 'dropForeignKey':
      return `foreign key \`${change.foreignKey.name}\` is extra (forbidden by the doctrine)`;
    case 'addCheck':
      return `check \`${change.check.name}\` (${change.check.expression}) is missing`;
    case 'dropCheck':
      return `check \`${change.check.name}\` (${change.check.expression}) is extra`;
    case 'modifyPartitioning':
      return `partitioning ${change.from ?? 'none'} → ${change.to ?? 'none'}`;
  }
}

import type { Column } from '../../../shared/schema/model';
import { quoteIdentifier, quoteString } from '../sql/identifier';
import { optionWord, safeExpression } from '../sql/table-options';
import { TYPE_SHAPES } from './data-types';

/** The type with its arguments: `varchar(255)`, `decimal(10,2)`, `enum('a','b')`. */
export function formatColumnType(column: Column): string {
  const shape = TYPE_SHAPES[column.type];
  if (column.values) return `${column.type}(${column.values.map((v) => quoteString(v)).join(',')})`;
  if (column.precision !== undefined) {
    return column.scale !== undefined
      ? `${column.type}(${column.precision},${column.scale})`
      : `${column.type}(${column.precision})`;
  }
  if (column.length !== undefined) return `${column.type}(${column.length})`;
  if (column.fsp !== undefined && column.fsp > 0) return `${column.type}(${column.fsp})`;
  if (column.displayWidth !== undefined && shape === 'integer') return `${column.type}(${column.displayWidth})`;
  return column.type;
}

const NUMERIC = new Set(['integer', 'decimal', 'float', 'bit']);

/**
 * Renders a Column back to a column DDL string in the style of the definitions generator
 * (`` `id` bigint NOT NULL auto_increment COMMENT '…' ``). parseColumnDefinition of the
 * result yields an equal Column.
 */
export function formatColumnDefinition(column: Column): string {
  const parts = [quoteIdentifier(column.name), formatColumnType(column)];
  if (column.srid !== undefined) parts.push(`SRID ${column.srid}`);
  if (column.unsigned && !column.zerofill) parts.push('unsigned');
  if (column.zerofill) parts.push('zerofill');
  const where = `column \`${column.name}\``;
  if (column.charset) parts.push(`CHARACTER SET ${optionWord(column.charset, 'character set', where)}`);
  if (column.collation) parts.push(`COLLATE ${optionWord(column.collation, 'collation', where)}`);
  if (column.generated) {
    const expression = safeExpression(column.generated.expression, 'generated column', where);
    parts.push(`GENERATED ALWAYS AS (${expression}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  }
  if (!column.nullable) parts.push('NOT NULL');
  if (column.invisible) parts.push('INVISIBLE');
  const d = column.default;
  if (d) {
    if (d.kind === 'null') parts.push('DEFAULT NULL');
    else if (d.kind === 'expression') parts.push(`DEFAULT ${safeExpression(d.value, 'default', where)}`);
    else if (NUMERIC.has(TYPE_SHAPES[column.type] ?? '') && /^-?\d+(\.\d+)?$/.test(d.value))
      parts.push(`DEFAULT ${d.value}`);
    else if (/^[xb]'[0-9a-f]*'$/i.test(d.value)) parts.push(`DEFAULT ${d.value}`);
    else parts.push(`DEFAULT ${quoteString(d.value)}`);
  }
  if (column.onUpdate) parts.push(`on update ${safeExpression(column.onUpdate, 'on update', where)}`);
  if (column.autoIncrement) parts.push('auto_increment');
  if (column.comment !== undefined) parts.push(`COMMENT ${quoteString(column.comment)}`);
  return parts.join(' ');
}

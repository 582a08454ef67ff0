import type { ColumnAspect } from '../../../shared/schema/changes';
import type { Column } from '../../../shared/schema/model';
import { LupoError } from '../../../shared/errors';
import { quoteString } from '../sql/identifier';
import { renderColumnType, renderDefault } from '../sqlgen/create-table';
import { hexLiteral, sameText, tableCharsetQuery, tableCollationQuery } from './guard';

const INTEGER_WIDTH: Readonly<Record<string, readonly [signed: number, unsigned: number]>> = {
  tinyint: [4, 3],
  smallint: [6, 5],
  mediumint: [9, 8],
  int: [11, 10],
  integer: [11, 10],
  bigint: [20, 20],
};

/**
 * The spellings of a column's type that information_schema.COLUMNS.COLUMN_TYPE may show:
 * MariaDB keeps integer display widths (`bigint(20)`), MySQL 8.0.19+ drops them (`bigint`).
 */
export function columnTypeSpellings(column: Column): string[] {
  const type = column.type.toLowerCase();
  const rendered = renderColumnType(column).toLowerCase();
  const widths = INTEGER_WIDTH[type];
  if (!widths) return [rendered];
  const suffix = `${column.unsigned ? ' unsigned' : ''}${column.zerofill ? ' zerofill' : ''}`;
  const width = column.displayWidth ?? widths[column.unsigned ? 1 : 0];
  const name = type === 'integer' ? 'int' : type;
  return [...new Set([`${name}${suffix}`, `${name}(${width})${suffix}`, rendered])];
}

/**
 * The live SRID of the COLUMNS row's column (0 = none), from where each server keeps it:
 * MariaDB in GEOMETRY_COLUMNS (run as `/*M!`), MySQL 8 in COLUMNS.SRS_ID (run as
 * `/*!80003`, which MariaDB skips); 0 on servers with neither.
 */
function liveSrid(table: string, column: string): string {
  const maria = `(SELECT g.SRID FROM information_schema.GEOMETRY_COLUMNS g WHERE g.G_TABLE_SCHEMA = DATABASE() AND g.G_TABLE_NAME = ${quoteString(table)} AND g.G_GEOMETRY_COLUMN = ${quoteString(column)})`;
  return `COALESCE(/*M!100102 ${maria}, */ /*!80003 SRS_ID, */ 0)`;
}

function defaultPredicate(column: Column): string {
  const value = column.default;
  if (value === undefined || value.kind === 'null') return `(COLUMN_DEFAULT IS NULL OR UPPER(COLUMN_DEFAULT) = 'NULL')`;
  if (value.kind === 'expression') {
    const bare = value.value.replace(/\(\)$/, '').toUpperCase();
    return `UPPER(COLUMN_DEFAULT) IN (${[bare, `${bare}()`].map(quoteString).join(', ')})`;
  }
  // MySQL shows a literal unquoted, MariaDB quoted (numbers bare on numeric types).
  const forms = [...new Set([value.value, renderDefault(column, value), quoteString(value.value)])];
  return `CAST(COLUMN_DEFAULT AS BINARY) IN (${forms.map(hexLiteral).join(', ')})`;
}

/**
 * A predicate over one information_schema.COLUMNS row that holds when the live column
 * already has `column`'s value of `aspect`. `after` is the preceding column for `position`
 * (undefined = first). Raises for aspects the planner cannot check (generated columns).
 */
export function aspectPredicate(
  table: string,
  column: Column,
  aspect: ColumnAspect,
  after: string | undefined,
): string {
  switch (aspect) {
    case 'type':
    case 'unsigned':
    case 'zerofill':
    case 'values':
      // ENUM/SET values are case-sensitive: compare bytes (information_schema's `=` is _ci).
      if (column.values !== undefined) return `CAST(COLUMN_TYPE AS BINARY) = ${hexLiteral(renderColumnType(column))}`;
      return `LOWER(COLUMN_TYPE) IN (${columnTypeSpellings(column).map(quoteString).join(', ')})`;
    case 'nullable':
      return `IS_NULLABLE = ${column.nullable ? "'YES'" : "'NO'"}`;
    case 'default':
      return defaultPredicate(column);
    case 'onUpdate':
      return `UPPER(EXTRA) ${column.onUpdate === undefined ? 'NOT ' : ''}LIKE '%ON UPDATE%'`;
    case 'autoIncrement':
      return `UPPER(EXTRA) ${column.autoIncrement ? '' : 'NOT '}LIKE '%AUTO_INCREMENT%'`;
    case 'charset':
      return column.charset === undefined
        ? `CHARACTER_SET_NAME = ${tableCharsetQuery(table)}`
        : `CHARACTER_SET_NAME = ${quoteString(column.charset)}`;
    case 'collation':
      return column.collation === undefined
        ? `COLLATION_NAME = ${tableCollationQuery(table)}`
        : `COLLATION_NAME = ${quoteString(column.collation)}`;
    case 'comment':
      return sameText('COLUMN_COMMENT', column.comment ?? '');
    case 'invisible':
      return `UPPER(EXTRA) ${column.invisible ? '' : 'NOT '}LIKE '%INVISIBLE%'`;
    case 'srid':
      return `${liveSrid(table, column.name)} = ${column.srid ?? 0}`;
    case 'position':
      return after === undefined
        ? 'ORDINAL_POSITION = 1'
        : `ORDINAL_POSITION = (SELECT p.ORDINAL_POSITION + 1 FROM information_schema.COLUMNS p WHERE p.TABLE_SCHEMA = DATABASE() AND p.TABLE_NAME = ${quoteString(table)} AND p.COLUMN_NAME = ${quoteString(after)})`;
    case 'generated':
      throw new LupoError(
        'planner/unsupported-change',
        `Column \`${table}\`.\`${column.name}\`: changing a generated column's expression is not supported by the planner.`,
        { hint: 'Write that ALTER TABLE by hand (drop and re-add the generated column) in its own migration file.' },
      );
  }
}

/**
 * ` AND NOT COALESCE((p1) AND (p2) …, 0)`: the extra WHERE part that keeps a column row only
 * while it still differs from the target in one of `aspects` (a NULL comparison counts as
 * "differs", so the guard errs towards running the idempotent MODIFY).
 */
export function differsFrom(
  table: string,
  column: Column,
  aspects: readonly ColumnAspect[],
  after: string | undefined,
): string {
  const unique = [
    ...new Set(aspects.map((a) => (a === 'unsigned' || a === 'zerofill' || a === 'values' ? 'type' : a))),
  ];
  const predicates = unique.map((aspect) => `(${aspectPredicate(table, column, aspect, after)})`);
  return ` AND NOT COALESCE(${predicates.join(' AND ')}, 0)`;
}

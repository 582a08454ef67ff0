import type { Column, Table } from '../../../shared/schema/model';

/**
 * Compare-form of model values. Introspection already returns canonical values; this exists
 * for the other sources (definitions, SQL files) and for tests, and removes what carries no
 * schema meaning: `source`/`stats`, index and foreign-key order, integer display widths
 * other than `tinyint(1)`/zerofill, `fsp: 0`, and an explicit `DEFAULT NULL` on a nullable
 * column (the same thing as no default; MySQL cannot tell them apart).
 */
export function canonicalColumn(column: Column): Column {
  const { source: _source, displayWidth, fsp, default: defaultValue, ...rest } = column;
  const keepWidth =
    displayWidth !== undefined && ((column.type === 'tinyint' && displayWidth === 1) || column.zerofill);
  const dropDefault =
    defaultValue === undefined || (defaultValue.kind === 'null' && column.nullable) || column.generated !== undefined;
  return {
    ...rest,
    ...(keepWidth ? { displayWidth } : {}),
    ...(fsp === undefined || fsp === 0 ? {} : { fsp }),
    ...(dropDefault ? {} : { default: defaultValue }),
  };
}

/** Compare-form of a table (see canonicalColumn); two equal schemas give deep-equal values. */
export function normalizeForCompare(table: Table): Table {
  const { source: _source, stats: _stats, ...rest } = table;
  const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return {
    ...rest,
    columns: table.columns.map(canonicalColumn),
    indexes: [...table.indexes].sort(byName),
    foreignKeys: [...table.foreignKeys].sort(byName),
  };
}

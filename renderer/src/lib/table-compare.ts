import type { Column, Index, Table, TableOptions } from '../../../shared/schema/model';

/** How one element compares between the definition and the live table. */
export type CompareStatus = 'same' | 'changed' | 'definition-only' | 'live-only';

/** One line of a side-by-side comparison. */
export interface CompareLine {
  readonly name: string;
  /** The element rendered as text on the definition side (absent when it is not there). */
  readonly definition?: string;
  readonly live?: string;
  readonly status: CompareStatus;
}

/** The side-by-side comparison of one table. */
export interface TableComparison {
  readonly columns: readonly CompareLine[];
  readonly indexes: readonly CompareLine[];
  readonly options: readonly CompareLine[];
  /** How many lines differ in all three sections. */
  readonly differenceCount: number;
}

/**
 * Renders a column the way `SHOW CREATE TABLE` would, minus what never counts as a
 * difference: integer display width, a charset/collation equal to the table's default,
 * case and empty parentheses of default expressions (`current_timestamp()`).
 */
export function formatColumn(column: Column, table: TableOptions = {}): string {
  let type = column.type;
  if (column.values) type += `(${column.values.map((value) => `'${value}'`).join(',')})`;
  else if (column.precision !== undefined)
    type += `(${column.precision}${column.scale === undefined ? '' : `,${column.scale}`})`;
  else if (column.length !== undefined) type += `(${column.length})`;
  else if (column.fsp !== undefined) type += `(${column.fsp})`;
  const parts = [type];
  if (column.unsigned) parts.push('unsigned');
  if (column.zerofill) parts.push('zerofill');
  if (column.srid !== undefined) parts.push(`SRID ${column.srid}`);
  if (column.charset && column.charset.toLowerCase() !== table.charset?.toLowerCase()) {
    parts.push(`CHARACTER SET ${column.charset}`);
  }
  if (column.collation && column.collation.toLowerCase() !== table.collation?.toLowerCase()) {
    parts.push(`COLLATE ${column.collation}`);
  }
  if (column.generated)
    parts.push(`AS (${column.generated.expression}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  parts.push(column.nullable ? 'NULL' : 'NOT NULL');
  if (column.default) {
    parts.push(
      column.default.kind === 'null'
        ? 'DEFAULT NULL'
        : column.default.kind === 'literal'
          ? `DEFAULT '${column.default.value}'`
          : `DEFAULT ${column.default.value.toUpperCase().replace(/\(\)$/, '')}`,
    );
  }
  if (column.onUpdate) parts.push(`ON UPDATE ${column.onUpdate.toUpperCase().replace(/\(\)$/, '')}`);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  if (column.comment) parts.push(`COMMENT '${column.comment}'`);
  return parts.join(' ');
}

/** Renders an index: `UNIQUE (a, b(10))`. */
export function formatIndex(index: Index): string {
  const columns = index.columns
    .map(
      (column) =>
        `${column.name}${column.length === undefined ? '' : `(${column.length})`}${column.descending ? ' DESC' : ''}`,
    )
    .join(', ');
  if (index.name === 'PRIMARY') return `PRIMARY KEY (${columns})`;
  const kind = index.unique
    ? 'UNIQUE '
    : index.kind === 'fulltext'
      ? 'FULLTEXT '
      : index.kind === 'spatial'
        ? 'SPATIAL '
        : '';
  return `${kind}(${columns})${index.kind === 'hash' ? ' USING HASH' : ''}${index.ignored ? ' IGNORED' : ''}`;
}

const OPTION_KEYS: ReadonlyArray<keyof TableOptions> = ['engine', 'charset', 'collation', 'rowFormat', 'comment'];

function lines<T>(
  definition: readonly T[],
  live: readonly T[],
  nameOf: (item: T) => string,
  render: (item: T) => string,
  caseInsensitive: boolean,
): CompareLine[] {
  const key = (name: string): string => (caseInsensitive ? name.toLowerCase() : name);
  const liveByName = new Map(live.map((item) => [key(nameOf(item)), item]));
  const result: CompareLine[] = [];
  const seen = new Set<string>();
  for (const item of definition) {
    const name = nameOf(item);
    seen.add(key(name));
    const other = liveByName.get(key(name));
    const left = render(item);
    if (!other) {
      result.push({ name, definition: left, status: 'definition-only' });
    } else {
      const right = render(other);
      result.push({ name, definition: left, live: right, status: left === right ? 'same' : 'changed' });
    }
  }
  for (const item of live) {
    if (!seen.has(key(nameOf(item)))) result.push({ name: nameOf(item), live: render(item), status: 'live-only' });
  }
  return result;
}

/**
 * Compares a definition with its live table, element by element, for the explorer's and
 * the drift view's side-by-side panes. Column and index names compare case-insensitively
 * (MySQL does); rendered text compares exactly. Either side may be absent.
 */
export function compareTables(definition: Table | undefined, live: Table | undefined): TableComparison {
  const primary = (table: Table | undefined): Index[] =>
    table?.primaryKey
      ? [{ name: 'PRIMARY', columns: table.primaryKey.columns.map((name) => ({ name })), unique: true, kind: 'btree' }]
      : [];
  const columns = compareColumns(definition, live);
  const indexes = lines(
    [...primary(definition), ...(definition?.indexes ?? [])],
    [...primary(live), ...(live?.indexes ?? [])],
    (i) => i.name,
    formatIndex,
    true,
  );
  const optionItems = (table: Table | undefined): Array<{ key: string; value: string }> =>
    table
      ? OPTION_KEYS.flatMap((key) => {
          const value = table.options[key];
          return value === undefined || value === '' ? [] : [{ key, value: String(value) }];
        })
      : [];
  // An option only the live side states (the server always reports its engine, row format…)
  // is shown but is not a difference: the definition simply leaves it to the server.
  const options = lines(
    optionItems(definition),
    optionItems(live),
    (o) => o.key,
    (o) => o.value,
    true,
  ).map((line) => (line.status === 'live-only' ? { ...line, status: 'same' as const } : line));
  const differenceCount = [...columns, ...indexes, ...options].filter((line) => line.status !== 'same').length;
  return { columns, indexes, options, differenceCount };
}

function compareColumns(definition: Table | undefined, live: Table | undefined): CompareLine[] {
  const liveByName = new Map((live?.columns ?? []).map((column) => [column.name.toLowerCase(), column]));
  const result: CompareLine[] = [];
  for (const column of definition?.columns ?? []) {
    const other = liveByName.get(column.name.toLowerCase());
    const left = formatColumn(column, definition?.options);
    if (!other) {
      result.push({ name: column.name, definition: left, status: 'definition-only' });
      continue;
    }
    liveByName.delete(column.name.toLowerCase());
    const right = formatColumn(other, live?.options);
    result.push({ name: column.name, definition: left, live: right, status: left === right ? 'same' : 'changed' });
  }
  for (const column of liveByName.values()) {
    result.push({ name: column.name, live: formatColumn(column, live?.options), status: 'live-only' });
  }
  return result;
}

/** True when a definition and a live table agree on every compared element. */
export function tablesEqual(definition: Table, live: Table): boolean {
  return compareTables(definition, live).differenceCount === 0;
}

import type {
  Column,
  ForbiddenObject,
  ForeignKey,
  Index,
  IndexColumn,
  TableOptions,
  View,
  Mutable,
} from '../../../shared/schema/model';
import { charsetOfCollation, parseColumnType, type ParsedColumnType } from '../dialect/common';
import type { Dialect } from '../dialect/dialect';
import { COLUMN_FIELDS as C } from './queries';
import { splitCreateOptions } from '../sqlgen/table-options';

/** One row of a small bulk query (aliases of introspect/queries.ts), as mysql2 returns it. */
export type RawRow = Readonly<Record<string, unknown>>;

/** One COLUMNS_SQL / STATISTICS_SQL row read with `rowsAsArray` (positions in queries.ts). */
export type ArrayRow = readonly unknown[];

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const optional = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);

/** Sorts model objects by name (their order carries no meaning). */
export const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Groups rows by their table (`t`). */
export function groupByTable(rows: readonly RawRow[]): Map<string, RawRow[]> {
  const groups = new Map<string, RawRow[]>();
  for (const row of rows) {
    const key = str(row.t);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  return groups;
}

const ROW_FORMAT = /row_format=(\w+)/i;

/** Table options from a TABLES_SQL row; the row format only when declared. */
export function tableOptions(row: RawRow): TableOptions {
  const collation = optional(row.co);
  const rowFormat = ROW_FORMAT.exec(str(row.op))?.[1];
  const engine = optional(row.e);
  const comment = optional(row.cm);
  const { other } = splitCreateOptions(row.op);
  // Plain assignments: an object made by conditional spreads gets a V8 hidden class of its
  // own per table (~250 bytes each at 10,000 tables).
  const options: Mutable<TableOptions> = {};
  if (engine !== undefined) options.engine = engine;
  if (collation !== undefined) {
    options.charset = charsetOfCollation(collation);
    options.collation = collation;
  }
  if (comment !== undefined) options.comment = comment;
  if (rowFormat !== undefined) options.rowFormat = rowFormat.toUpperCase();
  if (Object.keys(other).length > 0) options.other = other;
  return options;
}

/**
 * COLUMN_TYPE parses by DATA_TYPE then COLUMN_TYPE as the server wrote it (ENUM/SET values
 * keep their case: `'PASS'` ≠ `'pass'`): a schema has few distinct types but many columns.
 * Two plain keys rather than one joined string, which was built, flattened and hashed
 * anew for every column. Bounded like any memo.
 */
const parsedTypes = new Map<string, Map<string, ParsedColumnType>>();

function parsedType(dataType: string, columnType: string): ParsedColumnType {
  let byColumnType = parsedTypes.get(dataType);
  if (byColumnType === undefined) parsedTypes.set(dataType, (byColumnType = new Map()));
  let parsed = byColumnType.get(columnType);
  if (parsed === undefined) {
    parsed = Object.freeze(parseColumnType(dataType, columnType));
    if (byColumnType.size > 10_000) byColumnType.clear();
    byColumnType.set(columnType, parsed);
  }
  return parsed;
}

const GENERATED = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i;
const AUTO_INCREMENT = /\bauto_increment\b/i;
const INVISIBLE = /\bINVISIBLE\b/i;

/** True when a COLUMNS row could be a MariaDB JSON column (longtext with a binary collation). */
export function isJsonCandidate(row: ArrayRow): boolean {
  const collation = row[C.collation];
  return row[C.dataType] === 'longtext' && typeof collation === 'string' && collation.endsWith('_bin');
}

/** One column from its COLUMNS row; written with plain assignments (hot path: every column). */
export function buildColumn(row: ArrayRow, dialect: Dialect, options: TableOptions, json: boolean): Column {
  const dataType = (row[C.dataType] as string).toLowerCase();
  const parsed = parsedType(dataType, row[C.columnType] as string);
  const extra = (row[C.extra] as string | null) ?? '';
  const nullable = row[C.nullable] === 'YES';
  const column: Mutable<Column> = {
    name: row[C.name] as string,
    type: json ? 'json' : dataType,
    unsigned: parsed.unsigned,
    zerofill: parsed.zerofill,
    nullable,
    autoIncrement: false,
  };
  if (parsed.length !== undefined) column.length = parsed.length;
  if (parsed.precision !== undefined) column.precision = parsed.precision;
  if (parsed.scale !== undefined) column.scale = parsed.scale;
  if (parsed.fsp !== undefined) column.fsp = parsed.fsp;
  if (parsed.displayWidth !== undefined) column.displayWidth = parsed.displayWidth;
  if (parsed.values !== undefined) column.values = parsed.values;
  let generated: string | undefined;
  if (extra !== '') {
    generated = GENERATED.exec(extra)?.[1]?.toUpperCase();
    if (AUTO_INCREMENT.test(extra)) column.autoIncrement = true;
    if (INVISIBLE.test(extra)) column.invisible = true;
    const onUpdate = dialect.normalizeOnUpdate(extra);
    if (onUpdate !== undefined) column.onUpdate = onUpdate;
  }
  const expression = row[C.generation] as string | null | undefined;
  if (generated !== undefined && expression) {
    column.generated = {
      expression: dialect.normalizeGenerationExpression(expression),
      stored: generated !== 'VIRTUAL',
    };
  } else {
    const raw = row[C.default] as string | null | undefined;
    if (raw !== null && raw !== undefined) {
      const value = dialect.normalizeDefault(raw, { type: column.type, nullable, extra });
      if (value !== undefined) column.default = value;
    }
  }
  if (!json) {
    const charset = row[C.charset] as string | null;
    const collation = row[C.collation] as string | null;
    if (charset && charset !== options.charset) column.charset = charset;
    if (collation && (collation !== options.collation || charset !== options.charset)) column.collation = collation;
  }
  const comment = row[C.comment] as string | null;
  if (comment) column.comment = comment;
  return column;
}

const INDEX_KINDS: Record<string, Index['kind']> = {
  BTREE: 'btree',
  HASH: 'hash',
  FULLTEXT: 'fulltext',
  SPATIAL: 'spatial',
  RTREE: 'spatial',
};

/** The model kind of an INDEX_TYPE (`BTREE` → `btree`; unknown types read as btree). */
export function indexKind(indexType: unknown): Index['kind'] {
  return INDEX_KINDS[str(indexType).toUpperCase()] ?? 'btree';
}

/** One index column from its STATISTICS parts (sub-part length, `D` collation). */
export function indexColumn(name: string, kind: Index['kind'], subPart: unknown, collation: unknown): IndexColumn {
  const length = kind === 'spatial' || subPart === null || subPart === undefined ? undefined : Number(subPart);
  if (length === undefined) return collation === 'D' ? { name, descending: true } : { name };
  return collation === 'D' ? { name, length, descending: true } : { name, length };
}

const DEFAULT_RULES = new Set(['RESTRICT', 'NO ACTION']);

/** A table's foreign keys from REFERENTIAL_SQL and FOREIGN_KEY_COLUMNS_SQL rows, by name. */
export function buildForeignKeys(
  database: string,
  referential: readonly RawRow[],
  columns: readonly RawRow[],
): ForeignKey[] {
  const columnsOf = new Map<string, RawRow[]>();
  for (const row of columns) {
    const key = str(row.n);
    let list = columnsOf.get(key);
    if (!list) columnsOf.set(key, (list = []));
    list.push(row);
  }
  const keys = referential.map((row): ForeignKey => {
    const parts = (columnsOf.get(str(row.n)) ?? []).sort((a, b) => Number(a.p) - Number(b.p));
    const referencedDatabase = str(row.rs);
    const onDelete = str(row.d).toUpperCase();
    const onUpdate = str(row.u).toUpperCase();
    return {
      name: str(row.n),
      columns: parts.map((p) => str(p.c)),
      ...(referencedDatabase === '' || referencedDatabase === database ? {} : { referencedDatabase }),
      referencedTable: str(row.rt),
      referencedColumns: parts.map((p) => str(p.rc)),
      ...(onDelete === '' || DEFAULT_RULES.has(onDelete) ? {} : { onDelete }),
      ...(onUpdate === '' || DEFAULT_RULES.has(onUpdate) ? {} : { onUpdate }),
    };
  });
  return keys.sort(byName);
}

/** Views from VIEWS_SQL rows, by name. */
export function buildViews(rows: readonly RawRow[]): View[] {
  return rows.map((row) => ({ name: str(row.t), definition: str(row.d) })).sort(byName);
}

/** Triggers, routines and events from FORBIDDEN_SQL rows, by kind then name. */
export function buildForbidden(database: string, rows: readonly RawRow[]): ForbiddenObject[] {
  return rows
    .map((row): ForbiddenObject => {
      const table = optional(row.t);
      return {
        kind: str(row.k) as ForbiddenObject['kind'],
        name: str(row.n),
        ...(table === undefined ? {} : { table }),
        source: { kind: 'database', database, ...(table === undefined ? {} : { table }) },
      };
    })
    .sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind < b.kind ? -1 : 1));
}

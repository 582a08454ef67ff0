import type {
  Column,
  Database,
  DatabaseRole,
  ForbiddenObject,
  ForeignKey,
  Index,
  IndexColumn,
  Table,
  TableOptions,
  View,
} from '../../../shared/schema/model';
import { charsetOfCollation, parseColumnType, type ParsedColumnType } from '../dialect/common';
import type { Dialect } from '../dialect/dialect';

/** Raw rows of the bulk queries (aliases of introspect/queries.ts), as mysql2 returns them. */
export interface RawSchemaRows {
  readonly tables: readonly Record<string, unknown>[];
  readonly columns: readonly Record<string, unknown>[];
  readonly statistics: readonly Record<string, unknown>[];
  readonly referential: readonly Record<string, unknown>[];
  readonly foreignKeyColumns: readonly Record<string, unknown>[];
  readonly views: readonly Record<string, unknown>[];
  readonly forbidden: readonly Record<string, unknown>[];
  readonly jsonColumns: readonly Record<string, unknown>[];
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const optional = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);
const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

function groupBy(rows: readonly Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = str(row.t);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  return groups;
}

const ROW_FORMAT = /row_format=(\w+)/i;

function tableOptions(row: Record<string, unknown>): TableOptions {
  const collation = optional(row.co);
  const rowFormat = ROW_FORMAT.exec(str(row.op))?.[1];
  const engine = optional(row.e);
  const comment = optional(row.cm);
  return {
    ...(engine === undefined ? {} : { engine }),
    ...(collation === undefined ? {} : { charset: charsetOfCollation(collation), collation }),
    ...(comment === undefined ? {} : { comment }),
    ...(rowFormat === undefined ? {} : { rowFormat: rowFormat.toUpperCase() }),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** COLUMN_TYPE parses are shared: a schema has few distinct types and many columns. */
const typeCache = new Map<string, ParsedColumnType>();

function parsedType(dataType: string, columnType: string): ParsedColumnType {
  const key = dataType + '\u0000' + columnType;
  let parsed = typeCache.get(key);
  if (parsed === undefined) {
    parsed = parseColumnType(dataType, columnType.toLowerCase());
    if (typeCache.size > 10_000) typeCache.clear();
    typeCache.set(key, parsed);
  }
  return parsed;
}

const GENERATED = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i;
const AUTO_INCREMENT = /\bauto_increment\b/i;

/** One column from its COLUMNS row; written with plain assignments (hot path: every column). */
function buildColumn(row: Record<string, unknown>, dialect: Dialect, options: TableOptions, json: boolean): Column {
  const dataType = (row.dt as string).toLowerCase();
  const parsed = parsedType(dataType, row.ct as string);
  const extra = (row.x as string | null) ?? '';
  const nullable = row.nu === 'YES';
  const column: Mutable<Column> = {
    name: row.n as string,
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
    const onUpdate = dialect.normalizeOnUpdate(extra);
    if (onUpdate !== undefined) column.onUpdate = onUpdate;
  }
  const expression = row.g as string | null | undefined;
  if (generated !== undefined && expression) {
    column.generated = {
      expression: dialect.normalizeGenerationExpression(expression),
      stored: generated !== 'VIRTUAL',
    };
  } else {
    const raw = row.df as string | null | undefined;
    if (raw !== null && raw !== undefined) {
      const value = dialect.normalizeDefault(raw, { type: column.type, nullable, extra });
      if (value !== undefined) column.default = value;
    }
  }
  if (!json) {
    const charset = row.cs as string | null;
    const collation = row.co as string | null;
    if (charset && charset !== options.charset) column.charset = charset;
    if (collation && (collation !== options.collation || charset !== options.charset)) column.collation = collation;
  }
  const comment = row.cm as string | null;
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

function buildIndexes(rows: readonly Record<string, unknown>[]): { primary?: string[]; indexes: Index[] } {
  const byIndex = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const name = str(row.n);
    let list = byIndex.get(name);
    if (!list) byIndex.set(name, (list = []));
    list.push(row);
  }
  let primary: string[] | undefined;
  const indexes: Index[] = [];
  for (const [name, parts] of byIndex) {
    parts.sort((a, b) => Number(a.s) - Number(b.s));
    const first = parts[0] ?? {};
    if (name === 'PRIMARY') {
      primary = parts.map((p) => str(p.c));
      continue;
    }
    const kind = INDEX_KINDS[str(first.ty).toUpperCase()] ?? 'btree';
    const columns = parts.map((p): IndexColumn => {
      const length = kind === 'spatial' || p.sp === null || p.sp === undefined ? undefined : Number(p.sp);
      return {
        name: str(p.c),
        ...(length === undefined ? {} : { length }),
        ...(p.o === 'D' ? { descending: true } : {}),
      };
    });
    const comment = optional(first.cm);
    indexes.push({
      name,
      columns,
      unique: Number(first.nu) === 0,
      kind,
      ...(comment === undefined ? {} : { comment }),
    });
  }
  indexes.sort(byName);
  return primary === undefined ? { indexes } : { primary, indexes };
}

const DEFAULT_RULES = new Set(['RESTRICT', 'NO ACTION']);

function buildForeignKeys(
  database: string,
  referential: readonly Record<string, unknown>[],
  columns: readonly Record<string, unknown>[],
): ForeignKey[] {
  const columnsOf = new Map<string, Record<string, unknown>[]>();
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

/**
 * Builds every table's columns from the TABLES, COLUMNS and JSON-check rows (the largest
 * part of the work; introspection runs it while the statistics query is still in flight).
 */
export function buildColumnsByTable(
  tables: readonly Record<string, unknown>[],
  columns: readonly Record<string, unknown>[],
  jsonColumnRows: readonly Record<string, unknown>[],
  dialect: Dialect,
): Map<string, Column[]> {
  const optionsByTable = new Map<string, TableOptions>();
  for (const row of tables) optionsByTable.set(row.t as string, tableOptions(row));
  const jsonColumns = new Set<string>();
  for (const row of jsonColumnRows) {
    // MariaDB names a column-level CHECK after its column: json_valid(`col`).
    if (str(row.k) === `json_valid(\`${str(row.c).replaceAll('`', '``')}\`)`)
      jsonColumns.add(`${str(row.t)}\u0000${str(row.c)}`);
  }
  const result = new Map<string, Column[]>();
  const noOptions: TableOptions = {};
  for (const row of columns) {
    const table = row.t as string;
    let list = result.get(table);
    if (!list) result.set(table, (list = []));
    const json = jsonColumns.size > 0 && jsonColumns.has(`${table}\u0000${row.n as string}`);
    (list as Array<Column & { p?: number }>).push(
      buildColumn(row, dialect, optionsByTable.get(table) ?? noOptions, json),
    );
  }
  return result;
}

/**
 * Turns the bulk rows of one schema into a model database: tables sorted by name, columns in
 * ordinal order, indexes and foreign keys sorted by name, dialect differences normalised.
 */
export function buildDatabase(
  role: DatabaseRole,
  name: string,
  rows: RawSchemaRows,
  dialect: Dialect,
  prebuiltColumns?: Map<string, Column[]>,
): Database {
  const columnsByTable = prebuiltColumns ?? buildColumnsByTable(rows.tables, rows.columns, rows.jsonColumns, dialect);
  const statisticsByTable = groupBy(rows.statistics);
  const referentialByTable = groupBy(rows.referential);
  const fkColumnsByTable = groupBy(rows.foreignKeyColumns);
  const tables: Table[] = [];
  for (const row of rows.tables) {
    if (row.ty === 'VIEW') continue;
    const tableName = str(row.t);
    const options = tableOptions(row);
    const columns = columnsByTable.get(tableName) ?? [];
    const { primary, indexes } = buildIndexes(statisticsByTable.get(tableName) ?? []);
    const foreignKeys = buildForeignKeys(
      name,
      referentialByTable.get(tableName) ?? [],
      fkColumnsByTable.get(tableName) ?? [],
    );
    tables.push({
      name: tableName,
      columns,
      ...(primary === undefined ? {} : { primaryKey: { columns: primary } }),
      indexes,
      foreignKeys,
      options,
      stats: { rowEstimate: Number(row.r ?? 0), dataBytes: Number(row.d ?? 0), indexBytes: Number(row.i ?? 0) },
    });
  }
  tables.sort(byName);
  const views: View[] = rows.views.map((row) => ({ name: str(row.t), definition: str(row.d) })).sort(byName);
  const forbiddenObjects: ForbiddenObject[] = rows.forbidden
    .map((row): ForbiddenObject => {
      const table = optional(row.t);
      return {
        kind: str(row.k) as ForbiddenObject['kind'],
        name: str(row.n),
        ...(table === undefined ? {} : { table }),
        source: { kind: 'database', database: name, ...(table === undefined ? {} : { table }) },
      };
    })
    .sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind < b.kind ? -1 : 1));
  return { role, name, tables, views, forbiddenObjects };
}

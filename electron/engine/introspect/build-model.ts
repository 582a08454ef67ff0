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
import { charsetOfCollation, parseColumnType } from '../dialect/common';
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
const optional = (value: unknown): string | undefined => (value === null || value === undefined || value === '' ? undefined : String(value));
const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

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

function buildColumn(
  row: Record<string, unknown>,
  dialect: Dialect,
  options: TableOptions,
  json: boolean,
): Column {
  const dataType = str(row.dt).toLowerCase();
  const parsed = parseColumnType(dataType, str(row.ct).toLowerCase());
  const extra = str(row.x);
  const nullable = row.nu === 'YES';
  const generatedKind = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra)?.[1]?.toUpperCase();
  const generationExpression = optional(row.g);
  const type = json ? 'json' : dataType;
  const charset = json ? undefined : optional(row.cs);
  const collation = json ? undefined : optional(row.co);
  const comment = optional(row.cm);
  const isGenerated = generatedKind !== undefined && generationExpression !== undefined;
  const defaultValue = isGenerated ? undefined : dialect.normalizeDefault(row.df === null || row.df === undefined ? null : String(row.df), { type, nullable, extra });
  const onUpdate = dialect.normalizeOnUpdate(extra);
  return {
    name: str(row.n),
    type,
    ...parsed,
    nullable,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(onUpdate === undefined ? {} : { onUpdate }),
    autoIncrement: /\bauto_increment\b/i.test(extra),
    ...(charset === undefined || charset === options.charset ? {} : { charset }),
    ...(collation === undefined || (collation === options.collation && charset === options.charset) ? {} : { collation }),
    ...(comment === undefined ? {} : { comment }),
    ...(isGenerated ? { generated: { expression: dialect.normalizeGenerationExpression(generationExpression), stored: generatedKind !== 'VIRTUAL' } } : {}),
  };
}

const INDEX_KINDS: Record<string, Index['kind']> = { BTREE: 'btree', HASH: 'hash', FULLTEXT: 'fulltext', SPATIAL: 'spatial', RTREE: 'spatial' };

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
    indexes.push({ name, columns, unique: Number(first.nu) === 0, kind, ...(comment === undefined ? {} : { comment }) });
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
 * Turns the bulk rows of one schema into a model database: tables sorted by name, columns in
 * ordinal order, indexes and foreign keys sorted by name, dialect differences normalised.
 */
export function buildDatabase(role: DatabaseRole, name: string, rows: RawSchemaRows, dialect: Dialect): Database {
  const columnsByTable = groupBy(rows.columns);
  const statisticsByTable = groupBy(rows.statistics);
  const referentialByTable = groupBy(rows.referential);
  const fkColumnsByTable = groupBy(rows.foreignKeyColumns);
  const jsonColumns = new Set<string>();
  for (const row of rows.jsonColumns) {
    // MariaDB names a column-level CHECK after its column: json_valid(`col`).
    if (str(row.k) === `json_valid(\`${str(row.c).replaceAll('`', '``')}\`)`) jsonColumns.add(`${str(row.t)}\u0000${str(row.c)}`);
  }
  const tables: Table[] = [];
  for (const row of rows.tables) {
    if (row.ty === 'VIEW') continue;
    const tableName = str(row.t);
    const options = tableOptions(row);
    const columnRows = columnsByTable.get(tableName) ?? [];
    columnRows.sort((a, b) => Number(a.p) - Number(b.p));
    const columns = columnRows.map((c) => buildColumn(c, dialect, options, jsonColumns.has(`${tableName}\u0000${str(c.n)}`)));
    const { primary, indexes } = buildIndexes(statisticsByTable.get(tableName) ?? []);
    const foreignKeys = buildForeignKeys(name, referentialByTable.get(tableName) ?? [], fkColumnsByTable.get(tableName) ?? []);
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

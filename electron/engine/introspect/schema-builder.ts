import type {
  Column,
  Database,
  DatabaseRole,
  Index,
  IndexColumn,
  Table,
  TableOptions,
  Mutable,
} from '../../../shared/schema/model';
import type { Dialect } from '../dialect/dialect';
import { GEOMETRY_DATA_TYPES } from '../ddl/data-types';
import {
  buildColumn,
  buildForbidden,
  buildForeignKeys,
  buildViews,
  byName,
  groupByTable,
  indexColumn,
  indexKind,
  isJsonCandidate,
  tableOptions,
  type ArrayRow,
  type RawRow,
} from './build-model';
import { COLUMN_FIELDS as C, STATISTICS_FIELDS as S } from './queries';
import { splitCreateOptions } from '../sqlgen/table-options';

/** One index while its STATISTICS rows arrive (parts in arrival order, with their SEQ_IN_INDEX). */
interface IndexParts {
  readonly unique: boolean;
  readonly kind: Index['kind'];
  readonly comment: string | undefined;
  readonly ignored: boolean;
  readonly seqs: number[];
  readonly columns: IndexColumn[];
}

/** One table while rows arrive. */
interface TableParts {
  options: TableOptions;
  readonly columns: Column[];
  readonly indexes: Map<string, IndexParts>;
  partitioning?: string;
  /** What the model cannot carry (see Table.unmodelled): the table's own notes (type, options)… */
  unmodelled?: string[];
  /** … then its columns' (kept apart: columns may arrive before the table's options). */
  columnNotes?: string[];
  /** The TABLE_HEADS_SQL row, and the TABLE_FIGURES_SQL row once read. */
  head?: RawRow;
  figures?: RawRow;
}

/** The rows of the small queries, read whole (few rows; objects keyed by the aliases). */
export interface SmallRows {
  readonly referential: readonly RawRow[];
  readonly foreignKeyColumns: readonly RawRow[];
  readonly views: readonly RawRow[];
  readonly forbidden: readonly RawRow[];
  /** dialect.checksSql rows (t, c, k). */
  readonly checks?: readonly RawRow[];
}

const NO_OPTIONS: TableOptions = {};

/**
 * Builds one model database while the bulk rows stream in: each COLUMNS and STATISTICS row
 * becomes model objects as it arrives (so building overlaps the queries still in flight and
 * raw rows never pile up), and `finish` assembles tables sorted by name, columns in ordinal
 * order, indexes and CHECKs in the server's order (as SHOW CREATE TABLE lists them),
 * foreign keys sorted by name. Rows may arrive in any interleaving;
 * column rows that come before the TABLES rows wait for them (a column's charset and
 * collation are kept only where they differ from its table's).
 */
export class SchemaBuilder {
  private readonly tables = new Map<string, TableParts>();
  private tableRows: readonly RawRow[] | undefined;
  private readonly views = new Set<string>();
  private pending: ArrayRow[] = [];
  private readonly jsonCandidates: { readonly list: Column[]; readonly at: number; readonly row: ArrayRow }[] = [];
  /** Geometry columns by `table\u0000column`, for dialect.sridSql. */
  private readonly geometryColumns = new Map<string, { readonly list: Column[]; readonly at: number }>();

  constructor(
    private readonly database: string,
    private readonly dialect: Dialect,
  ) {}

  private lastName: string | undefined;
  private lastParts: TableParts | undefined;
  /**
   * One string per distinct text of the row cells the model keeps: the driver makes a new
   * string for every cell, and at 10,000 tables the same column, index and type names,
   * collations and comments repeat ~200,000 times (~10 MB). Dropped with the builder.
   */
  private readonly texts = new Map<string, string>();

  /** The row with the cells at `at` replaced by their one shared string. */
  private shared(row: ArrayRow, at: readonly number[]): ArrayRow {
    const cells = row as unknown[];
    for (const i of at) {
      const text = cells[i];
      if (typeof text !== 'string') continue;
      const kept = this.texts.get(text);
      if (kept === undefined) this.texts.set(text, text);
      else cells[i] = kept;
    }
    return row;
  }

  /** A table's state; rows come grouped by table, so the last one is kept at hand. */
  private parts(table: string): TableParts {
    if (table === this.lastName && this.lastParts) return this.lastParts;
    let parts = this.tables.get(table);
    if (!parts) this.tables.set(table, (parts = { options: NO_OPTIONS, columns: [], indexes: new Map() }));
    this.lastName = table;
    this.lastParts = parts;
    return parts;
  }

  /**
   * The TABLE_HEADS_SQL rows (base tables and views): what columns need (the table's
   * collation) comes from them; CREATE_OPTIONS and figures follow in `addTableFigures`.
   */
  addTables(rows: readonly RawRow[]): void {
    this.tableRows = rows;
    for (const row of rows) {
      if (row.ty === 'VIEW') {
        this.views.add(String(row.t));
        continue;
      }
      const parts = this.parts(String(row.t));
      parts.head = row;
      parts.options = tableOptions(parts.figures ? { ...row, op: parts.figures.op } : row);
    }
    const pending = this.pending;
    this.pending = [];
    for (const row of pending) this.addColumn(row);
  }

  /** The TABLE_FIGURES_SQL rows (create options, row estimate, sizes); views' rows are ignored. */
  addTableFigures(rows: readonly RawRow[]): void {
    for (const row of rows) {
      const name = String(row.t);
      if (this.views.has(name)) continue;
      const parts = this.parts(name);
      parts.figures = row;
      // Columns keep the head's charset/collation; the options gain the row format and the rest.
      if (parts.head) parts.options = tableOptions({ ...parts.head, op: row.op });
    }
  }

  /** One COLUMNS_SQL row (array form), in the query's order. */
  addColumn(given: ArrayRow): void {
    if (this.tableRows === undefined) {
      this.pending.push(given);
      return;
    }
    const row = this.shared(given, COLUMN_TEXTS);
    const table = row[C.table] as string;
    if (this.views.has(table)) return;
    const parts = this.parts(table);
    if (this.dialect.jsonColumnsSql !== undefined && isJsonCandidate(row))
      this.jsonCandidates.push({ list: parts.columns, at: parts.columns.length, row });
    if (GEOMETRY_DATA_TYPES.has(row[C.dataType] as string))
      this.geometryColumns.set(`${table}\u0000${row[C.name] as string}`, {
        list: parts.columns,
        at: parts.columns.length,
      });
    parts.columns.push(buildColumn(row, this.dialect, parts.options, false));
    const type = row[C.columnType];
    if (typeof type === 'string' && type.includes('COMPRESSED'))
      (parts.columnNotes ??= []).push(`column ${String(row[C.name])} COMPRESSED`);
  }

  /** The partitioning clause of a table (from SHOW CREATE TABLE). */
  setPartitioning(table: string, clause: string): void {
    this.parts(table).partitioning = clause;
  }

  /**
   * True when some column may be a JSON column stored as longtext (MariaDB): then run
   * dialect.jsonColumnsSql. Ask once the TABLES and COLUMNS rows are all in.
   */
  get hasJsonCandidates(): boolean {
    return this.jsonCandidates.length > 0;
  }

  /** Rows of dialect.jsonColumnsSql (t, c, k): turns the matching candidates into `json` columns. */
  applyJsonColumns(rows: readonly RawRow[]): void {
    const json = new Set<string>();
    for (const row of rows) {
      // MariaDB names a column-level CHECK after its column: json_valid(`col`).
      const column = String(row.c ?? '');
      if (String(row.k ?? '') === `json_valid(\`${column.replaceAll('`', '``')}\`)`)
        json.add(`${String(row.t ?? '')}\u0000${column}`);
    }
    for (const { list, at, row } of this.jsonCandidates) {
      const table = row[C.table] as string;
      if (json.has(`${table}\u0000${row[C.name] as string}`))
        list[at] = buildColumn(row, this.dialect, this.parts(table).options, true);
    }
  }

  /** True when some column is a geometry column: then run dialect.sridSql (after COLUMNS). */
  get hasGeometryColumns(): boolean {
    return this.geometryColumns.size > 0;
  }

  /** Rows of dialect.sridSql (t, c, s): sets the SRID of those geometry columns. */
  applySrids(rows: readonly RawRow[]): void {
    for (const row of rows) {
      const at = this.geometryColumns.get(`${String(row.t ?? '')}\u0000${String(row.c ?? '')}`);
      const srid = Number(row.s);
      if (at && Number.isSafeInteger(srid)) at.list[at.at] = { ...at.list[at.at]!, srid };
    }
  }

  /** One STATISTICS_SQL row (array form), in any order. */
  addStatistic(given: ArrayRow): void {
    const row = this.shared(given, STATISTIC_TEXTS);
    const indexes = this.parts(row[S.table] as string).indexes;
    const name = row[S.index] as string;
    let index = indexes.get(name);
    if (!index) {
      const comment = row[S.comment];
      index = {
        unique: Number(row[S.nonUnique]) === 0,
        kind: indexKind(row[S.type]),
        comment: comment === null || comment === undefined || comment === '' ? undefined : String(comment),
        ignored: row[S.ignored] === 'YES',
        seqs: [],
        columns: [],
      };
      indexes.set(name, index);
    }
    index.seqs.push(Number(row[S.seq]));
    index.columns.push(indexColumn(String(row[S.column] ?? ''), index.kind, row[S.subPart], row[S.collation]));
  }

  /** The finished database, once every query is done. */
  finish(role: DatabaseRole, small: SmallRows): Database {
    if (this.tableRows === undefined) throw new Error('SchemaBuilder.finish before addTables');
    const referentialByTable = groupByTable(small.referential);
    const fkColumnsByTable = groupByTable(small.foreignKeyColumns);
    const checksByTable = groupByTable(small.checks ?? []);
    const tables: Table[] = [];
    for (const row of this.tableRows) {
      if (row.ty === 'VIEW') continue;
      const name = String(row.t);
      const parts = this.parts(name);
      const figures = parts.figures ?? {};
      // Notes in the order one TABLES row then the columns gave them: type, options, columns.
      if (row.ty === 'SYSTEM VERSIONED') note(parts, 'WITH SYSTEM VERSIONING');
      else if (row.ty === 'SEQUENCE') note(parts, SEQUENCE_NOTE);
      for (const option of splitCreateOptions(figures.op).unmodelled) note(parts, `table option ${option}`);
      for (const columnNote of parts.columnNotes ?? []) note(parts, columnNote);
      let primary: IndexColumn[] | undefined;
      const indexes: Index[] = [];
      for (const [indexName, index] of parts.indexes) {
        const columns = inSeqOrder(index);
        if (indexName === 'PRIMARY') {
          primary = columns;
          continue;
        }
        // Plain assignments in the model's key order: conditional spreads are slow to build.
        const built: Mutable<Index> = { name: indexName, columns, unique: index.unique, kind: index.kind };
        if (index.comment !== undefined) built.comment = index.comment;
        if (index.ignored) built.ignored = true;
        indexes.push(built);
      }
      // Indexes and checks stay in the server's order (SHOW CREATE TABLE's order).
      const checks = checksByTable
        .get(name)
        ?.filter((row) => !isJsonCheck(row, parts.columns))
        .map((row) =>
          row.l === 'Column'
            ? { name: String(row.c), expression: String(row.k), column: String(row.c) }
            : { name: String(row.c), expression: String(row.k) },
        );
      const referential = referentialByTable.get(name);
      // Assigned in the model's key order (as the conditional spreads it replaces gave it).
      const table: Partial<Mutable<Table>> = { name, columns: parts.columns };
      if (primary !== undefined) table.primaryKey = { columns: primary.map((c) => c.name) };
      table.indexes = indexes;
      table.foreignKeys =
        referential === undefined ? [] : buildForeignKeys(this.database, referential, fkColumnsByTable.get(name) ?? []);
      table.options = parts.options;
      if (checks !== undefined && checks.length > 0) table.checks = checks;
      if (parts.partitioning !== undefined) table.partitioning = parts.partitioning;
      if (parts.unmodelled !== undefined) table.unmodelled = parts.unmodelled;
      table.stats = {
        rowEstimate: Number(figures.r ?? 0),
        dataBytes: Number(figures.d ?? 0),
        indexBytes: Number(figures.i ?? 0),
      };
      tables.push(table as Table);
    }
    tables.sort(byName);
    return {
      role,
      name: this.database,
      tables,
      views: buildViews(small.views),
      forbiddenObjects: buildForbidden(this.database, small.forbidden),
    };
  }
}

/**
 * COLUMNS_SQL cells every column keeps (charset and collation are kept only where they
 * differ from the table's, so rarely: not worth a lookup per row).
 */
const COLUMN_TEXTS: readonly number[] = [C.name, C.dataType, C.comment];
/** STATISTICS_SQL cells every index column keeps. */
const STATISTIC_TEXTS: readonly number[] = [S.index, S.column];

/** The unmodelled note of a SEQUENCE (adopt skips such tables). */
export const SEQUENCE_NOTE = 'SEQUENCE object (not a table)';

function note(parts: TableParts, what: string): void {
  (parts.unmodelled ??= []).push(what);
}

/** MariaDB's `json_valid(\`col\`)` CHECK of a column read as `json` (the type already says it). */
function isJsonCheck(row: RawRow, columns: readonly Column[]): boolean {
  const name = String(row.c ?? '');
  if (String(row.k ?? '') !== `json_valid(\`${name.replaceAll('`', '``')}\`)`) return false;
  return columns.some((column) => column.name === name && column.type === 'json');
}

/** An index's columns by SEQ_IN_INDEX (rows usually arrive in order: sorted only if not). */
function inSeqOrder(index: IndexParts): IndexColumn[] {
  const { seqs, columns } = index;
  let sorted = true;
  for (let i = 1; i < seqs.length && sorted; i++) sorted = (seqs[i - 1] ?? 0) <= (seqs[i] ?? 0);
  if (sorted) return columns;
  return seqs
    .map((seq, i) => ({ seq, column: columns[i] as IndexColumn }))
    .sort((a, b) => a.seq - b.seq)
    .map((p) => p.column);
}

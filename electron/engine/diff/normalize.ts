import type { Column, ColumnDefault, Index, PrimaryKey, Table, TableOptions } from '../../../shared/schema/model';

/**
 * Normalisation applied before comparing two schema elements, so that only real
 * differences survive: display widths are ignored, type synonyms collapse (`integer` →
 * `int`, `bool` → `tinyint`), a column charset/collation equal to the table default counts
 * as absent, numeric default literals compare by value (`'0'` = `0` = `0.00`), default
 * expressions lose case and empty parentheses (`current_timestamp()` = `CURRENT_TIMESTAMP`),
 * index and column names compare case-insensitively. Every rule of "what counts as the
 * same" lives here and nowhere else.
 */

const TYPE_SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    integer: 'int',
    int4: 'int',
    int1: 'tinyint',
    int2: 'smallint',
    int3: 'mediumint',
    middleint: 'mediumint',
    int8: 'bigint',
    bool: 'tinyint',
    boolean: 'tinyint',
    dec: 'decimal',
    numeric: 'decimal',
    fixed: 'decimal',
    real: 'double',
    'double precision': 'double',
    float8: 'double',
    float4: 'float',
    'character varying': 'varchar',
    character: 'char',
  }),
);

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);
const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'decimal', 'float', 'double', 'bit', 'year']);
const STRING_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);

/** The canonical lower-case base type (`INTEGER` → `int`, `bool` → `tinyint`). */
export function canonicalType(type: string): string {
  let lower = type.toLowerCase();
  // Types are almost always one word: trimming and collapsing spaces only when there are some.
  if (/\s/.test(lower)) lower = lower.trim().replace(/\s+/g, ' ');
  return TYPE_SYNONYMS.get(lower) ?? lower;
}

/** True for integer types, whose display width is never significant. */
export function isIntegerType(type: string): boolean {
  return INTEGER_TYPES.has(canonicalType(type));
}

/** True for numeric types, whose default literals compare by value. */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.has(canonicalType(type));
}

/** True for character types, the only ones where charset/collation matter. */
export function isStringType(type: string): boolean {
  return STRING_TYPES.has(canonicalType(type));
}

/** The charset a collation belongs to (`utf8mb4_unicode_ci` → `utf8mb4`). */
export function charsetOfCollation(collation: string | undefined): string | undefined {
  if (!collation) return undefined;
  const lower = collation.toLowerCase();
  const cut = lower.indexOf('_');
  return cut === -1 ? lower : lower.slice(0, cut);
}

/** Lower-cases a name for matching (table, column and index names compare case-insensitively). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Normalises an expression: no backticks, collapsed whitespace, upper-case, `f()` → `f`. */
export function normalizeExpression(expression: string): string {
  let value = expression.replace(/`/g, '').replace(/\s+/g, ' ').trim().toUpperCase();
  while (value.startsWith('(') && value.endsWith(')') && balanced(value.slice(1, -1)))
    value = value.slice(1, -1).trim();
  value = value.replace(/\bNOW\(\)/g, 'CURRENT_TIMESTAMP').replace(/\bLOCALTIMESTAMP\b(\(\))?/g, 'CURRENT_TIMESTAMP');
  value = value.replace(/\b(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIME)\(\)/g, '$1');
  value = value.replace(/\s*([(),+\-*/=<>])\s*/g, '$1');
  return value;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** A numeric literal's canonical text (`'0.00'` → `0`, `'+1e2'` → `100`), or undefined. */
function canonicalNumber(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? String(number) : undefined;
}

/**
 * A comparable form of a column default. A nullable column without DEFAULT has default
 * NULL (that is what the server reports); numeric literals compare by value; `b'1'`-style
 * bit literals are kept as written.
 */
export function normalizeDefault(column: Column): string | undefined {
  return defaultOf(column, isNumericType(column.type));
}

/** {@link normalizeDefault} for a column whose type is known to be numeric or not. */
function defaultOf(column: Column, numeric: boolean): string | undefined {
  const value: ColumnDefault | undefined = column.default;
  if (value === undefined) return column.nullable && !column.autoIncrement && !column.generated ? 'NULL' : undefined;
  if (value.kind === 'null') return 'NULL';
  if (value.kind === 'expression') {
    const expression = normalizeExpression(value.value);
    if (expression === 'NULL') return 'NULL';
    if (numeric) {
      const number = canonicalNumber(expression);
      if (number !== undefined) return `literal:${number}`;
    }
    return `expr:${expression}`;
  }
  if (numeric) {
    const number = canonicalNumber(value.value);
    if (number !== undefined) return `literal:${number}`;
  }
  return `literal:${value.value}`;
}

/** The context a column is compared in: its table's effective charset and collation. */
export interface TableCharsetContext {
  readonly charset?: string;
  readonly collation?: string;
}

/** The table-level charset context (charset derived from the collation when only that is set). */
export function tableCharsetContext(options: TableOptions): TableCharsetContext {
  const collation = options.collation?.toLowerCase();
  const charset = options.charset?.toLowerCase() ?? charsetOfCollation(collation);
  const context: { charset?: string; collation?: string } = {};
  if (charset) context.charset = charset;
  if (collation) context.collation = collation;
  return context;
}

/**
 * A column reduced to what comparison looks at. Charset/collation are resolved against
 * the table defaults and dropped when equal to them (and for non-string types); integer
 * display width and the `bool` width are dropped; the type is canonical.
 */
export interface NormalizedColumn {
  readonly name: string;
  readonly type: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly fsp?: number;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  readonly values?: string;
  readonly nullable: boolean;
  readonly default?: string;
  readonly onUpdate?: string;
  readonly autoIncrement: boolean;
  readonly charset?: string;
  readonly collation?: string;
  readonly comment: string;
  readonly generated?: string;
  readonly invisible: boolean;
  readonly srid: number;
}

/**
 * Normalises one column for comparison (see {@link NormalizedColumn}). Absent facts are
 * `undefined` properties: every result has the same shape, which keeps this (run for every
 * column of both sides of a diff) free of the intermediate objects of conditional spreads.
 */
export function normalizeColumn(column: Column, table: TableCharsetContext = {}): NormalizedColumn {
  const type = canonicalType(column.type);
  const numeric = NUMERIC_TYPES.has(type);
  const integer = INTEGER_TYPES.has(type);
  let precision = column.precision;
  let scale = column.scale;
  if (type === 'decimal') {
    precision = precision ?? 10;
    scale = scale ?? 0;
  }
  let charset: string | undefined;
  let collation: string | undefined;
  if (STRING_TYPES.has(type)) {
    const columnCollation = column.collation?.toLowerCase();
    charset = column.charset?.toLowerCase() ?? charsetOfCollation(columnCollation);
    collation = columnCollation;
    if (
      charset !== undefined &&
      charset === table.charset &&
      (collation === undefined || collation === table.collation)
    ) {
      charset = undefined;
      collation = undefined;
    } else if (charset === undefined && collation !== undefined && collation === table.collation) {
      collation = undefined;
    }
  }
  return {
    name: column.name,
    type,
    length: type === 'bit' ? (column.length ?? 1) : numeric ? undefined : column.length,
    precision: integer ? undefined : precision,
    scale: integer ? undefined : scale,
    fsp: column.fsp ? column.fsp : undefined,
    unsigned: numeric && column.unsigned,
    zerofill: numeric && column.zerofill,
    values: column.values ? JSON.stringify(column.values) : undefined,
    nullable: column.nullable,
    default: defaultOf(column, numeric),
    onUpdate: column.onUpdate ? normalizeExpression(column.onUpdate) : undefined,
    autoIncrement: column.autoIncrement,
    charset: charset ? charset : undefined,
    collation: collation ? collation : undefined,
    comment: column.comment ?? '',
    generated: column.generated
      ? `${normalizeExpression(column.generated.expression)}|${column.generated.stored ? 'stored' : 'virtual'}`
      : undefined,
    invisible: column.invisible === true,
    srid: column.srid ?? 0,
  };
}

/** An index reduced to what comparison looks at (names lower-case, default kind btree). */
export interface NormalizedIndex {
  readonly name: string;
  readonly columns: string;
  readonly unique: boolean;
  readonly kind: string;
  readonly comment: string;
  readonly ignored: boolean;
}

/** Normalises one index for comparison. */
export function normalizeIndex(index: Index): NormalizedIndex {
  return {
    name: nameKey(index.name),
    columns: index.columns
      .map(
        (column) =>
          `${nameKey(column.name)}${column.length ? `(${column.length})` : ''}${column.descending ? ' desc' : ''}`,
      )
      .join(','),
    unique: index.unique,
    kind: index.kind,
    comment: index.comment ?? '',
    ignored: index.ignored === true,
  };
}

/** The primary key as a comparable string (`a,b`), or '' when there is none. */
export function normalizePrimaryKey(primaryKey: PrimaryKey | undefined): string {
  return (primaryKey?.columns ?? []).map(nameKey).join(',');
}

/** Table options reduced to comparable lower-case values (comment kept verbatim). */
export interface NormalizedTableOptions {
  readonly engine?: string;
  readonly charset?: string;
  readonly collation?: string;
  readonly comment: string;
  readonly rowFormat?: string;
  /** `KEY=value` pairs sorted by key, values lower-case ('' when none). */
  readonly other: string;
}

/**
 * Normalises table options (engine/charset/collation/row format case-insensitive; charset
 * from collation). Absent facts are `undefined` properties, as in {@link normalizeColumn}.
 */
export function normalizeTableOptions(options: TableOptions): NormalizedTableOptions {
  const context = tableCharsetContext(options);
  const rowFormat = options.rowFormat?.toLowerCase();
  return {
    engine: options.engine ? options.engine.toLowerCase() : undefined,
    charset: context.charset,
    collation: context.collation,
    comment: options.comment ?? '',
    rowFormat: rowFormat && rowFormat !== 'default' ? rowFormat : undefined,
    other: options.other ? otherOptionsText(options.other) : '',
  };
}

/** `KEY=value` pairs sorted by key, values lower-case. */
function otherOptionsText(other: Readonly<Record<string, string>>): string {
  return Object.entries(other)
    .map(([key, value]) => `${key.toUpperCase()}=${value.toLowerCase()}`)
    .sort()
    .join(' ');
}

/** The charset context of a table (shortcut for {@link tableCharsetContext}). */
export function charsetContextOf(table: Table): TableCharsetContext {
  return tableCharsetContext(table.options);
}

/**
 * A partitioning clause in comparable form: MySQL's `/*!50100 … *\/` wrapper, per-partition
 * `ENGINE = InnoDB`, backticks, case and layout removed (`PARTITION BY HASH (\`id\`)
 * PARTITIONS 4` = `partition by hash(id) partitions 4`). '' when not partitioned.
 */
export function normalizePartitioning(clause: string | undefined): string {
  if (clause === undefined) return '';
  const unwrapped = clause.replace(/\/\*!\d*\s*/g, '').replace(/\*\//g, '');
  const withoutEngine = unwrapped.replace(/\s*(STORAGE\s+)?ENGINE\s*=\s*[A-Za-z0-9_]+/gi, '');
  return normalizeExpression(withoutEngine);
}

/** A CHECK condition in comparable form (see normalizeExpression). */
export function normalizeCheck(expression: string): string {
  return normalizeExpression(expression);
}

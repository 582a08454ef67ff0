/**
 * The one schema model every source loads into: `.toon` definitions, SQL files and live
 * databases. Diff, doctrine, planner and reports only ever see this shape, so a table
 * created from a definition must introspect back into an equal value (see
 * docs/dialect-differences.md for the normalisation that makes that true).
 *
 * Conventions: identifiers keep their declared case; type names are lower-case; optional
 * fields are absent (not `undefined`-valued) when unknown.
 */

/** A model object while it is being built: the same shape, its fields writable. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The three databases of the operator's system. */
export const DATABASE_ROLES = ['core', 'orchestration', 'ephemeral'] as const;
/** Which of the system's databases a table belongs to. */
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

/** Where something was declared in a file (1-based line and column). */
export interface FileLocation {
  readonly kind: 'file';
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** Where something lives in a live database. */
export interface DatabaseLocation {
  readonly kind: 'database';
  readonly database: string;
  readonly table?: string;
  readonly column?: string;
}

/** A place a finding or a model element points back to. */
export type Location = FileLocation | DatabaseLocation;

/**
 * A column default. `literal` holds the unquoted value (`'0'` → `0`, `'abc'` → `abc`);
 * `expression` holds a normalised upper-case expression (`CURRENT_TIMESTAMP`, `(uuid())`).
 */
export type ColumnDefault =
  | { readonly kind: 'null' }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'expression'; readonly value: string };

/** A generated (virtual/stored) column's expression. */
export interface GeneratedColumn {
  readonly expression: string;
  readonly stored: boolean;
}

/** One column, fully typed (parsed from DDL text or read from information_schema). */
export interface Column {
  readonly name: string;
  /** Lower-case base type: `bigint`, `varchar`, `decimal`, `enum`, `json`, … */
  readonly type: string;
  /** Character/byte length: `varchar(255)`, `char(2)`, `binary(16)`, `bit(8)`. */
  readonly length?: number;
  /** Numeric precision and scale: `decimal(10,2)`, `float(7,4)`. */
  readonly precision?: number;
  readonly scale?: number;
  /** Fractional seconds precision of `time`/`datetime`/`timestamp`. */
  readonly fsp?: number;
  /** Integer display width (`int(11)`): kept for reports, ignored by comparison. */
  readonly displayWidth?: number;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  /** Allowed values of `enum`/`set`, unquoted. */
  readonly values?: readonly string[];
  readonly nullable: boolean;
  /** Absent when the column has no DEFAULT clause. */
  readonly default?: ColumnDefault;
  /** `ON UPDATE` expression, e.g. `CURRENT_TIMESTAMP`. */
  readonly onUpdate?: string;
  readonly autoIncrement: boolean;
  readonly charset?: string;
  readonly collation?: string;
  readonly comment?: string;
  readonly generated?: GeneratedColumn;
  /** `INVISIBLE`: left out of `SELECT *` (MariaDB 10.3+, MySQL 8.0.23+). Absent = visible. */
  readonly invisible?: boolean;
  /**
   * Spatial reference system of a geometry column: MySQL 8 `SRID n`, MariaDB
   * `REF_SYSTEM_ID=n`. Absent = none (SRID 0 compares as none: MariaDB cannot tell them apart).
   */
  readonly srid?: number;
  /** Where the column was declared, when it came from a file. */
  readonly source?: FileLocation;
}

/** One column of an index, with an optional prefix length. */
export interface IndexColumn {
  readonly name: string;
  readonly length?: number;
  readonly descending?: boolean;
}

/** A secondary index. Unique constraints are unique indexes (that is what MySQL stores). */
export interface Index {
  readonly name: string;
  readonly columns: readonly IndexColumn[];
  readonly unique: boolean;
  readonly kind: 'btree' | 'hash' | 'fulltext' | 'spatial';
  readonly comment?: string;
  /**
   * Kept up to date but not used by the optimizer: MariaDB 10.6+ `IGNORED`, MySQL 8
   * `INVISIBLE`. Absent = used.
   */
  readonly ignored?: boolean;
}

/** The primary key (its name in MySQL is always `PRIMARY`). */
export interface PrimaryKey {
  readonly columns: readonly string[];
}

/** A foreign key: forbidden by the doctrine, modelled so it can be reported. */
export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedDatabase?: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete?: string;
  readonly onUpdate?: string;
}

/** A CHECK constraint (MariaDB's column-level CHECKs are named after their column). */
export interface CheckConstraint {
  readonly name: string;
  /** The condition without the outer parentheses, as declared or as the server prints it. */
  readonly expression: string;
  /**
   * MariaDB only: the column a column-level CHECK is declared on (`a int CHECK (a > 0)`,
   * named after the column); rendered inline so SHOW CREATE TABLE round-trips.
   */
  readonly column?: string;
}

/** Table options as declared or introspected. */
export interface TableOptions {
  readonly engine?: string;
  readonly charset?: string;
  readonly collation?: string;
  readonly comment?: string;
  readonly rowFormat?: string;
  /**
   * Other table options the model carries (CHECKSUM, DELAY_KEY_WRITE, PAGE_COMPRESSED, …;
   * the list is sqlgen/table-options.ts), upper-case name → value. Absent = none.
   */
  readonly other?: Readonly<Record<string, string>>;
}

/** Live-only figures; never compared. */
export interface TableStats {
  readonly rowEstimate: number;
  readonly dataBytes: number;
  readonly indexBytes: number;
}

/** One table. */
export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly options: TableOptions;
  /** CHECK constraints, by name (absent = none). */
  readonly checks?: readonly CheckConstraint[];
  /**
   * The partitioning clause, `PARTITION BY …` through its partition list, as SQL text
   * (absent = not partitioned). Compared after normalisation (diff/normalize.ts).
   */
  readonly partitioning?: string;
  /**
   * What the live table has that the model cannot carry (`WITH SYSTEM VERSIONING`,
   * `column y COMPRESSED`, …): adopt warns, lint reports it, plan never recreates it
   * silently. Live only.
   */
  readonly unmodelled?: readonly string[];
  /** File and line of the definition or `CREATE TABLE` it came from. */
  readonly source?: FileLocation;
  readonly stats?: TableStats;
  /**
   * Options filled in from the workspace's `tableDefaults` because the definition declares
   * none (so writers leave them out of the file). Definitions only.
   */
  readonly defaulted?: readonly DefaultedOption[];
}

/** A table option the workspace defaults can fill in. */
export type DefaultedOption = 'engine' | 'charset' | 'collation';

/** A view (introspected; listed, not diffed column by column). */
export interface View {
  readonly name: string;
  readonly definition: string;
}

/** Objects the doctrine forbids, found by introspection or in SQL files. */
export interface ForbiddenObject {
  readonly kind: 'trigger' | 'procedure' | 'function' | 'event';
  readonly name: string;
  /** The table a trigger fires on. */
  readonly table?: string;
  readonly source?: Location;
}

/** One of the system's databases as one source sees it. */
export interface Database {
  readonly role: DatabaseRole;
  /** Physical database name (from config, live server or `USE` in a SQL file). */
  readonly name: string;
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly forbiddenObjects: readonly ForbiddenObject[];
}

/** The whole system as one source sees it. */
export interface SchemaModel {
  readonly databases: Readonly<Record<DatabaseRole, Database>>;
}

/** Which source a model was loaded from. */
export type SchemaSource = 'definitions' | 'sql' | 'live';

/** Builds an empty database of a role (a convenient starting value for loaders). */
export function emptyDatabase(role: DatabaseRole, name: string = role): Database {
  return { role, name, tables: [], views: [], forbiddenObjects: [] };
}

/** Builds an empty model whose databases are named after their roles. */
export function emptySchemaModel(names?: Partial<Record<DatabaseRole, string>>): SchemaModel {
  return {
    databases: {
      core: emptyDatabase('core', names?.core ?? 'core'),
      orchestration: emptyDatabase('orchestration', names?.orchestration ?? 'orchestration'),
      ephemeral: emptyDatabase('ephemeral', names?.ephemeral ?? 'ephemeral'),
    },
  };
}

import type {
  CheckConstraint,
  Column,
  DatabaseRole,
  ForeignKey,
  Index,
  PrimaryKey,
  Table,
  TableOptions,
} from './model';

/**
 * Schema changes are data. Diff (pure) produces them; the planner turns each into
 * statements (with inverse and destructiveness); reports and the UI display them.
 * Direction: every change moves the *actual* side (live database or SQL file) towards
 * the *desired* side (definitions). `modify*` carries `from` (actual), `to` (desired)
 * and the set of what differs. Unsupported changes must raise, never vanish.
 */

/** A column attribute that can differ. */
export type ColumnAspect =
  | 'type'
  | 'unsigned'
  | 'zerofill'
  | 'values'
  | 'nullable'
  | 'default'
  | 'onUpdate'
  | 'autoIncrement'
  | 'charset'
  | 'collation'
  | 'comment'
  | 'generated'
  | 'invisible'
  | 'srid'
  | 'position';

/** An index attribute that can differ. */
export type IndexAspect = 'columns' | 'unique' | 'kind' | 'comment' | 'ignored';

/** A table option that can differ. */
export type TableOptionAspect = 'engine' | 'charset' | 'collation' | 'comment' | 'rowFormat' | 'other';

interface ChangeBase {
  readonly role: DatabaseRole;
  /** Physical database name the change applies to. */
  readonly database: string;
  readonly table: string;
}

/**
 * The engine of an index change's table (the desired one's, else the live one's), when it
 * is declared: a MEMORY table's indexes are HASH unless declared `USING BTREE`, so the
 * generated DDL must say which.
 */
interface IndexEngine {
  readonly engine?: string;
}

/** The table exists only on the desired side. */
export interface AddTable extends ChangeBase {
  readonly kind: 'addTable';
  readonly definition: Table;
}
/** The table exists only on the actual side. */
export interface DropTable extends ChangeBase {
  readonly kind: 'dropTable';
  readonly definition: Table;
}
/** A column exists only on the desired side; `after` is the preceding column (undefined = first). */
export interface AddColumn extends ChangeBase {
  readonly kind: 'addColumn';
  readonly column: Column;
  readonly after?: string;
}
/** A column exists only on the actual side. */
export interface DropColumn extends ChangeBase {
  readonly kind: 'dropColumn';
  readonly column: Column;
}
/** A column differs. */
export interface ModifyColumn extends ChangeBase {
  readonly kind: 'modifyColumn';
  readonly from: Column;
  readonly to: Column;
  readonly changed: readonly ColumnAspect[];
  /** The preceding column on the desired side, when `position` changed. */
  readonly after?: string;
}
/** An index exists only on the desired side. */
export interface AddIndex extends ChangeBase, IndexEngine {
  readonly kind: 'addIndex';
  readonly index: Index;
}
/** An index exists only on the actual side. */
export interface DropIndex extends ChangeBase, IndexEngine {
  readonly kind: 'dropIndex';
  readonly index: Index;
}
/** An index with the same name differs. */
export interface ModifyIndex extends ChangeBase, IndexEngine {
  readonly kind: 'modifyIndex';
  readonly from: Index;
  readonly to: Index;
  readonly changed: readonly IndexAspect[];
}
/** The primary key differs (absent on one side = undefined). */
export interface ModifyPrimaryKey extends ChangeBase {
  readonly kind: 'modifyPrimaryKey';
  readonly from?: PrimaryKey;
  readonly to?: PrimaryKey;
}
/** Table options differ. */
export interface ModifyTableOptions extends ChangeBase {
  readonly kind: 'modifyTableOptions';
  readonly from: TableOptions;
  readonly to: TableOptions;
  readonly changed: readonly TableOptionAspect[];
}
/** A foreign key exists only on the actual side (the doctrine forbids adding them). */
export interface DropForeignKey extends ChangeBase {
  readonly kind: 'dropForeignKey';
  readonly foreignKey: ForeignKey;
}

/** A CHECK constraint exists only on the desired side (a changed one is a drop plus an add). */
export interface AddCheck extends ChangeBase {
  readonly kind: 'addCheck';
  readonly check: CheckConstraint;
}
/** A CHECK constraint exists only on the actual side. */
export interface DropCheck extends ChangeBase {
  readonly kind: 'dropCheck';
  readonly check: CheckConstraint;
}
/** The partitioning differs (absent on one side = not partitioned). */
export interface ModifyPartitioning extends ChangeBase {
  readonly kind: 'modifyPartitioning';
  readonly from?: string;
  readonly to?: string;
}

/** Every kind of schema change. */
export type SchemaChange =
  | AddTable
  | DropTable
  | AddColumn
  | DropColumn
  | ModifyColumn
  | AddIndex
  | DropIndex
  | ModifyIndex
  | ModifyPrimaryKey
  | ModifyTableOptions
  | DropForeignKey
  | AddCheck
  | DropCheck
  | ModifyPartitioning;

/** The discriminant of a change. */
export type SchemaChangeKind = SchemaChange['kind'];

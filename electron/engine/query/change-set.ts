import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { QueryCell } from '../../../shared/contract/query';
import { LupoError } from '../../../shared/errors';
import { ymdhis } from '../orchestrator/ymdhis';
import { quoteIdentifier, quoteQualified, quoteString } from '../sql/identifier';
import { confirmationWord } from './query-session';
import { toQueryCell } from './result-stream';
import { assessStatement, isReadOnlySafe } from './statement-safety';
import { bound, boundCell, type BoundValue } from './table-browser';
import { readTableShape, rowKeyOf, type TableShape } from './table-shape';

/** Cells by column name. */
export type CellsByColumn = Readonly<Record<string, QueryCell>>;

/** One row change the data browser collected: what the operator means, not SQL. */
export type RowChange =
  | {
      readonly kind: 'update';
      /** The row's key values as read. */
      readonly key: CellsByColumn;
      /** The edited columns' values as read: the row must still hold them. */
      readonly old: CellsByColumn;
      readonly set: CellsByColumn;
    }
  | { readonly kind: 'insert'; readonly values: CellsByColumn }
  | {
      readonly kind: 'delete';
      readonly key: CellsByColumn;
      /** Values as read (any columns): the row must still hold them. */
      readonly old: CellsByColumn;
      /** Really DELETE a soft-delete table's row (needs the typed confirmation). */
      readonly hard?: boolean;
    };

/** One statement of a change set, as sent (with `?`) and as a literal rendering for the operator. */
export interface PlannedStatement {
  /** Index of the change in the request. */
  readonly change: number;
  readonly action: 'update' | 'insert' | 'soft-delete' | 'delete';
  readonly sql: string;
  readonly params: readonly BoundValue[];
  /** The same statement with each value written as an SQL literal by the engine's quoting. */
  readonly literal: string;
  /** The migration classifier's verdict: needs the typed confirmation. */
  readonly destructive: boolean;
  /** The re-read that locks the row and checks it still holds the values read (`SELECT … FOR UPDATE`). */
  readonly check?: { readonly sql: string; readonly params: readonly BoundValue[]; readonly old: CellsByColumn };
}

/** A change set made into SQL for one table. */
export interface ChangeSetPlan {
  readonly database: string;
  readonly table: string;
  readonly statements: readonly PlannedStatement[];
  /** What the operator types when a statement is destructive (the database name, as the migration wizard asks). */
  readonly confirmWith?: string;
}

/** A row the server changed since it was read (or a key that already exists): nothing was committed. */
export interface ChangeConflict {
  readonly change: number;
  readonly message: string;
}

/** How applying a change set ended. */
export interface ChangeSetOutcome {
  readonly committed: boolean;
  /** Statements sent and kept (0 when not committed). */
  readonly applied: number;
  readonly conflicts: readonly ChangeConflict[];
}

/** Writes a value as an SQL literal for the operator's eyes (what is executed binds it instead). */
function literalOf(value: BoundValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  return quoteString(value);
}

/** Builds a statement's text twice at once: with `?` for the server, with literals for review. */
class StatementText {
  sql = '';
  literal = '';
  readonly params: BoundValue[] = [];
  text(piece: string): this {
    this.sql += piece;
    this.literal += piece;
    return this;
  }
  value(value: BoundValue): this {
    this.sql += '?';
    this.literal += literalOf(value);
    this.params.push(value);
    return this;
  }
  /** `a = ?, b = ?` or `a = ? AND b = ?`. */
  pairs(entries: readonly (readonly [string, BoundValue])[], separator: string): this {
    entries.forEach(([column, value], i) => {
      if (i > 0) this.text(separator);
      this.text(`${quoteIdentifier(column)} = `).value(value);
    });
    return this;
  }
}

/** Why rows of this table cannot be edited here, or undefined when they can. */
export function editRefusal(shape: TableShape, readOnly: boolean): string | undefined {
  if (readOnly) return 'This profile is read-only: rows cannot be edited.';
  if (!rowKeyOf(shape)) {
    return 'This table has no primary key and no NOT NULL unique key: a row cannot be told apart from its twins, so it is not editable here (use the console).';
  }
  if (!shape.transactional) {
    return "This table's storage engine has no transactions: a change set could not be applied all or nothing, so it is not editable here.";
  }
  return undefined;
}

/** The doctrine's soft delete: an `is_deleted` flag (and `deleted_ymdhis` when present). */
export function isSoftDeleteTable(shape: TableShape): boolean {
  return shape.columns.has('is_deleted');
}

function refuse(message: string, hint: string): never {
  throw new LupoError('edit/refused', message, { hint });
}

/** Checks that every named column exists (and, to be written, is not generated), and binds its values. */
function boundValues(shape: TableShape, cells: CellsByColumn, purpose: 'write' | 'compare'): [string, BoundValue][] {
  return Object.entries(cells).map(([column, cell]) => {
    const info = shape.columns.get(column);
    if (!info) refuse(`The table has no column "${column}".`, 'Reload the table: its columns may have changed.');
    if (info.generated && purpose === 'write') {
      refuse(`\`${column}\` is a generated column: it cannot be written.`, 'Leave it out.');
    }
    return [column, boundCell(shape, column, cell)];
  });
}

/** The key's values in key order, each present and not NULL. */
function keyValues(shape: TableShape, key: CellsByColumn): [string, BoundValue][] {
  const columns = rowKeyOf(shape)!;
  return columns.map((column) => {
    const cell = Object.hasOwn(key, column) ? key[column] : undefined;
    if (cell === undefined || cell === null) {
      refuse(`The row's key \`${column}\` is missing.`, 'Reload the table and edit the row again.');
    }
    return [column, boundCell(shape, column, cell)];
  });
}

/** `SELECT <old columns> FROM t WHERE <key> FOR UPDATE`: locks the row and reads what must not have changed. */
function checkOf(shape: TableShape, qualified: string, key: [string, BoundValue][], old: CellsByColumn) {
  const columns = Object.keys(old);
  boundValues(shape, old, 'compare');
  const text = new StatementText()
    .text(`SELECT ${columns.length ? columns.map(quoteIdentifier).join(', ') : '1'} FROM ${qualified} WHERE `)
    .pairs(key, ' AND ')
    .text(' FOR UPDATE');
  return { sql: text.sql, params: text.params, old };
}

/**
 * Makes a change set into SQL for one table, keyed by the row key (primary key, else a
 * NOT NULL unique key: never all columns). Every identifier goes through the quoting helper
 * and every value is a bound parameter. Doctrine: an update stamps `updated_ymdhis`, an
 * insert `created_ymdhis`/`updated_ymdhis` (when present and not given), and a delete on a
 * soft-delete table sets `is_deleted = 1, deleted_ymdhis = now` unless `hard` is asked.
 * Each update/delete first re-reads its row `FOR UPDATE` to detect a concurrent change.
 */
export function planChangeSet(
  shape: TableShape,
  database: string,
  table: string,
  changes: readonly RowChange[],
  readOnly: boolean,
  now: number = ymdhis(),
): ChangeSetPlan {
  const refusal = editRefusal(shape, readOnly);
  if (refusal) throw new LupoError(readOnly ? 'edit/read-only' : 'edit/not-editable', refusal, {});
  const qualified = quoteQualified(database, table);
  const has = (column: string): boolean => shape.columns.get(column)?.generated === false;
  const statements: PlannedStatement[] = changes.map((change, index): PlannedStatement => {
    if (change.kind === 'insert') {
      const values = boundValues(shape, change.values, 'write');
      for (const stamp of ['created_ymdhis', 'updated_ymdhis']) {
        if (has(stamp) && !Object.hasOwn(change.values, stamp)) values.push([stamp, now]);
      }
      const text = new StatementText().text(
        `INSERT INTO ${qualified} (${values.map(([c]) => quoteIdentifier(c)).join(', ')}) VALUES (`,
      );
      values.forEach(([, value], i) => (i > 0 ? text.text(', ') : text).value(value));
      text.text(')');
      return finish(index, 'insert', text);
    }
    const key = keyValues(shape, change.key);
    const check = checkOf(shape, qualified, key, change.old);
    if (change.kind === 'update') {
      const set = boundValues(shape, change.set, 'write');
      if (set.length === 0) refuse('An update changes no column.', 'Edit a cell first.');
      if (has('updated_ymdhis') && !Object.hasOwn(change.set, 'updated_ymdhis')) set.push(['updated_ymdhis', now]);
      const text = new StatementText()
        .text(`UPDATE ${qualified} SET `)
        .pairs(set, ', ')
        .text(' WHERE ')
        .pairs(key, ' AND ');
      return finish(index, 'update', text, check);
    }
    if (isSoftDeleteTable(shape) && !change.hard) {
      const set: [string, BoundValue][] = [['is_deleted', 1]];
      if (has('deleted_ymdhis')) set.push(['deleted_ymdhis', now]);
      if (has('updated_ymdhis')) set.push(['updated_ymdhis', now]);
      const text = new StatementText()
        .text(`UPDATE ${qualified} SET `)
        .pairs(set, ', ')
        .text(' WHERE ')
        .pairs(key, ' AND ');
      return finish(index, 'soft-delete', text, check);
    }
    const text = new StatementText().text(`DELETE FROM ${qualified} WHERE `).pairs(key, ' AND ');
    return finish(index, 'delete', text, check);
  });
  const destructive = statements.some((s) => s.destructive);
  return { database, table, statements, ...(destructive ? { confirmWith: confirmationWord(database) } : {}) };

  function finish(
    change: number,
    action: PlannedStatement['action'],
    text: StatementText,
    check?: PlannedStatement['check'],
  ): PlannedStatement {
    // What the server executes is what the classifier sees: a data change, refused on read-only profiles.
    const assessment = assessStatement(text.sql);
    const checkReads = check === undefined || assessStatement(check.sql).access === 'read';
    if (assessment.access !== 'data' || !checkReads || (readOnly && !isReadOnlySafe(assessment))) {
      throw new LupoError(
        'edit/refused',
        `The engine built a statement it will not send: ${assessment.classification.summary}.`,
        {},
      );
    }
    return {
      change,
      action,
      sql: text.sql,
      params: text.params,
      literal: text.literal,
      destructive: assessment.destructive,
      ...(check ? { check } : {}),
    };
  }
}

/** Same cell as read: NULL only equals NULL; values compare as their wire text. */
function sameCell(a: QueryCell | undefined, b: QueryCell | undefined): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  return String(a) === String(b);
}

/** Re-reads a row under lock; the conflict when it is gone or no longer holds the values read. */
async function conflictOf(connection: PoolConnection, statement: PlannedStatement): Promise<string | undefined> {
  const check = statement.check!;
  const [rows] = await bound<RowDataPacket[][]>(connection, { sql: check.sql, rowsAsArray: true }, check.params);
  const row = rows[0] as unknown[] | undefined;
  if (!row) return 'The row no longer exists on the server (deleted, or its key changed).';
  const changed = Object.keys(check.old).filter((column, i) => !sameCell(toQueryCell(row[i]), check.old[column]));
  return changed.length === 0
    ? undefined
    : `The row changed on the server since it was read (${changed.map((c) => `\`${c}\``).join(', ')}).`;
}

/** How long an edit waits for a row another session holds locked before it reports a conflict. */
export const EDIT_LOCK_WAIT_SECONDS = 10;

/**
 * Builds and applies a change set in one transaction: each row is re-read `FOR UPDATE` and
 * must still hold the values the browser read, then its statement runs with bound values.
 * Any conflict (or a duplicate key on insert) rolls everything back and is reported; nothing
 * is sent on a read-only profile, and destructive statements (DELETE) need the typed
 * confirmation (the database name).
 */
export async function applyChangeSet(
  pool: Pool,
  request: {
    readonly database: string;
    readonly table: string;
    readonly changes: readonly RowChange[];
    readonly readOnly: boolean;
    readonly typed?: string;
    /** Seconds to wait for a row another session holds locked (default EDIT_LOCK_WAIT_SECONDS). */
    readonly lockWaitSeconds?: number;
  },
): Promise<ChangeSetOutcome> {
  if (request.readOnly) {
    throw new LupoError('edit/read-only', 'This profile is read-only: rows cannot be edited.', {
      hint: 'Connect with a writable profile to change rows.',
    });
  }
  const shape = await readTableShape(pool, request.database, request.table);
  const plan = planChangeSet(shape, request.database, request.table, request.changes, request.readOnly);
  if (plan.confirmWith !== undefined && request.typed !== plan.confirmWith) {
    throw new LupoError(
      'edit/confirmation-needed',
      `Deleting rows is destructive: type ${plan.confirmWith} to confirm.`,
      {
        hint: 'The typed confirmation is the database name, as in the migration wizard.',
        details: { confirmWith: plan.confirmWith },
      },
    );
  }
  const connection = await pool.getConnection();
  let reset = false;
  try {
    await connection.query('SET SESSION innodb_lock_wait_timeout = ?', [
      request.lockWaitSeconds ?? EDIT_LOCK_WAIT_SECONDS,
    ]);
    reset = true;
    await connection.query('START TRANSACTION');
    const conflicts: ChangeConflict[] = [];
    try {
      for (const statement of plan.statements) {
        try {
          const conflict = statement.check ? await conflictOf(connection, statement) : undefined;
          if (conflict) {
            conflicts.push({ change: statement.change, message: conflict });
            continue;
          }
          // After a conflict only the checks go on (to report every one); nothing more is written.
          if (conflicts.length > 0) continue;
          await bound<ResultSetHeader>(connection, { sql: statement.sql }, statement.params);
        } catch (error) {
          const e = error as { errno?: number; message?: string };
          if (e.errno === 1062) {
            conflicts.push({ change: statement.change, message: 'A row with this key already exists.' });
          } else if (e.errno === 1205 || e.errno === 1213) {
            conflicts.push({ change: statement.change, message: 'Another session holds this row locked; try again.' });
          } else {
            throw new LupoError(
              'edit/server-error',
              `The server refused change ${statement.change + 1}: ${e.message ?? String(error)}. Nothing was committed.`,
              { hint: 'Fix the value and review again.', details: { change: statement.change } },
            );
          }
        }
      }
    } catch (error) {
      await connection.query('ROLLBACK');
      throw error;
    }
    if (conflicts.length > 0) {
      await connection.query('ROLLBACK');
      return { committed: false, applied: 0, conflicts };
    }
    await connection.query('COMMIT');
    return { committed: true, applied: plan.statements.length, conflicts: [] };
  } finally {
    // The pool's connection goes back as it came (or not at all).
    const restored =
      !reset ||
      (await connection.query('SET SESSION innodb_lock_wait_timeout = DEFAULT').then(
        () => true,
        () => false,
      ));
    if (restored) connection.release();
    else connection.destroy();
  }
}

/** The change set's SQL for review, without sending anything but reads of the table's shape. */
export async function reviewChangeSet(
  pool: Pool,
  request: {
    readonly database: string;
    readonly table: string;
    readonly changes: readonly RowChange[];
    readonly readOnly: boolean;
  },
): Promise<ChangeSetPlan> {
  if (request.readOnly) {
    throw new LupoError('edit/read-only', 'This profile is read-only: rows cannot be edited.', {
      hint: 'Connect with a writable profile to change rows.',
    });
  }
  const shape = await readTableShape(pool, request.database, request.table);
  return planChangeSet(shape, request.database, request.table, request.changes, request.readOnly);
}

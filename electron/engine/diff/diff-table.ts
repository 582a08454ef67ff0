import type { Column, Database, Index, Table } from '../../../shared/schema/model';
import type { ColumnAspect, IndexAspect, SchemaChange, TableOptionAspect } from '../../../shared/schema/changes';
import {
  charsetContextOf,
  nameKey,
  normalizeColumn,
  normalizeCheck,
  normalizeIndex,
  normalizePartitioning,
  normalizePrimaryKey,
  normalizeTableOptions,
  type NormalizedColumn,
  type TableCharsetContext,
} from './normalize';
import { asServerStores } from './implicit-prefix';

/** Which normalised column fields make up each aspect (position is computed separately). */
const COLUMN_ASPECT_FIELDS: ReadonlyArray<readonly [ColumnAspect, readonly (keyof NormalizedColumn)[]]> = [
  ['type', ['type', 'length', 'precision', 'scale', 'fsp']],
  ['unsigned', ['unsigned']],
  ['zerofill', ['zerofill']],
  ['values', ['values']],
  ['nullable', ['nullable']],
  ['default', ['default']],
  ['onUpdate', ['onUpdate']],
  ['autoIncrement', ['autoIncrement']],
  ['charset', ['charset']],
  ['collation', ['collation']],
  ['comment', ['comment']],
  ['generated', ['generated']],
  ['invisible', ['invisible']],
  ['srid', ['srid']],
];

/** The aspects in which two columns differ after normalisation (position excluded). */
export function columnDifferences(
  actual: Column,
  desired: Column,
  actualTable: Table,
  desiredTable: Table,
): ColumnAspect[] {
  return columnDifferencesIn(actual, desired, charsetContextOf(actualTable), charsetContextOf(desiredTable));
}

/** {@link columnDifferences} with each table's charset context already worked out (once per table). */
function columnDifferencesIn(
  actual: Column,
  desired: Column,
  actualContext: TableCharsetContext,
  desiredContext: TableCharsetContext,
): ColumnAspect[] {
  const a = normalizeColumn(actual, actualContext);
  const d = normalizeColumn(desired, desiredContext);
  const changed: ColumnAspect[] = [];
  for (const [aspect, fields] of COLUMN_ASPECT_FIELDS) {
    for (const field of fields) {
      if (a[field] !== d[field]) {
        changed.push(aspect);
        break;
      }
    }
  }
  return changed;
}

const NONE_MOVED: ReadonlySet<string> = new Set();

/**
 * Same-named elements (columns, indexes) of both sides, names compared as the server does
 * (case-insensitively): per desired element its actual one (`matched`, by position), and
 * the actual elements no desired one names. The same names in the same order — the usual
 * case — pair by position without building a lookup.
 */
function pairByName<T extends { readonly name: string }>(
  actual: readonly T[],
  desired: readonly T[],
): { readonly matched: readonly (T | undefined)[]; readonly unmatched: readonly T[]; readonly inOrder: boolean } {
  if (actual.length === desired.length && actual.every((element, i) => element.name === desired[i]!.name))
    return { matched: actual, unmatched: [], inOrder: true };
  const byKey = new Map(actual.map((element) => [nameKey(element.name), element]));
  const desiredKeys = new Set(desired.map((element) => nameKey(element.name)));
  return {
    matched: desired.map((element) => byKey.get(nameKey(element.name))),
    unmatched: actual.filter((element) => !desiredKeys.has(nameKey(element.name))),
    inOrder: false,
  };
}

/**
 * True when two schema elements (columns, indexes) state the same facts, name and file
 * location aside. Then they normalise alike (columns: in tables of the same charset
 * context), so an unchanged element — nearly every one of a diff — needs no normalised
 * form. (Comparison reads facts by property, so an `undefined` fact is an absent one.)
 */
function sameFacts(a: Column | Index, b: Column | Index): boolean {
  for (const key in a) {
    if (key === 'name' || key === 'source') continue;
    if (!samePlainValue((a as unknown as Record<string, unknown>)[key], (b as unknown as Record<string, unknown>)[key]))
      return false;
  }
  for (const key in b) if (key !== 'name' && key !== 'source' && !(key in a)) return false;
  return true;
}

/** Structural equality of plain data: primitives, and arrays and objects of them (no copies made). */
function samePlainValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!samePlainValue(a[i], b[i])) return false;
    return true;
  }
  for (const key in a) {
    if (!samePlainValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  for (const key in b) if (!(key in a)) return false;
  return true;
}

/**
 * The aspects in which two same-named indexes differ. With the live table, a declared
 * full-column part the server had to store as a prefix (or as a long unique) compares
 * equal to what the server stored (see implicit-prefix.ts).
 */
export function indexDifferences(actual: Index, desired: Index, actualTable?: Table): IndexAspect[] {
  const a = normalizeIndex(actual);
  const d = normalizeIndex(actualTable ? asServerStores(desired, actual, actualTable) : desired);
  const changed: IndexAspect[] = [];
  if (a.columns !== d.columns) changed.push('columns');
  if (a.unique !== d.unique) changed.push('unique');
  if (a.kind !== d.kind) changed.push('kind');
  if (a.comment !== d.comment) changed.push('comment');
  if (a.ignored !== d.ignored) changed.push('ignored');
  return changed;
}

/**
 * Names of the common columns that moved: the columns outside a longest common
 * subsequence of both orders, i.e. the fewest columns whose moving restores the order.
 */
export function movedColumns(actualOrder: readonly string[], desiredOrder: readonly string[]): Set<string> {
  // The usual case, decided before any copy: the same columns in the same order.
  if (actualOrder.length === desiredOrder.length && actualOrder.every((name, i) => name === desiredOrder[i]))
    return new Set();
  const a = actualOrder.map(nameKey);
  const d = desiredOrder.map(nameKey);
  const inDesired = new Set(d);
  const common = new Set(a.filter((name) => inDesired.has(name)));
  const x = a.filter((name) => common.has(name));
  const y = d.filter((name) => common.has(name));
  // The usual case: the common columns are in the same order, so none moved.
  if (x.length === y.length && x.every((name, i) => name === y[i])) return new Set();
  const lengths: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      const row = lengths[i]!;
      row[j] = x[i] === y[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, row[j + 1]!);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      kept.add(x[i]!);
      i += 1;
      j += 1;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i += 1;
    else j += 1;
  }
  return new Set([...common].filter((name) => !kept.has(name)));
}

/**
 * Differences of table options. Engine, charset and collation are compared only when both
 * sides declare them (an undeclared one means "the server default", which is not drift;
 * definitions get the workspace's tableDefaults, so in practice they are always compared);
 * the comment and an explicitly declared ROW_FORMAT are always compared.
 */
export function tableOptionDifferences(actual: Table, desired: Table): TableOptionAspect[] {
  // The same options (the usual case) normalise alike.
  if (samePlainValue(actual.options, desired.options)) return [];
  const a = normalizeTableOptions(actual.options);
  const d = normalizeTableOptions(desired.options);
  const changed: TableOptionAspect[] = [];
  for (const aspect of ['engine', 'charset', 'collation'] as const) {
    if (d[aspect] !== undefined && a[aspect] !== undefined && a[aspect] !== d[aspect]) changed.push(aspect);
  }
  // A declared row format is real on either side: the server keeps it in CREATE_OPTIONS.
  if (a.rowFormat !== d.rowFormat) changed.push('rowFormat');
  if (a.other !== d.other) changed.push('other');
  if (a.comment !== d.comment) changed.push('comment');
  return changed;
}

/**
 * The changes that turn table `actual` into table `desired` (same table in one database):
 * columns, primary key, indexes, foreign keys to drop, and table options.
 */
export function diffTable(actual: Table, desired: Table, database: Database): SchemaChange[] {
  const base = { role: database.role, database: database.name, table: desired.name };
  const changes: SchemaChange[] = [];
  const actualContext = charsetContextOf(actual);
  const desiredContext = charsetContextOf(desired);
  const sameContext =
    actualContext.charset === desiredContext.charset && actualContext.collation === desiredContext.collation;
  const columns = pairByName(actual.columns, desired.columns);
  const moved = columns.inOrder
    ? NONE_MOVED
    : movedColumns(
        actual.columns.map((column) => column.name),
        desired.columns.map((column) => column.name),
      );

  desired.columns.forEach((column, position) => {
    const after = position === 0 ? undefined : desired.columns[position - 1]!.name;
    const existing = columns.matched[position];
    if (!existing) {
      changes.push({ ...base, kind: 'addColumn', column, ...(after === undefined ? {} : { after }) });
      return;
    }
    const changed: ColumnAspect[] =
      sameContext && sameFacts(existing, column)
        ? []
        : columnDifferencesIn(existing, column, actualContext, desiredContext);
    if (moved.has(nameKey(column.name))) changed.push('position');
    if (changed.length > 0) {
      changes.push({
        ...base,
        kind: 'modifyColumn',
        from: existing,
        to: column,
        changed,
        ...(changed.includes('position') && after !== undefined ? { after } : {}),
      });
    }
  });
  for (const column of columns.unmatched) changes.push({ ...base, kind: 'dropColumn', column });

  if (
    !samePlainValue(actual.primaryKey?.columns, desired.primaryKey?.columns) &&
    normalizePrimaryKey(actual.primaryKey) !== normalizePrimaryKey(desired.primaryKey)
  ) {
    changes.push({
      ...base,
      kind: 'modifyPrimaryKey',
      ...(actual.primaryKey ? { from: actual.primaryKey } : {}),
      ...(desired.primaryKey ? { to: desired.primaryKey } : {}),
    });
  }

  const indexes = pairByName(actual.indexes, desired.indexes);
  const engine = desired.options.engine ?? actual.options.engine;
  const indexBase = engine === undefined ? base : { ...base, engine };
  desired.indexes.forEach((index, i) => {
    const existing = indexes.matched[i];
    if (!existing) {
      changes.push({ ...indexBase, kind: 'addIndex', index });
      return;
    }
    // Indexes stating the same facts compare equal (the server-stored form of one is the other).
    if (sameFacts(existing, index)) return;
    const changed = indexDifferences(existing, index, actual);
    if (changed.length > 0) changes.push({ ...indexBase, kind: 'modifyIndex', from: existing, to: index, changed });
  });
  for (const index of indexes.unmatched) changes.push({ ...indexBase, kind: 'dropIndex', index });

  // Most tables have no foreign keys or checks: no lookups built for them.
  if (actual.foreignKeys.length > 0) {
    const desiredForeignKeys = new Set(desired.foreignKeys.map((key) => nameKey(key.name)));
    for (const foreignKey of actual.foreignKeys) {
      if (!desiredForeignKeys.has(nameKey(foreignKey.name)))
        changes.push({ ...base, kind: 'dropForeignKey', foreignKey });
    }
  }

  if (actual.checks?.length || desired.checks?.length) {
    const actualChecks = new Map((actual.checks ?? []).map((check) => [nameKey(check.name), check]));
    const desiredChecks = new Set((desired.checks ?? []).map((check) => nameKey(check.name)));
    for (const check of actual.checks ?? []) {
      if (!desiredChecks.has(nameKey(check.name))) changes.push({ ...base, kind: 'dropCheck', check });
    }
    for (const check of desired.checks ?? []) {
      const existing = actualChecks.get(nameKey(check.name));
      if (existing && normalizeCheck(existing.expression) === normalizeCheck(check.expression)) continue;
      if (existing) changes.push({ ...base, kind: 'dropCheck', check: existing });
      changes.push({ ...base, kind: 'addCheck', check });
    }
  }

  if (normalizePartitioning(actual.partitioning) !== normalizePartitioning(desired.partitioning)) {
    changes.push({
      ...base,
      kind: 'modifyPartitioning',
      ...(actual.partitioning === undefined ? {} : { from: actual.partitioning }),
      ...(desired.partitioning === undefined ? {} : { to: desired.partitioning }),
    });
  }

  const optionChanges = tableOptionDifferences(actual, desired);
  if (optionChanges.length > 0) {
    changes.push({
      ...base,
      kind: 'modifyTableOptions',
      from: actual.options,
      to: desired.options,
      changed: optionChanges,
    });
  }
  return changes;
}

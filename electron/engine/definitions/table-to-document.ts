import type { JsonObject, JsonValue } from '@toon-format/toon';
import type { Column, Table } from '../../../shared/schema/model';
import { formatColumnDefinition, parseColumnDefinitionDetailed } from '../ddl/index';
import { declaredOptions } from './table-defaults';
import { normalizeCheck, normalizePartitioning } from '../diff/normalize';

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Structural equality of JSON-like values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const stripSource = (c: Column): Column => {
  const { source: _source, ...rest } = c;
  return rest;
};

/** The existing field string when it still parses to the same column, else freshly rendered DDL. */
function fieldFor(column: Column, oldFields: readonly JsonValue[]): string {
  for (const f of oldFields) {
    if (typeof f !== 'string') continue;
    try {
      const parsed = parseColumnDefinitionDetailed(f).column;
      if (parsed.name === column.name && jsonEqual(stripSource(parsed), stripSource(column))) return f;
    } catch {
      // an unparsable old field is simply not reused
    }
  }
  return formatColumnDefinition(column);
}

function upperKeys(object: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key.toUpperCase(), String(value)]));
}

/**
 * The check_constraints entries: unchanged entries kept as written, absent when none.
 * CHECKs written inline in a field string (`qty int CHECK (qty >= 0)`) stay there.
 */
function checksDocument(table: Table, raw: JsonObject, fields: readonly string[]): JsonValue | undefined {
  const inline = new Map<string, string>();
  for (const field of fields) {
    if (!/\bCHECK\b/i.test(field)) continue;
    try {
      const parsed = parseColumnDefinitionDetailed(field);
      if (parsed.check) inline.set(parsed.column.name, normalizeCheck(parsed.check.expression));
    } catch {
      // a field that does not parse carries no CHECK we could keep
    }
  }
  const checks = (table.checks ?? []).filter(
    (check) => check.column === undefined || inline.get(check.column) !== normalizeCheck(check.expression),
  );
  if (checks.length === 0) return raw.check_constraints === undefined ? undefined : [];
  const old = Array.isArray(raw.check_constraints) ? raw.check_constraints.filter(isObject) : [];
  return checks.map((check) => {
    const fresh: JsonObject = {
      constraint_name: check.name,
      check_clause: check.expression,
      ...(check.column === undefined ? {} : { column_name: check.column }),
    };
    const kept = old.find(
      (o) =>
        o.constraint_name === check.name &&
        o.column_name === fresh.column_name &&
        typeof o.check_clause === 'string' &&
        normalizeCheck(o.check_clause) === normalizeCheck(check.expression),
    );
    return kept ?? fresh;
  });
}

/** The partitioning string: the file's own spelling when it means the same. */
function partitioningDocument(table: Table, raw: JsonObject): string | undefined {
  if (table.partitioning === undefined) return undefined;
  if (
    typeof raw.partitioning === 'string' &&
    normalizePartitioning(raw.partitioning) === normalizePartitioning(table.partitioning)
  )
    return raw.partitioning;
  return table.partitioning;
}

/**
 * Builds the document for `table`, starting from the file's raw document so key order,
 * unknown keys, `data` rows and untouched entries (field strings, index objects) survive.
 * For an unchanged table the result is structurally equal to `raw`.
 */
export function tableToDocument(table: Table, raw: JsonObject): JsonObject {
  const oldFields = Array.isArray(raw.fields) ? raw.fields : [];
  const doc: Record<string, JsonValue> = {};
  const next: Record<string, JsonValue | undefined> = {
    table_name: table.name,
    fields: table.columns.map((c) => fieldFor(c, oldFields)),
    data: raw.data ?? [],
  };
  // primary key: keep the generator's report fields when the column is unchanged
  const auto = table.columns.filter((c) => c.autoIncrement);
  const inferred =
    raw.primary_key === undefined &&
    auto.length === 1 &&
    table.primaryKey?.columns.length === 1 &&
    table.primaryKey.columns[0] === auto[0]!.name;
  if (table.primaryKey && !inferred) {
    const cols = table.primaryKey.columns.join(',');
    const old = isObject(raw.primary_key) ? raw.primary_key : undefined;
    next.primary_key =
      old && String(old.column_name) === cols
        ? old
        : {
            column_name: cols,
            expected_name: old?.expected_name ?? cols,
            is_correct: old ? (old.is_correct ?? true) : true,
            needs_rename: old ? (old.needs_rename ?? false) : false,
          };
  } else next.primary_key = undefined;
  const oldIndexes = Array.isArray(raw.indexes) ? raw.indexes.filter(isObject) : [];
  const indexes = table.indexes.map((ix) => {
    const fresh: JsonObject = {
      index_name: ix.name,
      columns: ix.columns.map((c) => (c.length !== undefined ? `${c.name}(${c.length})` : c.name)),
      is_unique: ix.unique,
      index_type: ix.kind === 'spatial' ? 'SPATIAL' : ix.kind.toUpperCase(),
      ...(ix.comment === undefined ? {} : { index_comment: ix.comment }),
      ...(ix.ignored ? { is_ignored: true } : {}),
    };
    const old = oldIndexes.find((o) => o.index_name === ix.name);
    return old && jsonEqual({ ...old, index_type: String(old.index_type ?? 'BTREE').toUpperCase() }, fresh)
      ? old
      : fresh;
  });
  next.indexes = indexes.length > 0 || raw.indexes !== undefined ? indexes : undefined;
  if (raw.unique_constraints !== undefined) {
    const oldUniques = Array.isArray(raw.unique_constraints) ? raw.unique_constraints.filter(isObject) : [];
    next.unique_constraints = oldUniques.filter((u) =>
      table.indexes.some((ix) => ix.unique && ix.name === u.constraint_name),
    );
  }
  if (raw.unsigned_columns !== undefined && Array.isArray(raw.unsigned_columns)) {
    next.unsigned_columns = raw.unsigned_columns.filter(
      (u) => isObject(u) && table.columns.some((c) => c.name === u.column_name && c.unsigned),
    );
  }
  const opts = declaredOptions(table);
  next.table_comment = opts.comment;
  next.engine = opts.engine;
  next.charset = opts.charset;
  next.collation = opts.collation;
  next.row_format = opts.rowFormat;
  next.table_options =
    opts.other === undefined
      ? undefined
      : isObject(raw.table_options) && jsonEqual(upperKeys(raw.table_options), opts.other)
        ? raw.table_options
        : { ...opts.other };
  next.check_constraints = checksDocument(table, raw, next.fields as string[]);
  next.partitioning = partitioningDocument(table, raw);
  // existing keys first, in their order; then new ones in canonical order
  for (const key of Object.keys(raw)) {
    if (key in next) {
      const v = next[key];
      if (v !== undefined) doc[key] = v;
    } else doc[key] = raw[key]!;
  }
  for (const [key, v] of Object.entries(next)) if (!(key in doc) && v !== undefined && !(key in raw)) doc[key] = v;
  return doc;
}

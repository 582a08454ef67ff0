import type { JsonObject, JsonValue } from '@toon-format/toon';
import { LupoError } from '../../../shared/errors';
import type { Finding, Severity } from '../../../shared/schema/findings';
import type {
  CheckConstraint,
  Column,
  FileLocation,
  Index,
  IndexColumn,
  Table,
  TableOptions,
  Mutable,
} from '../../../shared/schema/model';
import { parseColumnDefinitionDetailed, type DdlNote } from '../ddl/index';
import { effectiveIndexKind } from '../ddl/index-kind';
import { assertSqlFragment, renderPartitioning } from '../sqlgen/table-extras';
import { checkTableOption } from '../sqlgen/table-options';
import type { DefinitionDocument } from './definition-document';

/** A table read from a definition document, or why not. */
export interface DocumentTableResult {
  /** Absent when the document has errors (the file failed to load). */
  readonly table?: Table;
  readonly tableName?: string;
  readonly findings: readonly Finding[];
}

const INDEX_KINDS: Record<string, Index['kind']> = {
  BTREE: 'btree',
  HASH: 'hash',
  FULLTEXT: 'fulltext',
  SPATIAL: 'spatial',
  RTREE: 'spatial',
};

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when `text` is a bare name: no backquote, parenthesis or whitespace to read. */
function isBareName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // '`', '(', and what trim() or \s would see (ASCII spaces, and any non-ASCII to be safe)
    if (code === 96 || code === 40 || code <= 32 || code >= 0x7f) return false;
  }
  return true;
}

/** `name` or `name(10)` → an index column. */
function indexColumn(text: string): IndexColumn {
  // The usual entry is a bare column name, which the pattern below reads as itself.
  if (isBareName(text)) return { name: text };
  const m = /^`?([^`(]+?)`?\s*(?:\((\d+)\))?(\s+DESC)?$/i.exec(text.trim());
  if (!m) return { name: text };
  return { name: m[1]!, ...(m[2] ? { length: Number(m[2]) } : {}), ...(m[3] ? { descending: true } : {}) };
}

/**
 * Turns a decoded definition (legacy keys: table_name, fields, primary_key, indexes,
 * unique_constraints, plus optional table_comment/engine/charset/collation/row_format,
 * check_constraints and partitioning — see docs/schema-fidelity.md) into a Table.
 * Every problem becomes a Finding at file:line:column; errors leave `table` absent.
 */
export function documentToTable(doc: DefinitionDocument, file: string): DocumentTableResult {
  const findings: Finding[] = [];
  const at = (path: string, extra = 0): FileLocation => {
    const p = doc.locate(path);
    return { kind: 'file', file, line: p.line, column: p.column + extra };
  };
  const add = (severity: Severity, code: string, message: string, path: string, hint?: string, extra = 0): void => {
    findings.push({ code, severity, message, location: at(path, extra), ...(hint ? { hint } : {}) });
  };
  const raw = doc.raw;
  const name = raw.table_name;
  if (typeof name !== 'string' || name.trim() === '') {
    add(
      'error',
      'definition/missing-table-name',
      'The definition has no "table_name" string',
      'table_name',
      'Add "table_name": "<table>".',
    );
    return { findings };
  }
  const fields = raw.fields;
  if (!Array.isArray(fields) || fields.length === 0) {
    add(
      'error',
      'definition/missing-fields',
      `Table "${name}": "fields" must be a non-empty array of column definitions`,
      Array.isArray(fields) ? 'fields' : 'table_name',
      'List the columns as DDL strings, e.g. "`id` bigint NOT NULL".',
    );
    return { tableName: name, findings };
  }
  const columns: Column[] = [];
  const known = new Set<string>(); // lower-case names of the columns declared so far
  const inlineChecks: CheckConstraint[] = [];
  let inlinePk: string | undefined;
  const uniques: string[] = [];
  // The engine decides what an index without a declared kind is (MEMORY: HASH).
  const engine = typeof raw.engine === 'string' ? raw.engine : undefined;
  const undeclaredKind = effectiveIndexKind(undefined, engine, true);
  // One note handler per table (not a closure per field): notes are rare, fields many.
  let notePath = '';
  let noteField = 0;
  const onNote = (note: DdlNote): void =>
    add(
      'warning',
      `definition/${note.code.replace(/^ddl\//, '')}`,
      `Table "${name}", field ${noteField}: ${note.message}`,
      notePath,
      'Remove the word from the definition to silence this note.',
      doc.encoding === 'json' ? note.offset + 1 : 0,
    );
  const parseOptions = { onNote };
  fields.forEach((field, i) => {
    const path = `fields/${i}`;
    if (typeof field !== 'string') {
      add(
        'error',
        'definition/invalid-column',
        `Table "${name}": field ${i + 1} is not a string`,
        path,
        'Each field is a column DDL string.',
      );
      return;
    }
    try {
      notePath = path;
      noteField = i + 1;
      const parsed = parseColumnDefinitionDetailed(field, parseOptions);
      const key = parsed.column.name.toLowerCase();
      if (known.has(key)) {
        add(
          'error',
          'definition/duplicate-column',
          `Table "${name}": column "${parsed.column.name}" is declared twice`,
          path,
          'Remove or rename one of the two fields.',
        );
        return;
      }
      known.add(key);
      // The parser's column is new and ours: it gets its source in place. A spread copy
      // ({ ...column, source }) gets a hidden class of its own in V8 once field types
      // vary, ~300 bytes of map per column: a third of the model at 10,000 tables.
      const column: Mutable<Column> = parsed.column;
      column.source = at(path);
      columns.push(column);
      if (parsed.check) {
        const checkName = parsed.check.name ?? parsed.column.name;
        inlineChecks.push({ name: checkName, expression: parsed.check.expression, column: parsed.column.name });
      }
      if (parsed.primaryKey) inlinePk = parsed.column.name;
      if (parsed.unique) uniques.push(parsed.column.name);
    } catch (error) {
      if (!(error instanceof LupoError)) throw error;
      const offset = typeof error.details?.offset === 'number' ? error.details.offset : 0;
      const code = error.code === 'ddl/unknown-type' ? 'definition/unknown-type' : 'definition/invalid-column';
      add(
        'error',
        code,
        `Table "${name}", field ${i + 1}: ${error.message}`,
        path,
        error.hint,
        doc.encoding === 'json' ? offset + 1 : 0,
      );
    }
  });
  const checkColumns = (cols: readonly string[], what: string, path: string): boolean => {
    const missing = cols.filter((c) => !known.has(c.toLowerCase()));
    for (const m of missing)
      add(
        'error',
        'definition/index-missing-column',
        `Table "${name}": ${what} uses column "${m}", which is not declared in "fields"`,
        path,
        'Add the column to "fields" or remove it from the index.',
      );
    return missing.length === 0;
  };
  /** An index's column list, or undefined (with findings) when it names undeclared columns. */
  const indexColumns = (entries: readonly JsonValue[], what: string, path: string): IndexColumn[] | undefined => {
    const cols = entries.map((c) => indexColumn(String(c)));
    const names = cols.map((c) => c.name);
    return checkColumns(names, what, path) ? cols : undefined;
  };

  let primaryKey: { columns: string[] } | undefined;
  const pk = raw.primary_key;
  if (isObject(pk)) {
    const col = pk.column_name;
    const cols = Array.isArray(col)
      ? col.map(String)
      : typeof col === 'string'
        ? col.split(',').map((c) => c.trim())
        : [];
    if (cols.length === 0)
      add(
        'error',
        'definition/invalid-primary-key',
        `Table "${name}": primary_key.column_name is missing`,
        'primary_key',
        'Set primary_key.column_name to the key column.',
      );
    else if (checkColumns(cols, 'the primary key', 'primary_key')) primaryKey = { columns: cols };
  } else if (pk !== undefined && pk !== null) {
    add(
      'error',
      'definition/invalid-primary-key',
      `Table "${name}": primary_key must be an object`,
      'primary_key',
      'Use { "column_name": "<column>" }.',
    );
  } else if (inlinePk) {
    primaryKey = { columns: [inlinePk] };
  } else {
    const auto = columns.filter((c) => c.autoIncrement);
    if (auto.length === 1) {
      primaryKey = { columns: [auto[0]!.name] };
      add(
        'info',
        'definition/primary-key-inferred',
        `Table "${name}": no primary_key entry; the auto_increment column "${auto[0]!.name}" is taken as the primary key`,
        'table_name',
        'Add a primary_key entry to make it explicit.',
      );
    }
  }

  const indexes: Index[] = [];
  const rawIndexes = raw.indexes;
  if (rawIndexes !== undefined && !Array.isArray(rawIndexes))
    add('error', 'definition/invalid-index', `Table "${name}": "indexes" must be an array`, 'indexes');
  (Array.isArray(rawIndexes) ? rawIndexes : []).forEach((entry, i) => {
    const path = `indexes/${i}`;
    if (
      !isObject(entry) ||
      typeof entry.index_name !== 'string' ||
      !Array.isArray(entry.columns) ||
      entry.columns.length === 0
    ) {
      add(
        'error',
        'definition/invalid-index',
        `Table "${name}": index ${i + 1} needs "index_name" and a non-empty "columns" array`,
        path,
      );
      return;
    }
    const cols = indexColumns(entry.columns, `index "${entry.index_name}"`, path);
    if (!cols) return;
    if (entry.index_name.toUpperCase() === 'PRIMARY') {
      primaryKey ??= { columns: cols.map((c) => c.name) };
      return;
    }
    if (indexes.some((x) => x.name.toLowerCase() === String(entry.index_name).toLowerCase())) {
      add(
        'error',
        'definition/duplicate-index',
        `Table "${name}": index "${entry.index_name}" is declared twice`,
        path,
      );
      return;
    }
    const kindName = typeof entry.index_type === 'string' ? entry.index_type.toUpperCase() : undefined;
    const known = kindName === undefined ? undefined : INDEX_KINDS[kindName];
    if (kindName !== undefined && !known)
      add(
        'warning',
        'definition/unknown-index-type',
        `Table "${name}": index "${entry.index_name}" has unknown index_type "${kindName}"; BTREE assumed`,
        path,
      );
    // Left out, the engine decides; unknown, BTREE (warned above).
    const declared = kindName === undefined ? undefined : (known ?? 'btree');
    const unique = entry.is_unique === true || entry.is_unique === 1;
    // Optional keys assigned, not spread in: a spread of `cond ? {…} : {}` allocates twice per index.
    const index: Mutable<Index> = {
      name: entry.index_name,
      columns: cols,
      unique,
      kind: declared === 'fulltext' || declared === 'spatial' ? declared : effectiveIndexKind(declared, engine, unique),
    };
    if (typeof entry.index_comment === 'string') index.comment = entry.index_comment;
    if (entry.is_ignored === true || entry.is_ignored === 1) index.ignored = true;
    indexes.push(index);
  });
  const rawUniques = raw.unique_constraints;
  (Array.isArray(rawUniques) ? rawUniques : []).forEach((entry, i) => {
    const path = `unique_constraints/${i}`;
    if (!isObject(entry) || typeof entry.constraint_name !== 'string' || !Array.isArray(entry.columns)) {
      add(
        'error',
        'definition/invalid-index',
        `Table "${name}": unique constraint ${i + 1} needs "constraint_name" and "columns"`,
        path,
      );
      return;
    }
    const cols = indexColumns(entry.columns, `unique constraint "${entry.constraint_name}"`, path);
    if (!cols) return;
    const existing = indexes.findIndex((x) => x.name.toLowerCase() === String(entry.constraint_name).toLowerCase());
    if (existing >= 0) indexes[existing] = { ...indexes[existing]!, unique: true };
    else indexes.push({ name: entry.constraint_name, columns: cols, unique: true, kind: undeclaredKind });
  });
  for (const u of uniques)
    if (!indexes.some((x) => x.name === u))
      indexes.push({ name: u, columns: [{ name: u }], unique: true, kind: undeclaredKind });

  const options: Mutable<TableOptions> = {};
  if (typeof raw.engine === 'string') options.engine = raw.engine;
  if (typeof raw.charset === 'string') options.charset = raw.charset.toLowerCase();
  if (typeof raw.collation === 'string') options.collation = raw.collation.toLowerCase();
  if (typeof raw.table_comment === 'string') options.comment = raw.table_comment;
  if (typeof raw.row_format === 'string') options.rowFormat = raw.row_format.toUpperCase();
  if (raw.table_options !== undefined) {
    if (!isObject(raw.table_options)) {
      add(
        'error',
        'definition/invalid-table-option',
        `Table "${name}": "table_options" must be an object`,
        'table_options',
      );
    } else {
      const other: Record<string, string> = {};
      for (const [key, value] of Object.entries(raw.table_options)) {
        try {
          const [option, text] = checkTableOption(key, value);
          other[option] = text;
        } catch (error) {
          if (!(error instanceof LupoError)) throw error;
          add(
            'error',
            'definition/invalid-table-option',
            `Table "${name}": ${error.message}`,
            'table_options',
            error.hint,
          );
        }
      }
      if (Object.keys(other).length > 0) options.other = other;
    }
  }

  const checks: CheckConstraint[] = [...inlineChecks];
  const rawChecks = raw.check_constraints;
  if (rawChecks !== undefined && !Array.isArray(rawChecks))
    add(
      'error',
      'definition/invalid-check',
      `Table "${name}": "check_constraints" must be an array`,
      'check_constraints',
    );
  (Array.isArray(rawChecks) ? rawChecks : []).forEach((entry, i) => {
    const path = `check_constraints/${i}`;
    if (
      !isObject(entry) ||
      typeof entry.constraint_name !== 'string' ||
      entry.constraint_name === '' ||
      typeof entry.check_clause !== 'string' ||
      entry.check_clause.trim() === ''
    ) {
      add(
        'error',
        'definition/invalid-check',
        `Table "${name}": check constraint ${i + 1} needs "constraint_name" and "check_clause" strings`,
        path,
        'Write { "constraint_name": "chk_x", "check_clause": "`x` > 0" }.',
      );
      return;
    }
    if (checks.some((c) => c.name.toLowerCase() === String(entry.constraint_name).toLowerCase())) {
      add(
        'error',
        'definition/duplicate-check',
        `Table "${name}": check "${entry.constraint_name}" is declared twice`,
        path,
      );
      return;
    }
    try {
      assertSqlFragment(entry.check_clause, `Check "${entry.constraint_name}"`);
    } catch (error) {
      if (!(error instanceof LupoError)) throw error;
      add('error', 'definition/invalid-check', `Table "${name}": ${error.message}`, path, error.hint);
      return;
    }
    const column = typeof entry.column_name === 'string' ? entry.column_name : undefined;
    if (column !== undefined && !checkColumns([column], `check "${entry.constraint_name}"`, path)) return;
    checks.push({
      name: entry.constraint_name,
      expression: entry.check_clause.trim(),
      ...(column === undefined ? {} : { column }),
    });
  });

  let partitioning: string | undefined;
  if (raw.partitioning !== undefined) {
    if (typeof raw.partitioning !== 'string') {
      add(
        'error',
        'definition/invalid-partitioning',
        `Table "${name}": "partitioning" must be a string`,
        'partitioning',
      );
    } else {
      try {
        partitioning = renderPartitioning(raw.partitioning.replace(/\s+/g, ' '));
      } catch (error) {
        if (!(error instanceof LupoError)) throw error;
        add(
          'error',
          'definition/invalid-partitioning',
          `Table "${name}": ${error.message}`,
          'partitioning',
          'Write the clause as SHOW CREATE TABLE prints it: "PARTITION BY HASH (`id`) PARTITIONS 4".',
        );
      }
    }
  }

  if (findings.some((f) => f.severity === 'error')) return { tableName: name, findings };
  const table: Table = {
    name,
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    indexes,
    foreignKeys: [],
    options,
    ...(checks.length > 0 ? { checks } : {}),
    ...(partitioning === undefined ? {} : { partitioning }),
    source: at('table_name'),
  };
  return { table, tableName: name, findings };
}

import { LupoError } from '../../../shared/errors';
import type {
  Column,
  FileLocation,
  ForeignKey,
  Index,
  IndexColumn,
  Table,
  TableOptions,
  Mutable,
} from '../../../shared/schema/model';
import { parseColumnDefinitionDetailed, referenceAction, type DdlNote } from './column-definition';
import { splitTextTopLevel } from '../sql/split-top-level';
import { TokenCursor } from './token-cursor';
import { effectiveIndexKind } from './index-kind';

/** A table under construction (CREATE TABLE items and later ALTER TABLE … ADD). */
export interface TableDraft {
  name: string;
  database?: string;
  columns: Column[];
  primaryKey?: { columns: string[] };
  indexes: Index[];
  foreignKeys: ForeignKey[];
  options: Mutable<TableOptions>;
  /**
   * The kind each B-tree/hash index was declared with (`USING …`, or undefined), by
   * lower-case name: its kind depends on the engine, which CREATE TABLE names after the
   * indexes, so `draftToTable` settles it (index-kind.ts).
   */
  declaredKinds?: Map<string, 'btree' | 'hash' | undefined>;
}

/**
 * Splits `a, b(1,2), c` on top-level commas (quotes and comments respected), returning each
 * non-empty part trimmed, with its offset.
 */
export function splitTopLevel(text: string, base: number): { text: string; offset: number }[] {
  return splitTextTopLevel(text, base)
    .map((p) => {
      const lead = p.text.length - p.text.trimStart().length;
      return { text: p.text.trim(), offset: p.offset + lead };
    })
    .filter((p) => p.text !== '');
}

/** Parses `(col[(len)] [ASC|DESC], …)` key parts. */
function keyParts(cursor: TokenCursor): IndexColumn[] {
  const group = cursor.parenthesized();
  return splitTopLevel(group.text, cursor.base + group.start).map((part) => {
    const c = new TokenCursor(part.text, part.offset);
    if (c.isPunct('(')) {
      const expr = c.parenthesized().text;
      const dir = c.acceptWord('ASC', 'DESC');
      return { name: `(${expr})`, ...(dir?.upper === 'DESC' ? { descending: true } : {}) };
    }
    const name = c.identifier('an index column');
    let length: number | undefined;
    if (c.acceptPunct('(')) {
      length = c.integer('a prefix length');
      c.expectPunct(')');
    }
    const dir = c.acceptWord('ASC', 'DESC');
    if (!c.atEnd()) c.fail('unexpected-token', 'Unexpected text in index column');
    return {
      name,
      ...(length !== undefined ? { length } : {}),
      ...(dir?.upper === 'DESC' ? { descending: true } : {}),
    };
  });
}

/**
 * Index options after the key parts: kind override, comment, and whether the optimizer
 * ignores the index (MariaDB `IGNORED`, MySQL `INVISIBLE`; the last word wins).
 */
function indexOptions(
  cursor: TokenCursor,
  stopAtComma = false,
): { using?: string; comment?: string; ignored?: boolean } {
  const out: { using?: string; comment?: string; ignored?: boolean } = {};
  for (;;) {
    if (cursor.atEnd() || (stopAtComma && cursor.isPunct(','))) return out;
    if (cursor.acceptWord('USING')) out.using = cursor.expectWord('BTREE', 'HASH', 'RTREE').upper;
    else if (cursor.acceptWord('COMMENT')) out.comment = cursor.string();
    else if (cursor.acceptWord('KEY_BLOCK_SIZE')) {
      cursor.optionalEquals();
      cursor.integer();
    } else if (cursor.acceptWord('WITH')) {
      cursor.expectWord('PARSER');
      cursor.identifier();
    } else if (cursor.isWord('VISIBLE', 'INVISIBLE', 'IGNORED')) {
      out.ignored = cursor.next()!.upper !== 'VISIBLE';
    } else if (cursor.acceptWord('CLUSTERING')) {
      cursor.optionalEquals();
      if (cursor.isWord('YES', 'NO')) cursor.next();
    } else if (cursor.acceptWord('NOT')) {
      cursor.expectWord('IGNORED');
      out.ignored = false;
    } else return cursor.fail('unexpected-token', 'Unknown index option');
  }
}

/** Generated index name the way MySQL does it: first column, then `_2`, `_3`… */
function autoIndexName(draft: TableDraft, columns: readonly IndexColumn[]): string {
  const base = columns[0]?.name ?? 'key';
  let name = base;
  for (let n = 2; draft.indexes.some((i) => i.name.toLowerCase() === name.toLowerCase()); n++) name = `${base}_${n}`;
  return name;
}

/**
 * Applies one create-definition item (column, PRIMARY KEY, KEY/INDEX, UNIQUE, FULLTEXT,
 * SPATIAL, FOREIGN KEY, CHECK) to a draft. Used by CREATE TABLE and ALTER TABLE … ADD.
 */
export function applyTableItem(
  draft: TableDraft,
  text: string,
  offset: number,
  onNote?: (note: DdlNote) => void,
): void {
  const cursor = new TokenCursor(text, offset);
  let constraintName: string | undefined;
  if (cursor.acceptWord('CONSTRAINT')) {
    if (!cursor.isWord('PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK'))
      constraintName = cursor.identifier('a constraint name');
  }
  if (cursor.acceptWord('PRIMARY')) {
    cursor.expectWord('KEY');
    if (cursor.acceptWord('USING')) cursor.next();
    const cols = keyParts(cursor);
    indexOptions(cursor);
    if (draft.primaryKey)
      cursor.fail('duplicate-primary-key', `Table "${draft.name}" has more than one primary key`, null);
    draft.primaryKey = { columns: cols.map((c) => c.name) };
    return;
  }
  if (cursor.isWord('UNIQUE', 'INDEX', 'KEY', 'FULLTEXT', 'SPATIAL')) {
    const first = cursor.next()!.upper;
    const special = first === 'FULLTEXT' ? 'fulltext' : first === 'SPATIAL' ? 'spatial' : undefined;
    if (first !== 'INDEX' && first !== 'KEY') cursor.acceptWord('INDEX', 'KEY');
    let name: string | undefined;
    if (!cursor.isPunct('(') && !cursor.isWord('USING')) name = cursor.identifier('an index name');
    const declaredAs = (word: string): 'btree' | 'hash' => (word === 'HASH' ? 'hash' : 'btree');
    let declared: 'btree' | 'hash' | undefined;
    if (cursor.acceptWord('USING')) declared = declaredAs(cursor.expectWord('BTREE', 'HASH', 'RTREE').upper);
    const columns = keyParts(cursor);
    const opts = indexOptions(cursor);
    if (opts.using !== undefined) declared = declaredAs(opts.using);
    const indexName = name ?? constraintName ?? autoIndexName(draft, columns);
    if (draft.indexes.some((i) => i.name.toLowerCase() === indexName.toLowerCase())) {
      cursor.fail('duplicate-index', `Duplicate index name "${indexName}"`, null);
    }
    const unique = first === 'UNIQUE';
    if (special === undefined) (draft.declaredKinds ??= new Map()).set(indexName.toLowerCase(), declared);
    draft.indexes.push({
      name: indexName,
      columns,
      unique,
      kind: special ?? effectiveIndexKind(declared, draft.options.engine, unique),
      ...(opts.comment !== undefined ? { comment: opts.comment } : {}),
      ...(opts.ignored ? { ignored: true } : {}),
    });
    return;
  }
  if (cursor.acceptWord('FOREIGN')) {
    cursor.expectWord('KEY');
    let name: string | undefined;
    if (!cursor.isPunct('(')) name = cursor.identifier('a foreign key name');
    const columns = keyParts(cursor).map((c) => c.name);
    cursor.expectWord('REFERENCES');
    const target = cursor.qualifiedName();
    const referencedColumns = keyParts(cursor).map((c) => c.name);
    const fk: Mutable<ForeignKey> = {
      name: constraintName ?? name ?? `${draft.name}_ibfk_${draft.foreignKeys.length + 1}`,
      columns,
      referencedTable: target.name,
      referencedColumns,
      ...(target.database ? { referencedDatabase: target.database } : {}),
    };
    while (cursor.acceptWord('ON', 'MATCH')) {
      if (!cursor.isWord('DELETE', 'UPDATE')) {
        cursor.next();
        continue;
      }
      const which = cursor.next()!.upper;
      if (which === 'DELETE') fk.onDelete = referenceAction(cursor);
      else fk.onUpdate = referenceAction(cursor);
    }
    draft.foreignKeys.push(fk);
    return;
  }
  if (cursor.acceptWord('CHECK')) {
    cursor.parenthesized();
    onNote?.({ code: 'ddl/check-constraint', message: 'CHECK constraints are not modelled', offset });
    return;
  }
  if (cursor.isWord('PERIOD')) {
    onNote?.({ code: 'ddl/period', message: 'PERIOD FOR clauses are not modelled', offset });
    return;
  }
  const parsed = parseColumnDefinitionDetailed(text, { base: offset, ...(onNote ? { onNote } : {}) });
  if (draft.columns.some((c) => c.name.toLowerCase() === parsed.column.name.toLowerCase())) {
    throw new LupoError(
      'ddl/duplicate-column',
      `Duplicate column "${parsed.column.name}" in table "${draft.name}" (offset ${offset})`,
      {
        hint: 'Each column name may appear once per table; remove or rename the duplicate.',
        details: { offset },
      },
    );
  }
  draft.columns.push(parsed.column);
  if (parsed.primaryKey) draft.primaryKey = { columns: [parsed.column.name] };
  if (parsed.unique)
    draft.indexes.push({
      name: autoIndexName(draft, [{ name: parsed.column.name }]),
      columns: [{ name: parsed.column.name }],
      unique: true,
      kind: 'btree',
    });
  if (parsed.references) {
    const r = parsed.references;
    draft.foreignKeys.push({
      name: `${draft.name}_ibfk_${draft.foreignKeys.length + 1}`,
      columns: [parsed.column.name],
      referencedTable: r.table,
      referencedColumns: r.columns,
      ...(r.database ? { referencedDatabase: r.database } : {}),
      ...(r.onDelete ? { onDelete: r.onDelete } : {}),
      ...(r.onUpdate ? { onUpdate: r.onUpdate } : {}),
    });
  }
}

/** Table options after the closing parenthesis. Stops at PARTITION BY. */
function tableOptions(cursor: TokenCursor, options: Mutable<TableOptions>): void {
  while (!cursor.atEnd()) {
    if (cursor.acceptPunct(',')) continue;
    if (cursor.isWord('PARTITION')) return;
    cursor.acceptWord('DEFAULT');
    const t = cursor.next()!;
    const key = t.upper;
    if (key === 'CHARACTER') cursor.expectWord('SET');
    cursor.optionalEquals();
    const valueToken = cursor.next();
    if (!valueToken) cursor.fail('unexpected-token', `Missing value for table option ${t.value}`, null);
    const value = valueToken.value;
    if (key === 'ENGINE' || key === 'TYPE') options.engine = value;
    else if (key === 'CHARSET' || key === 'CHARACTER') options.charset = value.toLowerCase();
    else if (key === 'COLLATE') options.collation = value.toLowerCase();
    else if (key === 'COMMENT') options.comment = value;
    else if (key === 'ROW_FORMAT') options.rowFormat = value.toUpperCase();
    else if (key === 'UNION') cursor.parenthesized();
  }
}

/** Freezes a draft into a Table. */
export function draftToTable(draft: TableDraft, source?: FileLocation): Table {
  const declared = draft.declaredKinds;
  const indexes = declared
    ? draft.indexes.map((index) => {
        const key = index.name.toLowerCase();
        if (!declared.has(key)) return index;
        const kind = effectiveIndexKind(declared.get(key), draft.options.engine, index.unique);
        return kind === index.kind ? index : { ...index, kind };
      })
    : draft.indexes;
  return {
    name: draft.name,
    columns: draft.columns,
    ...(draft.primaryKey ? { primaryKey: draft.primaryKey } : {}),
    indexes,
    foreignKeys: draft.foreignKeys,
    options: draft.options,
    ...(source ? { source } : {}),
  };
}

/** The result of parsing a CREATE TABLE statement, with its database qualifier if any. */
export interface ParsedCreateTable {
  readonly table: Table;
  readonly database?: string;
  readonly ifNotExists: boolean;
}

/** Parses a CREATE TABLE statement, also reporting the database qualifier. */
export function parseCreateTableDetailed(
  sql: string,
  source?: FileLocation,
  onNote?: (note: DdlNote) => void,
): ParsedCreateTable {
  const cursor = new TokenCursor(sql);
  cursor.expectWord('CREATE');
  if (cursor.acceptWord('OR')) cursor.expectWord('REPLACE');
  cursor.acceptWord('TEMPORARY');
  cursor.expectWord('TABLE');
  let ifNotExists = false;
  if (cursor.acceptWord('IF')) {
    cursor.expectWord('NOT');
    cursor.expectWord('EXISTS');
    ifNotExists = true;
  }
  const { database, name } = cursor.qualifiedName();
  const draft: TableDraft = { name, columns: [], indexes: [], foreignKeys: [], options: {} };
  if (database !== undefined) draft.database = database;
  if (cursor.isWord('LIKE', 'AS', 'SELECT'))
    cursor.fail('unsupported', 'CREATE TABLE … LIKE/AS SELECT cannot be read as a definition');
  const body = cursor.parenthesized();
  for (const item of splitTopLevel(body.text, body.start)) applyTableItem(draft, item.text, item.offset, onNote);
  tableOptions(cursor, draft.options);
  if (draft.columns.length === 0) cursor.fail('no-columns', `Table "${name}" declares no columns`, null);
  return { table: draftToTable(draft, source), ...(database !== undefined ? { database } : {}), ifNotExists };
}

/**
 * Parses `CREATE TABLE [IF NOT EXISTS] [db.]name (…) [options]` into a Table with columns,
 * primary key, indexes, foreign keys and options. Throws LupoError `ddl/…` (details.offset).
 */
export function parseCreateTable(sql: string, source?: FileLocation): Table {
  return parseCreateTableDetailed(sql, source).table;
}

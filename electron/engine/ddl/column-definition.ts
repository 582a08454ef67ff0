import type { Column, ColumnDefault, Mutable } from '../../../shared/schema/model';
import { TYPE_SHAPES, TYPE_SYNONYMS, isCharacterType } from './data-types';
import { TokenCursor } from './token-cursor';

/** Something the parser accepted but the model cannot represent (reported as a warning). */
export interface DdlNote {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
}

/** Options of the column parser. */
export interface ParseColumnOptions {
  /** Offset of `text` inside a larger statement (for error offsets). */
  readonly base?: number;
  /** Receives notes such as a stripped `DEFAULT_GENERATED`. */
  readonly onNote?: (note: DdlNote) => void;
}

/** A column plus the inline key/reference clauses that belong to the table. */
export interface ParsedColumn {
  readonly column: Column;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  /** An inline `[CONSTRAINT name] CHECK (…)` (a column-level CHECK on MariaDB). */
  readonly check?: { readonly name?: string; readonly expression: string };
  readonly references?: {
    readonly table: string;
    readonly database?: string;
    readonly columns: readonly string[];
    readonly onDelete?: string;
    readonly onUpdate?: string;
  };
}

const TIME_FUNCTIONS = new Set(['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIME', 'LOCALTIMESTAMP']);

/** Reads `CURRENT_TIMESTAMP[(n)]` and synonyms, normalised to `CURRENT_TIMESTAMP[(n)]`. */
function timeFunction(cursor: TokenCursor): string | null {
  // A Set lookup, not isWord(...list): this runs for every DEFAULT of every column.
  const t = cursor.peek();
  if (t === null || t.kind !== 'word' || !TIME_FUNCTIONS.has(t.upper)) return null;
  cursor.next();
  if (cursor.isPunct('(')) {
    const inner = cursor.parenthesized().text;
    return inner === '' ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${inner})`;
  }
  return 'CURRENT_TIMESTAMP';
}

function parseDefault(cursor: TokenCursor): ColumnDefault {
  const t = cursor.peek();
  if (!t) return cursor.fail('expected-default', 'Expected a default value');
  if (t.kind === 'punct' && t.value === '(') {
    return { kind: 'expression', value: `(${cursor.parenthesized().text})` };
  }
  const time = timeFunction(cursor);
  if (time) return { kind: 'expression', value: time };
  if (t.kind === 'string') {
    cursor.next();
    return { kind: 'literal', value: t.value };
  }
  if (t.kind === 'number') {
    cursor.next();
    return { kind: 'literal', value: t.value };
  }
  if (t.kind === 'punct' && (t.value === '-' || t.value === '+')) {
    cursor.next();
    const n = cursor.peek();
    if (n?.kind !== 'number') return cursor.fail('expected-default', 'Expected a number after the sign');
    cursor.next();
    return { kind: 'literal', value: `${t.value === '-' ? '-' : ''}${n.value}` };
  }
  if (t.kind === 'word') {
    if (t.upper === 'NULL') {
      cursor.next();
      return { kind: 'null' };
    }
    if (t.upper === 'TRUE' || t.upper === 'FALSE') {
      cursor.next();
      return { kind: 'literal', value: t.upper === 'TRUE' ? '1' : '0' };
    }
    cursor.next();
    const after = cursor.peek();
    if (after?.kind === 'string' && after.start === t.end) {
      // x'0A', b'0101', _utf8mb4'text'
      cursor.next();
      if (t.value.startsWith('_')) return { kind: 'literal', value: after.value };
      return { kind: 'literal', value: `${t.value.toLowerCase()}'${after.value}'` };
    }
    if (after?.kind === 'punct' && after.value === '(') {
      return { kind: 'expression', value: `${t.upper}(${cursor.parenthesized().text})` };
    }
    return { kind: 'expression', value: t.upper };
  }
  return cursor.fail('expected-default', 'Expected a default value');
}

/** Reads a type name (incl. `double precision`, `long varchar`, `national char`). */
function parseTypeName(cursor: TokenCursor): string {
  const t = cursor.peek();
  if (!t || t.kind !== 'word') return cursor.fail('expected-type', 'Expected a column type');
  cursor.next();
  let name = t.value.toLowerCase();
  if (name === 'national') name = cursor.expectWord('CHAR', 'CHARACTER', 'VARCHAR').value.toLowerCase();
  if (name === 'character') name = 'char';
  if ((name === 'char' || name === 'nchar') && cursor.acceptWord('VARYING')) name = 'varchar';
  if (name === 'double') cursor.acceptWord('PRECISION');
  if (name === 'long') {
    if (cursor.acceptWord('VARBINARY')) return 'mediumblob';
    cursor.acceptWord('VARCHAR');
    return 'mediumtext';
  }
  return name;
}

/** Parses `(a)` or `(a,b)` integer arguments. */
function numericArgs(cursor: TokenCursor): number[] {
  const args: number[] = [];
  cursor.expectPunct('(');
  do args.push(cursor.integer('a type length'));
  while (cursor.acceptPunct(','));
  cursor.expectPunct(')');
  return args;
}

/**
 * Parses one column definition (`` `name` type [attributes] ``) into a Column, keeping
 * the inline PRIMARY KEY/UNIQUE/REFERENCES clauses apart. Throws LupoError `ddl/…` with
 * the offset on anything it does not understand (unknown type, stray token).
 */
export function parseColumnDefinitionDetailed(text: string, options: ParseColumnOptions = {}): ParsedColumn {
  const cursor = new TokenCursor(text, options.base ?? 0);
  const name = cursor.identifier('a column name');
  const typeToken = cursor.peek();
  let type = parseTypeName(cursor);
  const col: Mutable<Column> = { name, type, unsigned: false, zerofill: false, nullable: true, autoIncrement: false };
  let primaryKey = false;
  let unique = false;
  let check: ParsedColumn['check'];
  let references: Mutable<NonNullable<ParsedColumn['references']>> | undefined;

  if (type === 'bool' || type === 'boolean') {
    col.type = 'tinyint';
    col.displayWidth = 1;
  } else if (type === 'serial') {
    Object.assign(col, { type: 'bigint', unsigned: true, nullable: false, autoIncrement: true });
    unique = true;
  } else {
    type = TYPE_SYNONYMS[type] ?? type;
    col.type = type;
    const shape = TYPE_SHAPES[type];
    if (!shape) return cursor.fail('unknown-type', `Unknown column type "${typeToken?.value ?? type}"`, typeToken);
    if (shape === 'enum') {
      cursor.expectPunct('(');
      const values: string[] = [];
      do values.push(cursor.string('an enum/set value'));
      while (cursor.acceptPunct(','));
      cursor.expectPunct(')');
      col.values = values;
    } else if (cursor.isPunct('(')) {
      if (shape === 'plain') return cursor.fail('unexpected-token', `Type "${type}" takes no arguments`);
      const args = numericArgs(cursor);
      if (args.length > 1 && shape !== 'decimal' && shape !== 'float')
        return cursor.fail('unexpected-token', `Type "${type}" takes one argument`);
      if (shape === 'integer') {
        if (type === 'year') {
          if (args[0] !== 4)
            options.onNote?.({
              code: 'ddl/year-width',
              message: `year(${args[0]}) is stored as year(4)`,
              offset: cursor.base,
            });
        } else col.displayWidth = args[0]!;
      } else if (shape === 'decimal' || shape === 'float') {
        if (shape === 'float' && type === 'float' && args.length === 1) {
          if (args[0]! > 24) col.type = 'double';
        } else {
          col.precision = args[0]!;
          if (args[1] !== undefined) col.scale = args[1];
          else if (shape === 'decimal') col.scale = 0;
        }
      } else if (shape === 'temporal') col.fsp = args[0]!;
      else col.length = args[0]!;
    } else if (type === 'decimal') {
      col.precision = 10;
      col.scale = 0;
    } else if (type === 'char' || type === 'binary') {
      col.length = 1;
    } else if (shape === 'string' || shape === 'binary' || shape === 'bit') {
      if (shape === 'bit') col.length = 1;
      else return cursor.fail('missing-length', `Type "${type}" needs a length, e.g. ${type}(255)`, typeToken);
    }
  }

  for (;;) {
    const t = cursor.peek();
    if (!t) break;
    if (t.kind === 'punct' && t.value === ',')
      return cursor.fail('unexpected-token', 'Unexpected "," (one column per definition)');
    if (t.kind !== 'word') return cursor.fail('unexpected-token', 'Unexpected token');
    cursor.next();
    switch (t.upper) {
      case 'UNSIGNED':
        col.unsigned = true;
        break;
      case 'SIGNED':
        break;
      case 'ZEROFILL':
        col.zerofill = true;
        col.unsigned = true;
        break;
      case 'NOT':
        cursor.expectWord('NULL');
        col.nullable = false;
        break;
      case 'NULL':
        col.nullable = true;
        break;
      case 'DEFAULT':
        col.default = parseDefault(cursor);
        break;
      case 'DEFAULT_GENERATED':
        options.onNote?.({
          code: 'ddl/default-generated',
          message: 'DEFAULT_GENERATED is MySQL 8 information_schema EXTRA text, not DDL; it was ignored',
          offset: cursor.base + t.start,
        });
        break;
      case 'AUTO_INCREMENT':
        col.autoIncrement = true;
        break;
      case 'ON':
        cursor.expectWord('UPDATE');
        col.onUpdate =
          timeFunction(cursor) ?? cursor.fail('unexpected-token', 'Expected CURRENT_TIMESTAMP after ON UPDATE');
        break;
      case 'CHARACTER':
        cursor.expectWord('SET');
        col.charset = cursor.identifier('a character set').toLowerCase();
        break;
      case 'CHARSET':
        col.charset = cursor.identifier('a character set').toLowerCase();
        break;
      case 'ASCII':
        col.charset = 'latin1';
        break;
      case 'UNICODE':
        col.charset = 'ucs2';
        break;
      case 'BINARY':
        options.onNote?.({
          code: 'ddl/binary-attribute',
          message: 'the BINARY attribute (a _bin collation) is not modelled',
          offset: cursor.base + t.start,
        });
        break;
      case 'COLLATE':
        col.collation = cursor.identifier('a collation').toLowerCase();
        break;
      case 'COMMENT':
        col.comment = cursor.string('a comment');
        break;
      case 'PRIMARY':
        cursor.expectWord('KEY');
        primaryKey = true;
        col.nullable = false;
        break;
      case 'KEY':
        primaryKey = true;
        col.nullable = false;
        break;
      case 'UNIQUE':
        cursor.acceptWord('KEY');
        unique = true;
        break;
      case 'GENERATED':
      case 'AS': {
        if (t.upper === 'GENERATED') {
          cursor.expectWord('ALWAYS');
          cursor.expectWord('AS');
        }
        const expr = cursor.parenthesized().text;
        const kind = cursor.acceptWord('VIRTUAL', 'STORED', 'PERSISTENT');
        col.generated = { expression: expr, stored: kind !== null && kind.upper !== 'VIRTUAL' };
        break;
      }
      case 'VIRTUAL':
      case 'STORED':
      case 'PERSISTENT':
        if (!col.generated)
          return cursor.fail('unexpected-token', `${t.upper} without a generated column expression`, t);
        col.generated = { ...col.generated, stored: t.upper !== 'VIRTUAL' };
        break;
      case 'INVISIBLE':
        col.invisible = true;
        break;
      case 'VISIBLE':
        break;
      case 'COLUMN_FORMAT':
      case 'STORAGE':
        cursor.next();
        break;
      case 'SRID': // MySQL 8
        col.srid = cursor.integer('an SRID');
        break;
      case 'REF_SYSTEM_ID': // MariaDB
        cursor.optionalEquals();
        col.srid = cursor.integer('an SRID');
        break;
      case 'CONSTRAINT':
      case 'CHECK': {
        let name: string | undefined;
        if (t.upper === 'CONSTRAINT') {
          if (!cursor.isWord('CHECK')) name = cursor.identifier();
          cursor.expectWord('CHECK');
        }
        const expression = cursor.parenthesized().text.trim();
        check = name === undefined ? { expression } : { name, expression };
        if (cursor.acceptWord('NOT')) cursor.expectWord('ENFORCED');
        else cursor.acceptWord('ENFORCED');
        break;
      }
      case 'REFERENCES': {
        const target = cursor.qualifiedName();
        const cols = cursor
          .parenthesized()
          .text.split(',')
          .map((c) => c.trim().replace(/^`|`$/g, ''));
        references = { table: target.name, ...(target.database ? { database: target.database } : {}), columns: cols };
        while (cursor.isWord('ON', 'MATCH')) {
          if (cursor.acceptWord('MATCH')) {
            cursor.next();
            continue;
          }
          cursor.next();
          const which = cursor.expectWord('DELETE', 'UPDATE').upper;
          const action = referenceAction(cursor);
          if (which === 'DELETE') references.onDelete = action;
          else references.onUpdate = action;
        }
        break;
      }
      default:
        return cursor.fail('unexpected-token', `Unknown column attribute "${t.value}"`, t);
    }
  }
  if (col.charset !== undefined && !isCharacterType(col.type)) delete col.charset;
  // Optional keys assigned, not spread in (two throwaway objects per column otherwise).
  const parsed: Mutable<ParsedColumn> = { column: col, primaryKey, unique };
  if (check) parsed.check = check;
  if (references) parsed.references = references;
  return parsed;
}

/** `RESTRICT | CASCADE | SET NULL | SET DEFAULT | NO ACTION`, upper-case. */
export function referenceAction(cursor: TokenCursor): string {
  const first = cursor.expectWord('RESTRICT', 'CASCADE', 'SET', 'NO').upper;
  if (first === 'SET') return `SET ${cursor.expectWord('NULL', 'DEFAULT').upper}`;
  if (first === 'NO') return `NO ${cursor.expectWord('ACTION').upper}`;
  return first;
}

/**
 * Parses one column DDL string (`` `permission_id` bigint NOT NULL auto_increment ``)
 * into a typed Column. Throws LupoError `ddl/…` (details.offset) when it cannot.
 */
export function parseColumnDefinition(text: string, options: ParseColumnOptions = {}): Column {
  return parseColumnDefinitionDetailed(text, options).column;
}

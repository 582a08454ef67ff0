import type { Finding } from '../../../shared/schema/findings';
import type { Column, FileLocation, Table } from '../../../shared/schema/model';
import { expressionProblem, isPlainOptionWord, ROW_FORMATS } from '../sql/table-options';

/**
 * What MySQL 8 and MariaDB refuse, checked on a loaded definition before anything is
 * planned: a definition the server would reject half-way through an apply (a 65-character
 * name, `varchar(1e+21)`, `decimal(200,100)`, an engine with a `;` in it) is a located error
 * finding at load time instead. Limits are the servers' documented ones.
 */

/** Longest table, column, index and constraint name (both servers). */
export const MAX_NAME_LENGTH = 64;

/** Why a name cannot be an identifier on the server, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  // The usual name, printable ASCII within the length limit, is settled by one native regex
  // test (this runs for every table, column and index name, mostly before the JIT warms up).
  if (PRINTABLE_ASCII_NAME.test(name)) return name.endsWith(' ') ? TRAILING_SPACE : undefined;
  // One pass over the code points (every table, column and index name of a workspace goes
  // through here): count them, and note control and astral characters.
  let characters = 0;
  let control = false;
  let astral = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.codePointAt(i)!;
    characters++;
    if (code > 0xffff) {
      astral = true;
      i++; // the low surrogate of the pair
    }
    // NUL is refused by the server; other control characters and line breaks only serve to
    // disguise a name (and break comments and terminals), so they are refused too.
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) control = true;
  }
  if (characters > MAX_NAME_LENGTH) return `it is ${characters} characters long (at most ${MAX_NAME_LENGTH})`;
  if (control) return 'it contains a control character or line break';
  // Names are stored as 3-byte UTF-8 on both servers: emoji and other astral characters fail.
  if (astral) {
    return 'it contains a character outside the Basic Multilingual Plane (emoji…), which names cannot hold';
  }
  if (name.endsWith(' ')) return TRAILING_SPACE;
  return undefined;
}

/** A name of 1 to MAX_NAME_LENGTH printable ASCII characters (no control, no astral character). */
const PRINTABLE_ASCII_NAME = new RegExp(`^[\\x20-\\x7e]{1,${MAX_NAME_LENGTH}}$`);
const TRAILING_SPACE = 'it ends with a space (the server refuses that)';

const LIMITS: Readonly<Record<string, { readonly length?: number }>> = {
  char: { length: 255 },
  binary: { length: 255 },
  varchar: { length: 65_535 },
  varbinary: { length: 65_535 },
  bit: { length: 64 },
};

/** Why a type argument is not a whole number, or undefined (also when absent). */
function wholeNumberProblem(what: string, value: number | undefined): string | undefined {
  if (value === undefined || (Number.isSafeInteger(value) && value >= 0)) return undefined;
  return `its ${what} ${String(value)} is not a whole number`;
}

/** Why the column's type arguments are out of the server's range, or undefined. */
export function columnSizeProblem(column: Column): string | undefined {
  const notWhole =
    wholeNumberProblem('length', column.length) ??
    wholeNumberProblem('precision', column.precision) ??
    wholeNumberProblem('scale', column.scale) ??
    wholeNumberProblem('fractional seconds', column.fsp) ??
    wholeNumberProblem('display width', column.displayWidth);
  if (notWhole) return notWhole;
  const type = column.type.toLowerCase();
  const limit = LIMITS[type]?.length;
  if (limit !== undefined && column.length !== undefined && column.length > limit) {
    return `${type}(${column.length}) is longer than ${type} allows (${limit})`;
  }
  if (
    (type === 'decimal' || type === 'numeric' || type === 'dec' || type === 'fixed') &&
    column.precision !== undefined
  ) {
    if (column.precision > 65) return `${type}(${column.precision}, …) has more than 65 digits`;
    if ((column.scale ?? 0) > 30) return `${type} scale ${column.scale} is more than 30`;
    if ((column.scale ?? 0) > column.precision)
      return `${type} scale ${column.scale} exceeds its precision ${column.precision}`;
  }
  if ((type === 'float' || type === 'double' || type === 'real') && column.precision !== undefined) {
    if (column.precision > 255 || (column.scale ?? 0) > 30)
      return `${type}(${column.precision}, ${column.scale}) is out of range`;
  }
  if (column.fsp !== undefined && column.fsp > 6) return `fractional seconds ${column.fsp} is more than 6`;
  if (column.displayWidth !== undefined && column.displayWidth > 255)
    return `display width ${column.displayWidth} is more than 255`;
  if (column.values !== undefined) {
    if (type === 'enum' && column.values.length > 65_535) return 'an ENUM has at most 65535 values';
    if (type === 'set' && column.values.length > 64) return 'a SET has at most 64 members';
    if (column.values.some((v) => v.includes('\u0000'))) return 'a value contains NUL';
  }
  return undefined;
}

/**
 * Error findings for everything in `table` the server would refuse or that could end the
 * SQL it sits in: names (length, control characters, trailing space), type sizes, the
 * engine/charset/collation/row format words, and DEFAULT / ON UPDATE / generated
 * expressions that are not one balanced expression. Each points at the column's line, or
 * at the table's line (or the option's, via `locate`) for table-level problems.
 */
export function serverLimitFindings(
  table: Table,
  file: string,
  locate?: (path: string) => { line: number; column: number },
): Finding[] {
  const findings: Finding[] = [];
  const tableAt: FileLocation = table.source ?? { kind: 'file', file, line: 1 };
  const at = (path: string): FileLocation => {
    const found = locate?.(path);
    return found && found.line > 1 ? { kind: 'file', file, line: found.line, column: found.column } : tableAt;
  };
  const add = (code: string, message: string, location: FileLocation, hint: string): void => {
    findings.push({ code, severity: 'error', message, hint, location });
  };
  const shown = JSON.stringify(table.name);
  const tableName = nameProblem(table.name);
  if (tableName) add('definition/invalid-name', `Table name ${shown}: ${tableName}`, tableAt, 'Rename the table.');
  // The checks below run for every column of every definition: the label is built only
  // when a finding needs it, and the helpers are created once per table, not per column.
  const label = (column: Column): string => `Table ${shown}, column ${JSON.stringify(column.name)}`;
  const optionWord = (column: Column, where: FileLocation, what: string, value: string | undefined): void => {
    if (value === undefined || isPlainOptionWord(value)) return;
    add(
      'definition/invalid-option',
      `${label(column)}: the ${what} ${JSON.stringify(value)} is not a valid name`,
      where,
      `Use a ${what} the server lists (letters, digits, underscores).`,
    );
  };
  const expression = (column: Column, where: FileLocation, what: string, value: string | undefined): void => {
    const problem = value === undefined ? undefined : expressionProblem(value);
    if (!problem) return;
    add(
      'definition/invalid-expression',
      `${label(column)}: the ${what} expression is not valid (${problem})`,
      where,
      'Write one balanced SQL expression without ";" or comments.',
    );
  };
  for (const column of table.columns) {
    const where = column.source ?? tableAt;
    const name = nameProblem(column.name);
    if (name)
      add('definition/invalid-name', `${label(column)}: the name is not valid (${name})`, where, 'Rename the column.');
    const size = columnSizeProblem(column);
    if (size) add('definition/invalid-size', `${label(column)}: ${size}`, where, 'Use a size the server accepts.');
    optionWord(column, where, 'character set', column.charset);
    optionWord(column, where, 'collation', column.collation);
    expression(column, where, 'DEFAULT', column.default?.kind === 'expression' ? column.default.value : undefined);
    expression(column, where, 'ON UPDATE', column.onUpdate);
    expression(column, where, 'generated column', column.generated?.expression);
  }
  for (const index of table.indexes) {
    const problem = nameProblem(index.name);
    if (problem)
      add(
        'definition/invalid-name',
        `Table ${shown}: index name ${JSON.stringify(index.name)} is not valid (${problem})`,
        tableAt,
        'Rename the index.',
      );
    for (const c of index.columns) {
      if (c.length !== undefined && (!Number.isSafeInteger(c.length) || c.length < 1 || c.length > 65_535)) {
        add(
          'definition/invalid-size',
          `Table ${shown}: index ${JSON.stringify(index.name)} prefix length ${c.length} is out of range`,
          tableAt,
          'Use a prefix length the server accepts.',
        );
      }
    }
  }
  const o = table.options;
  for (const [key, what, value] of [
    ['engine', 'engine', o.engine],
    ['charset', 'character set', o.charset],
    ['collation', 'collation', o.collation],
    ['row_format', 'row format', o.rowFormat],
  ] as const) {
    if (value === undefined) continue;
    const bad = !isPlainOptionWord(value) || (key === 'row_format' && !ROW_FORMATS.has(value.toUpperCase()));
    if (bad) {
      add(
        'definition/invalid-option',
        `Table ${shown}: the ${what} ${JSON.stringify(value)} is not a valid name`,
        at(key),
        `Use an ${what} the server lists (letters, digits, underscores).`,
      );
    }
  }
  return findings;
}

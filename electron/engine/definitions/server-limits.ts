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
  if ([...name].length > MAX_NAME_LENGTH)
    return `it is ${[...name].length} characters long (at most ${MAX_NAME_LENGTH})`;
  // NUL is refused by the server; other control characters and line breaks only serve to
  // disguise a name (and break comments and terminals), so they are refused too.
  const control = [...name].some((char) => {
    const code = char.codePointAt(0)!;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
  });
  if (control) return 'it contains a control character or line break';
  // Names are stored as 3-byte UTF-8 on both servers: emoji and other astral characters fail.
  if ([...name].some((char) => char.codePointAt(0)! > 0xffff)) {
    return 'it contains a character outside the Basic Multilingual Plane (emoji…), which names cannot hold';
  }
  if (/ $/.test(name)) return 'it ends with a space (the server refuses that)';
  return undefined;
}

const LIMITS: Readonly<Record<string, { readonly length?: number }>> = {
  char: { length: 255 },
  binary: { length: 255 },
  varchar: { length: 65_535 },
  varbinary: { length: 65_535 },
  bit: { length: 64 },
};

/** Why the column's type arguments are out of the server's range, or undefined. */
export function columnSizeProblem(column: Column): string | undefined {
  const integer = (value: number | undefined): boolean => value === undefined || Number.isSafeInteger(value);
  for (const [what, value] of [
    ['length', column.length],
    ['precision', column.precision],
    ['scale', column.scale],
    ['fractional seconds', column.fsp],
    ['display width', column.displayWidth],
  ] as const) {
    if (!integer(value) || (value !== undefined && value < 0))
      return `its ${what} ${String(value)} is not a whole number`;
  }
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
  for (const column of table.columns) {
    const where = column.source ?? tableAt;
    const label = `Table ${shown}, column ${JSON.stringify(column.name)}`;
    const name = nameProblem(column.name);
    if (name) add('definition/invalid-name', `${label}: the name is not valid (${name})`, where, 'Rename the column.');
    const size = columnSizeProblem(column);
    if (size) add('definition/invalid-size', `${label}: ${size}`, where, 'Use a size the server accepts.');
    for (const [what, value] of [
      ['character set', column.charset],
      ['collation', column.collation],
    ] as const) {
      if (value !== undefined && !isPlainOptionWord(value)) {
        add(
          'definition/invalid-option',
          `${label}: the ${what} ${JSON.stringify(value)} is not a valid name`,
          where,
          `Use a ${what} the server lists (letters, digits, underscores).`,
        );
      }
    }
    for (const [what, value] of [
      ['DEFAULT', column.default?.kind === 'expression' ? column.default.value : undefined],
      ['ON UPDATE', column.onUpdate],
      ['generated column', column.generated?.expression],
    ] as const) {
      const problem = value === undefined ? undefined : expressionProblem(value);
      if (problem) {
        add(
          'definition/invalid-expression',
          `${label}: the ${what} expression is not valid (${problem})`,
          where,
          'Write one balanced SQL expression without ";" or comments.',
        );
      }
    }
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

import type { RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';

/**
 * Table and column options that go into DDL as bare words — ENGINE, (DEFAULT) CHARSET,
 * COLLATE, a column's CHARACTER SET/COLLATE, ROW_FORMAT — cannot be quoted (the server reads
 * them as names, not strings), so they are validated instead: a plain-name pattern on every
 * path (create, alter, rollback, backup), and, when connected, the server's own lists
 * (`information_schema.ENGINES`, `CHARACTER_SETS`, `COLLATIONS`). Expressions (DEFAULT (…),
 * GENERATED ALWAYS AS (…), ON UPDATE) are checked to be one balanced expression.
 */

/** What a bare option word may look like: letters, digits, underscores, at most 64 chars. */
const PLAIN_WORD = /^[A-Za-z0-9_]{1,64}$/;

/** The ROW_FORMAT values MySQL 8 and MariaDB accept. */
export const ROW_FORMATS: ReadonlySet<string> = new Set([
  'DEFAULT',
  'DYNAMIC',
  'FIXED',
  'COMPRESSED',
  'REDUNDANT',
  'COMPACT',
  'PAGE',
]);

/** The kind of option a word is (what the error names). */
export type OptionKind = 'engine' | 'character set' | 'collation' | 'row format';

/** True when `value` is a plain option word (letters, digits, underscores, 1–64 chars). */
export function isPlainOptionWord(value: string): boolean {
  return PLAIN_WORD.test(value);
}

/**
 * Returns `value` when it is a plain option word (and, for row formats, one the servers
 * know); throws `sql/invalid-option` naming the table otherwise. Every generator calls this
 * right where it writes the word, so no path can forget it.
 */
export function optionWord(value: string, kind: OptionKind, where: string): string {
  const ok = isPlainOptionWord(value) && (kind !== 'row format' || ROW_FORMATS.has(value.toUpperCase()));
  if (ok) return value;
  throw new LupoError('sql/invalid-option', `${where}: the ${kind} ${JSON.stringify(value)} is not a valid name.`, {
    hint:
      kind === 'row format'
        ? `Use one of ${[...ROW_FORMATS].join(', ')}.`
        : `Correct the ${kind} in the definition (letters, digits and underscores only, as the server lists them).`,
    details: { option: kind, value },
  });
}

/**
 * Returns an SQL expression (a DEFAULT, ON UPDATE or generated-column expression) when it is
 * one balanced expression: no `;`, no comment, no unterminated quote, parentheses balanced
 * and never closing below zero — so it cannot end the clause it sits in. Throws
 * `sql/invalid-expression` otherwise.
 */
export function safeExpression(expression: string, what: string, where: string): string {
  const problem = expressionProblem(expression);
  if (problem === undefined) return expression;
  throw new LupoError('sql/invalid-expression', `${where}: the ${what} expression is not valid (${problem}).`, {
    hint: 'Write the expression as one balanced SQL expression, without ";" or comments.',
    details: { expression: expression.slice(0, 200) },
  });
}

/** Why `expression` is not one balanced expression, or undefined when it is. */
export function expressionProblem(expression: string): string | undefined {
  if (expression.trim() === '') return 'empty';
  let depth = 0;
  let i = 0;
  const t = expression;
  while (i < t.length) {
    const c = t[i]!;
    const code = c.charCodeAt(0);
    if (code < 0x20 && c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return 'control character';
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        const d = t[j];
        if (d === undefined) return 'unterminated quote';
        if (d === '\\' && c !== '`') j += 2;
        else if (d === c && t[j + 1] === c) j += 2;
        else if (d === c) break;
        else j++;
      }
      i = j + 1;
      continue;
    }
    if (c === ';') return '";"';
    if (
      c === '#' ||
      (c === '-' && t[i + 1] === '-' && /^[\s]?$/.test(t[i + 2] ?? '')) ||
      (c === '/' && t[i + 1] === '*') ||
      (c === '*' && t[i + 1] === '/')
    )
      return 'comment';
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return 'unbalanced ")"';
    i++;
  }
  return depth === 0 ? undefined : 'unbalanced "("';
}

/** The engines, character sets and collations one server accepts (upper-cased names). */
export interface ServerOptionLists {
  readonly engines: ReadonlySet<string>;
  readonly charsets: ReadonlySet<string>;
  readonly collations: ReadonlySet<string>;
}

/** Reads the server's own option lists from information_schema (engines that are usable only). */
export async function readServerOptionLists(db: {
  query<T extends RowDataPacket[]>(sql: string): Promise<[T, unknown]>;
}): Promise<ServerOptionLists> {
  const [engines] = await db.query<RowDataPacket[]>(
    "SELECT ENGINE AS n FROM information_schema.ENGINES WHERE SUPPORT IN ('YES', 'DEFAULT')",
  );
  const [charsets] = await db.query<RowDataPacket[]>(
    'SELECT CHARACTER_SET_NAME AS n FROM information_schema.CHARACTER_SETS',
  );
  const [collations] = await db.query<RowDataPacket[]>('SELECT COLLATION_NAME AS n FROM information_schema.COLLATIONS');
  const set = (rows: RowDataPacket[]): Set<string> => new Set(rows.map((r) => String(r.n).toUpperCase()));
  return { engines: set(engines), charsets: set(charsets), collations: set(collations) };
}

/** One option of a table or column, as `checkOptionsAgainstServer` reads it. */
export interface NamedOption {
  readonly kind: Exclude<OptionKind, 'row format'>;
  readonly value: string;
  /** Where it is declared, e.g. "table `orders`" or "column `orders`.`note`". */
  readonly where: string;
}

/**
 * The options the server does not know, as messages (`table \`t\`: unknown engine "X"`).
 * Used at plan time when connected, so a typo is an error before any statement runs.
 */
export function unknownOptions(options: readonly NamedOption[], lists: ServerOptionLists): string[] {
  const out: string[] = [];
  for (const o of options) {
    const list = o.kind === 'engine' ? lists.engines : o.kind === 'character set' ? lists.charsets : lists.collations;
    // `utf8` is an alias of utf8mb3 (both servers list only the latter).
    const alias = o.value.toUpperCase().replace(/^UTF8(?=_|$)/, 'UTF8MB3');
    if (!list.has(o.value.toUpperCase()) && !list.has(alias)) {
      out.push(`${o.where}: the server has no ${o.kind} ${JSON.stringify(o.value)}`);
    }
  }
  return out;
}

const FK_ACTIONS = new Set(['RESTRICT', 'CASCADE', 'SET NULL', 'NO ACTION', 'SET DEFAULT']);

/** A foreign key's ON DELETE/ON UPDATE action, when it is one the servers know; throws otherwise. */
export function foreignKeyAction(action: string, foreignKey: string): string {
  if (FK_ACTIONS.has(action.trim().replace(/\s+/g, ' ').toUpperCase())) return action.trim();
  throw new LupoError(
    'sql/invalid-option',
    `Foreign key \`${foreignKey}\`: the action ${JSON.stringify(action)} is not valid.`,
    {
      hint: `Use one of ${[...FK_ACTIONS].join(', ')}.`,
    },
  );
}

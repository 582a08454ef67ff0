import { LupoError } from '../../../shared/errors';
import type { CheckConstraint } from '../../../shared/schema/model';
import { quoteIdentifier } from '../sql/identifier';

/**
 * SQL text a definition carries verbatim (CHECK conditions, partitioning clauses) must be
 * one expression, never a way to smuggle a second statement: quotes and parentheses
 * balance, and outside string literals there is no `;`, no comment (`--`, `#`, `/*`).
 * Throws LupoError `sqlgen/unsafe-fragment` naming the table and what is wrong.
 */
export function assertSqlFragment(text: string, what: string): void {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) {
        if (text[i + 1] === quote) i++;
        else quote = undefined;
      }
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ';' || ch === '#' || (ch === '-' && text[i + 1] === '-') || (ch === '/' && text[i + 1] === '*'))
      fail(what, `contains "${ch === '/' ? '/*' : ch === '-' ? '--' : ch}" outside a string`);
    if (depth < 0) fail(what, 'closes a parenthesis it never opened');
  }
  if (quote !== undefined) fail(what, `has an unterminated ${quote} quote`);
  if (depth !== 0) fail(what, 'has unbalanced parentheses');
}

function fail(what: string, problem: string): never {
  throw new LupoError('sqlgen/unsafe-fragment', `${what} ${problem}.`, {
    hint: 'Write a single SQL expression: no statement separators or comments outside string literals.',
  });
}

/**
 * `CONSTRAINT \`name\` CHECK (condition)`, or `CHECK (condition)` for the inline form of a
 * MariaDB column-level CHECK; the condition is checked by assertSqlFragment.
 */
export function renderCheckDefinition(check: CheckConstraint, inline = false): string {
  assertSqlFragment(check.expression, `The CHECK constraint "${check.name}"`);
  return inline
    ? `CHECK (${check.expression})`
    : `CONSTRAINT ${quoteIdentifier(check.name)} CHECK (${check.expression})`;
}

const PARTITION_BY = /^\s*PARTITION\s+BY\s+(LINEAR\s+)?(HASH|KEY|RANGE|LIST|SYSTEM_TIME)\b/i;

/** A partitioning clause as it goes after the table options (must start with `PARTITION BY`). */
export function renderPartitioning(clause: string): string {
  if (!PARTITION_BY.test(clause))
    fail('The partitioning clause', 'does not start with PARTITION BY HASH|KEY|RANGE|LIST');
  assertSqlFragment(clause, 'The partitioning clause');
  return clause.trim();
}

import { LupoError } from '../../../shared/errors';
import type { CheckConstraint } from '../../../shared/schema/model';
import { quoteIdentifier } from '../sql/identifier';
import { expressionProblem } from '../sql/table-options';

/**
 * SQL text a definition carries verbatim (CHECK conditions, partitioning clauses) must be
 * one expression, never a way to smuggle a second statement: quotes and parentheses
 * balance, and outside string literals there is no `;`, no comment (`--`, `#`, `/*`).
 * Throws LupoError `sqlgen/unsafe-fragment` naming the table and what is wrong.
 */
export function assertSqlFragment(text: string, what: string): void {
  // The same reading as every other verbatim expression (sql/table-options.ts).
  const problem = expressionProblem(text);
  if (problem !== undefined) fail(what, `is not one balanced SQL expression: ${problem} outside a string`);
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

import { canonicalType } from '../../diff/normalize';
import { isIdColumnName } from '../naming';
import { defineRule, type RuleFinding } from '../types';

interface IdShape {
  readonly name: string;
  readonly type: string;
  readonly displayWidth?: number;
  readonly unsigned: boolean;
}

function problem(column: IdShape): string | undefined {
  const issues: string[] = [];
  if (canonicalType(column.type) !== 'bigint') issues.push(`is ${column.type.toUpperCase()}`);
  if (column.displayWidth !== undefined) issues.push(`has display width (${column.displayWidth})`);
  if (column.unsigned) issues.push('is UNSIGNED');
  return issues.length === 0
    ? undefined
    : `Id column \`${column.name}\` ${issues.join(', ')}: declare it as plain BIGINT (no display width, not UNSIGNED).`;
}

/** Ids are `BIGINT` without display width or UNSIGNED (the "BIGINT pattern"): `*_id` columns and primary-key columns. */
export const bigintIds = defineRule({
  id: 'bigint-ids',
  description: 'Id columns (`*_id` and primary-key columns) are BIGINT without display width or UNSIGNED.',
  defaultSeverity: 'error',
  defaultOptions: { namedIds: true },
  check: {
    table: (table, context) => {
      const keyColumns = new Set((table.primaryKey?.columns ?? []).map((name) => name.toLowerCase()));
      const findings: RuleFinding[] = [];
      for (const column of table.columns) {
        const isId =
          keyColumns.has(column.name.toLowerCase()) || (context.options.namedIds && isIdColumnName(column.name));
        const message = isId ? problem(column) : undefined;
        if (message) findings.push({ table: table.name, column: column.name, message });
      }
      return findings;
    },
    statement: (view, context) =>
      view.columns.flatMap((column) => {
        if (!context.options.namedIds || !isIdColumnName(column.name)) return [];
        const message = problem({
          name: column.name,
          type: column.type,
          unsigned: column.unsigned,
          ...(column.typeArgs.length > 0 && canonicalType(column.type) !== 'decimal'
            ? { displayWidth: column.typeArgs[0]! }
            : {}),
        });
        return message ? [{ message, lineOffset: column.lineOffset }] : [];
      }),
  },
});

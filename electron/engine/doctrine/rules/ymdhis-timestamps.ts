import { canonicalType } from '../../diff/normalize';
import { defineRule, type RuleFinding } from '../types';

interface TimeShape {
  readonly name: string;
  readonly type: string;
}

function problem(
  column: TimeShape,
  options: { forbiddenTypes: readonly string[]; suffix: string },
): string | undefined {
  const type = canonicalType(column.type);
  if (options.forbiddenTypes.includes(type)) {
    const name = column.name.toLowerCase().endsWith(options.suffix)
      ? column.name
      : `${column.name.replace(/_(at|on|date|time)$/i, '')}${options.suffix}`;
    return `Column \`${column.name}\` is ${type.toUpperCase()}: store UTC time as BIGINT YYYYMMDDHHMMSS in a column named \`${name}\`.`;
  }
  if (column.name.toLowerCase().endsWith(options.suffix) && type !== 'bigint') {
    return `Column \`${column.name}\` is ${type.toUpperCase()}: \`*${options.suffix}\` columns hold BIGINT YYYYMMDDHHMMSS; change its type to BIGINT.`;
  }
  return undefined;
}

/** Timestamps are BIGINT UTC `YYYYMMDDHHMMSS` in `*_ymdhis` columns; no DATETIME/TIMESTAMP/DATE. */
export const ymdhisTimestamps = defineRule({
  id: 'ymdhis-timestamps',
  description: 'No DATETIME/TIMESTAMP/DATE columns; timestamps are BIGINT UTC YYYYMMDDHHMMSS named `*_ymdhis`.',
  defaultSeverity: 'error',
  defaultOptions: { forbiddenTypes: ['datetime', 'timestamp', 'date'] as readonly string[], suffix: '_ymdhis' },
  check: {
    table: (table, context) => {
      const findings: RuleFinding[] = [];
      for (const column of table.columns) {
        const message = problem(column, context.options);
        if (message) findings.push({ table: table.name, column: column.name, message });
      }
      return findings;
    },
    statement: (view, context) =>
      view.columns.flatMap((column): RuleFinding[] => {
        const message = problem(column, context.options);
        return message ? [{ message, lineOffset: column.lineOffset }] : [];
      }),
  },
});

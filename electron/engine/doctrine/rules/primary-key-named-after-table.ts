import { expectedPrimaryKeyName } from '../naming';
import { defineRule } from '../types';

/** Every table has a single-column primary key named after the table's singular (`lupo_permissions` → `permission_id`). */
export const primaryKeyNamedAfterTable = defineRule({
  id: 'primary-key-named-after-table',
  description: 'Every table has a single-column primary key named `<singular of the table name without prefix>_id`.',
  defaultSeverity: 'error',
  defaultOptions: { prefixes: ['lupo_'] as readonly string[] },
  check: {
    table: (table, context) => {
      const expected = expectedPrimaryKeyName(table.name, context.options.prefixes);
      const columns = table.primaryKey?.columns ?? [];
      if (columns.length === 0) {
        return [
          {
            table: table.name,
            message: `Table ${table.name} has no primary key: add \`${expected}\` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY.`,
          },
        ];
      }
      if (columns.length > 1) {
        return [
          {
            table: table.name,
            message: `Table ${table.name} has a composite primary key (${columns.join(', ')}): use a single \`${expected}\` key and a UNIQUE index on (${columns.join(', ')}).`,
          },
        ];
      }
      const actual = columns[0]!;
      return actual.toLowerCase() === expected
        ? []
        : [
            {
              table: table.name,
              column: actual,
              message: `Primary key of ${table.name} is \`${actual}\`: rename it to \`${expected}\`.`,
            },
          ];
    },
  },
});

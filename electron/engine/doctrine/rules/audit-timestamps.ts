import { hasColumn } from '../naming';
import { defineRule } from '../types';

/** Every table records when rows were created and last updated (`created_ymdhis`, `updated_ymdhis`). */
export const auditTimestamps = defineRule({
  id: 'audit-timestamps',
  description: 'Every table has `created_ymdhis` and `updated_ymdhis` BIGINT columns.',
  defaultSeverity: 'warning',
  defaultOptions: {
    columns: ['created_ymdhis', 'updated_ymdhis'] as readonly string[],
    exemptTables: [] as readonly string[],
  },
  check: {
    table: (table, { options }) => {
      if (options.exemptTables.some((name) => name.toLowerCase() === table.name.toLowerCase())) return [];
      const missing = options.columns.filter((name) => !hasColumn(table, name));
      return missing.length === 0
        ? []
        : [
            {
              table: table.name,
              message: `Table ${table.name} lacks ${missing.map((n) => `\`${n}\``).join(', ')}: add ${missing.map((n) => `\`${n}\` BIGINT NOT NULL`).join(', ')}.`,
            },
          ];
    },
  },
});

import { hasColumn } from '../naming';
import { defineRule } from '../types';

/** Rows are deleted softly: every table has `is_deleted` and `deleted_ymdhis`. */
export const softDelete = defineRule({
  id: 'soft-delete',
  description: 'Every table supports soft delete through `is_deleted` and `deleted_ymdhis` columns.',
  defaultSeverity: 'warning',
  defaultOptions: {
    flagColumn: 'is_deleted',
    timestampColumn: 'deleted_ymdhis',
    exemptTables: [] as readonly string[],
  },
  check: {
    table: (table, { options }) => {
      if (options.exemptTables.some((name) => name.toLowerCase() === table.name.toLowerCase())) return [];
      const missing = [options.flagColumn, options.timestampColumn].filter((name) => !hasColumn(table, name));
      if (missing.length === 0) return [];
      const ddl = missing.map((name) =>
        name === options.flagColumn ? `\`${name}\` TINYINT NOT NULL DEFAULT 0` : `\`${name}\` BIGINT NULL`,
      );
      return [
        {
          table: table.name,
          message: `Table ${table.name} lacks soft-delete column(s) ${missing.map((n) => `\`${n}\``).join(', ')}: add ${ddl.join(', ')}.`,
        },
      ];
    },
  },
});

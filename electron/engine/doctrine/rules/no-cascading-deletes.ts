import { matchLineOffset } from '../statement-view';
import { defineRule } from '../types';

/** No cascading deletes: rows are soft-deleted, never removed by a cascade. */
export const noCascadingDeletes = defineRule({
  id: 'no-cascading-deletes',
  description: 'No ON DELETE CASCADE; delete softly (is_deleted) under application control.',
  defaultSeverity: 'error',
  defaultOptions: {},
  check: {
    table: (table) =>
      table.foreignKeys
        .filter((key) => key.onDelete?.toUpperCase() === 'CASCADE')
        .map((key) => ({
          table: table.name,
          column: key.columns[0],
          message: `Foreign key \`${key.name}\` cascades deletes: remove it; soft-delete rows through is_deleted instead.`,
        })),
    statement: (view) => {
      const lineOffset = matchLineOffset(view, /\bON\s+DELETE\s+CASCADE\b/);
      return lineOffset === undefined
        ? []
        : [
            {
              lineOffset,
              message:
                'ON DELETE CASCADE is not allowed: remove the cascade (and the foreign key); soft-delete through is_deleted.',
            },
          ];
    },
  },
});

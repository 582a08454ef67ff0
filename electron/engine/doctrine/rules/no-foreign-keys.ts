import { matchLineOffset } from '../statement-view';
import { defineRule } from '../types';

/** No foreign keys: the system keeps referential integrity in the application. */
export const noForeignKeys = defineRule({
  id: 'no-foreign-keys',
  description: 'Tables declare no FOREIGN KEY constraints; relations are kept by the application.',
  defaultSeverity: 'error',
  defaultOptions: {},
  check: {
    table: (table) =>
      table.foreignKeys.map((key) => ({
        table: table.name,
        column: key.columns[0],
        message: `Foreign key \`${key.name}\` on ${table.name}(${key.columns.join(', ')}) → ${key.referencedTable}: remove it (ALTER TABLE … DROP FOREIGN KEY \`${key.name}\`) and keep an index on the column instead.`,
      })),
    statement: (view) => {
      const lineOffset = matchLineOffset(view, /\bFOREIGN\s+KEY\b|\bREFERENCES\s/);
      return lineOffset === undefined
        ? []
        : [
            {
              lineOffset,
              message:
                'The statement declares a FOREIGN KEY / REFERENCES constraint: remove the constraint and keep a plain index on the column.',
            },
          ];
    },
  },
});

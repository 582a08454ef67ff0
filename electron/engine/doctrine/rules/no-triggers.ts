import { defineRule } from '../types';

/** No triggers: behaviour lives in the application, not hidden in the database. */
export const noTriggers = defineRule({
  id: 'no-triggers',
  description: 'No triggers in any database; move the behaviour into the application.',
  defaultSeverity: 'error',
  defaultOptions: {},
  check: {
    database: (database) =>
      database.forbiddenObjects
        .filter((object) => object.kind === 'trigger')
        .map((object) => ({
          ...(object.source ? { location: object.source } : {}),
          ...(object.table ? { table: object.table } : {}),
          message: `Trigger \`${object.name}\`${object.table ? ` on ${object.table}` : ''}: drop it (DROP TRIGGER IF EXISTS \`${object.name}\`) and do its work in the application.`,
        })),
    statement: (view) =>
      /^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?TRIGGER\b/.test(view.upper)
        ? [{ message: 'CREATE TRIGGER is not allowed: do this work in the application instead of a trigger.' }]
        : [],
  },
});

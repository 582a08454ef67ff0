import { defineRule } from '../types';

/** No scheduled events: scheduling belongs to the application's job runner. */
export const noEvents = defineRule({
  id: 'no-events',
  description: 'No scheduled events; schedule work in the application.',
  defaultSeverity: 'error',
  defaultOptions: {},
  check: {
    database: (database) =>
      database.forbiddenObjects
        .filter((object) => object.kind === 'event')
        .map((object) => ({
          ...(object.source ? { location: object.source } : {}),
          message: `Event \`${object.name}\`: drop it (DROP EVENT IF EXISTS \`${object.name}\`) and schedule the work in the application.`,
        })),
    statement: (view) =>
      /^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?EVENT\b/.test(view.upper)
        ? [{ message: 'CREATE EVENT is not allowed: schedule the work in the application.' }]
        : [],
  },
});

import { defineRule } from '../types';

const CREATE_ROUTINE = /^\s*CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*\S+\s+)?(AGGREGATE\s+)?(PROCEDURE|FUNCTION)\b/;

/** No stored procedures or functions: logic lives in the application. */
export const noRoutines = defineRule({
  id: 'no-routines',
  description: 'No stored procedures or functions; implement the logic in the application.',
  defaultSeverity: 'error',
  defaultOptions: {},
  check: {
    database: (database) =>
      database.forbiddenObjects
        .filter((object) => object.kind === 'procedure' || object.kind === 'function')
        .map((object) => ({
          ...(object.source ? { location: object.source } : {}),
          message: `Stored ${object.kind} \`${object.name}\`: drop it (DROP ${object.kind.toUpperCase()} IF EXISTS \`${object.name}\`) and implement it in the application.`,
        })),
    statement: (view) => {
      const match = CREATE_ROUTINE.exec(view.upper);
      return match
        ? [
            {
              message: `CREATE ${match[4]} is not allowed: implement the logic in the application, not as a stored ${match[4]!.toLowerCase()}.`,
            },
          ]
        : [];
    },
  },
});

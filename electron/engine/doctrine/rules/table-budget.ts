import { computeBudget } from '../../budget/compute-budget';
import { defineRule, type RuleFinding } from '../types';

/** The number of tables stays within `tableBudget` (total and per role). Plans are checked by the budget module. */
export const tableBudget = defineRule({
  id: 'table-budget',
  description: 'The system holds at most tableBudget.total tables (and tableBudget.perRole per database).',
  defaultSeverity: 'error',
  defaultOptions: {},
  check: {
    model: (model, { config }) => {
      const status = computeBudget(model, undefined, config);
      const findings: RuleFinding[] = [];
      if (status.total.current > status.total.max) {
        const over = status.total.current - status.total.max;
        findings.push({
          message: `${status.total.current} tables exceed the budget of ${status.total.max} by ${over}: drop or merge ${over} table(s), or raise tableBudget.total.`,
        });
      }
      return findings;
    },
    database: (database, { config, role }) => {
      const max = config.tableBudget.perRole[role];
      if (max === undefined || database.tables.length <= max) return [];
      const over = database.tables.length - max;
      return [
        {
          message: `The ${role} database holds ${database.tables.length} tables, ${over} over its budget of ${max}: drop or merge ${over} table(s), or raise tableBudget.perRole.${role}.`,
        },
      ];
    },
  },
});

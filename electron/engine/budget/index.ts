/** Table budget: counts per role and in total against the configured maximum. */
export {
  computeBudget,
  budgetFromCounts,
  targetDatabaseBudget,
  describeBudget,
  budgetFindings,
  type BudgetStatus,
  type PlannedCounts,
  type RoleBudget,
} from './compute-budget';
export { readRoleTableCounts } from './live-counts';

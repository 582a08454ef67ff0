/** Table budget: counts per role and in total against the configured maximum. */
export {
  computeBudget,
  budgetFindings,
  type BudgetStatus,
  type PlannedCounts,
  type RoleBudget,
} from './compute-budget';

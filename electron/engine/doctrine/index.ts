/** Doctrine: the house rules, one module per rule (DESIGN §2, §8.7). */
export { doctrineRules } from './rules';
export { lintModel, lintStatements, configureRules, type ConfiguredRule } from './runner';
export { expectedPrimaryKeyName, singularize } from './naming';
export { viewStatement, maskSql, type StatementView, type StatementColumn } from './statement-view';
export type { DoctrineRule, RuleFinding, RuleChecks, RuleContext, ModelRuleContext, SqlStatement } from './types';

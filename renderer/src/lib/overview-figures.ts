import { DATABASE_ROLES, type DatabaseRole } from '../../../shared/schema/model';
import type { AnalysisSummary, RoleCounts, WorkspaceSummary } from '../../../shared/contract/workspace';

/** One role's column on the overview: tables per source. */
export interface RoleColumn {
  readonly role: DatabaseRole;
  readonly database: string;
  readonly definitions: number;
  readonly sql?: number;
  readonly live?: number;
  /** The role's own budget when the config sets one. */
  readonly budget?: number;
}

/**
 * Builds the overview's three columns from the workspace summary and (when present) the
 * latest analysis, which carries the live counts; the analysis wins for file counts too
 * because it is newer than the summary.
 */
export function roleColumns(summary: WorkspaceSummary, analysis?: AnalysisSummary): RoleColumn[] {
  const definitions: RoleCounts = analysis?.counts.definitions ?? summary.counts.definitions;
  const sql: RoleCounts | undefined = analysis?.counts.sql ?? summary.counts.sql;
  const live: RoleCounts | undefined = analysis?.counts.live;
  return DATABASE_ROLES.map((role) => {
    const budget = summary.config.tableBudget.perRole[role];
    return {
      role,
      // The database the analysis actually read (a profile override included), else the workspace's name.
      database: analysis?.context?.databases[role] ?? summary.config.databases[role],
      definitions: definitions[role],
      ...(sql ? { sql: sql[role] } : {}),
      ...(live ? { live: live[role] } : {}),
      ...(budget === undefined ? {} : { budget }),
    };
  });
}

/** How full the budget is, and the colour that says so (green < 80 %, orange < 100 %, red beyond). */
export function budgetLevel(
  used: number,
  max: number,
): { readonly percent: number; readonly color: 'green' | 'orange' | 'red' } {
  const percent = max > 0 ? Math.round((used / max) * 1000) / 10 : 0;
  return { percent, color: used > max ? 'red' : percent >= 80 ? 'orange' : 'green' };
}

/** Counts of doctrine findings by severity; waived findings are not counted (they are accepted). */
export function severityCounts(analysis: AnalysisSummary): Readonly<Record<'error' | 'warning' | 'info', number>> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const rule of analysis.doctrine.byRule) counts[rule.severity] += rule.count - (rule.waived ?? 0);
  return counts;
}

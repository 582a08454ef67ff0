import type { SyncReport } from './report-model';

/**
 * The JSON report: the report model itself with `reportVersion` first and keys in a fixed
 * order (`counts`, `databases.<role>.missingTables|extraTables|changedTables`, `budget`,
 * `doctrine` […]) — stable for CI consumers.
 */
export function renderJson(report: SyncReport): string {
  const {
    reportVersion,
    title,
    description,
    version,
    date,
    status,
    comparison,
    counts,
    databases,
    orchestration,
    budget,
    migration,
    doctrine,
    compliance,
    execution,
    nextSteps,
  } = report;
  const ordered = {
    reportVersion,
    title,
    description,
    version,
    date,
    status,
    ...(comparison ? { comparison } : {}),
    counts,
    databases,
    orchestration,
    budget,
    ...(migration ? { migration } : {}),
    doctrine,
    compliance,
    execution,
    nextSteps,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

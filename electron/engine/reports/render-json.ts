import type { SyncReport } from './report-model';

/**
 * The JSON report: the report model itself with `reportVersion` first and keys in a fixed
 * order (`counts`, `databases.<role>.missingTables|extraTables|changedTables`, `budget`,
 * `doctrine` […], `migration {file, sha256, statements, steps, byKind, features, checks,
 * targetRole}`, `execution {status, batchId, targetDatabase, startedAt, endedAt, executed,
 * skipped, verified, checksumMatches, …}`; absent values are left out) — stable for CI consumers.
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
    server,
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
    ...(server ? { server } : {}),
    counts,
    databases,
    orchestration,
    budget,
    ...(migration
      ? {
          migration: {
            file: migration.file,
            sha256: migration.sha256,
            statements: migration.statements,
            steps: migration.steps,
            byKind: migration.byKind,
            features: migration.features,
            checks: migration.checks,
            targetRole: migration.targetRole,
          },
        }
      : {}),
    doctrine,
    compliance,
    execution: {
      status: execution.status,
      batchId: execution.batchId,
      targetDatabase: execution.targetDatabase,
      startedAt: execution.startedAt,
      endedAt: execution.endedAt,
      executed: execution.executed,
      skipped: execution.skipped,
      verified: execution.verified,
      checksumMatches: execution.checksumMatches,
      statementsExecuted: execution.statementsExecuted,
      detail: execution.detail,
    },
    nextSteps,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

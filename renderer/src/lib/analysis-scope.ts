import type { AnalysisSummary } from '../../../shared/contract/workspace';

/**
 * The analysis if it was computed on this workspace and this connection (or, without a
 * connection, on no connection), else undefined. Screens show figures through this, so a
 * result of the previous workspace or server is never shown under the current one's name
 * while the new analysis runs. An analysis without context (an older engine) is accepted.
 */
export function analysisFor(
  analysis: AnalysisSummary | undefined,
  workspaceRoot: string | undefined,
  connectionId: string | undefined,
): AnalysisSummary | undefined {
  const context = analysis?.context;
  if (!analysis || !context) return analysis;
  if (workspaceRoot !== undefined && context.workspaceRoot !== workspaceRoot) return undefined;
  if (context.connection?.connectionId !== connectionId) return undefined;
  return analysis;
}

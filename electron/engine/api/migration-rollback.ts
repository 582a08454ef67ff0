import type { Pool, RowDataPacket } from 'mysql2/promise';
import { rollbackResultSchema, type RollbackPreviewView } from '../../../shared/contract/migration';
import type { HandlersFor } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { OpenConnection } from '../connection/session-registry';
import type { JobRunner } from '../jobs/job-runner';
import { checkConfirmation } from '../orchestrator/apply-execute';
import { executeRollback, planRollback, type RollbackPlan } from '../orchestrator/rollback';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import { ExpiringMap, planStatement, requireWritable, verificationField } from './migration-plans';

/** The rollback calls. */
export type RollbackCallName = 'migration/rollback-preview' | 'migration/rollback';

/** What the rollback handlers need. */
export interface RollbackHandlerDeps {
  readonly jobs: JobRunner;
  readonly sessions: { get(connectionId: string): OpenConnection };
  /** The open workspace (throws when none): down-files resolve against `root`, backups go to `config.backups`. */
  readonly workspace: () => { readonly root: string; readonly config: WorkspaceConfig };
  readonly ttlMs: number;
}

interface StoredPreview {
  readonly previewId: string;
  readonly connectionId: string;
  readonly plan: RollbackPlan;
  readonly backupDir: string;
}

/** Row counts of what a rollback drops (the preview's data-loss figures). */
async function dataLoss(pool: Pool, plan: RollbackPlan): Promise<RollbackPreviewView['dataLoss']> {
  const result: RollbackPreviewView['dataLoss'] = [];
  for (const drop of plan.drops) {
    if (!drop.rows) continue;
    const table = quoteQualified(plan.batch.targetDatabase, drop.table);
    const [rows] = await pool.query<RowDataPacket[]>(
      drop.column
        ? `SELECT COUNT(*) AS n FROM ${table} WHERE ${quoteIdentifier(drop.column)} IS NOT NULL`
        : `SELECT COUNT(*) AS n FROM ${table}`,
    );
    result.push({ table: drop.table, ...(drop.column ? { column: drop.column } : {}), rows: Number(rows[0]?.n ?? 0) });
  }
  return result;
}

/**
 * Handlers of the rollback wizard: the preview is the orchestrator's `planRollback`
 * (authored down-file or generated inverses) kept here by id, with row counts of what it
 * would drop; the rollback runs `executeRollback` on exactly that plan, as a job.
 */
export function createRollbackHandlers(deps: RollbackHandlerDeps): HandlersFor<RollbackCallName> {
  const previews = new ExpiringMap<StoredPreview>(deps.ttlMs);
  const take = (previewId: string): StoredPreview => {
    const found = previews.get(previewId);
    if (!found) {
      throw new LupoError('migration/preview-expired', 'This rollback preview is no longer available.', {
        hint: 'Preview the rollback again.',
      });
    }
    return found;
  };
  return {
    'migration/rollback-preview': async ({ connectionId, batchId }) => {
      const workspace = deps.workspace();
      const open = deps.sessions.get(connectionId);
      const pool = open.session.pool;
      const plan = await planRollback(pool, {
        ledgerDatabase: open.databases.orchestration,
        selector: { batchId },
        cwd: workspace.root,
      });
      const { previewId } = previews.add((id) => ({
        previewId: id,
        connectionId,
        plan,
        backupDir: workspace.config.backups,
      }));
      const warnings: string[] = [];
      if (plan.steps.length === 0)
        warnings.push('The batch changed nothing that needs undoing (every statement was already in effect).');
      if (plan.source === 'generated')
        warnings.push('Generated inverses undo creates and additions only; data changes are not reverted.');
      return {
        previewId,
        batchId: plan.batch.batchId,
        targetDatabase: plan.batch.targetDatabase,
        ledgerDatabase: plan.ledgerDatabase,
        classification: plan.source,
        statements: plan.steps.map((step) => planStatement(plan.path, step, 'change')),
        dataLoss: await dataLoss(pool, plan),
        backupDir: workspace.config.backups,
        warnings,
      };
    },
    'migration/rollback': async ({ previewId, confirmation, reason }) => {
      const preview = take(previewId);
      const open = deps.sessions.get(preview.connectionId);
      requireWritable(open, 'rolling back');
      const { plan } = preview;
      checkConfirmation(plan.batch.targetDatabase, 0, { typedDatabase: confirmation.typedDatabase });
      if (plan.dataLoss && !confirmation.allowDestructive) {
        throw new LupoError(
          'rollback/data-loss',
          `Rolling back batch ${plan.batch.batchId} drops tables or columns that hold rows.`,
          {
            hint: 'Confirm the data loss (a backup is written first) or cancel.',
          },
        );
      }
      previews.delete(previewId);
      const jobId = deps.jobs.start(
        'rollback',
        `Roll back batch ${plan.batch.batchId} on ${plan.batch.targetDatabase}`,
        async ({ sink, signal }) => {
          const outcome = await executeRollback(open.session.pool, plan, {
            confirmation: { typedDatabase: confirmation.typedDatabase },
            allowDataLoss: confirmation.allowDestructive,
            backupDir: preview.backupDir,
            reason: reason || 'operator rollback from the desktop app',
            sink,
            signal,
          });
          return rollbackResultSchema.parse({
            rolledBackBatchId: outcome.rolledBackBatchId,
            ...(outcome.batchId === undefined ? {} : { rollbackBatchId: outcome.batchId }),
            targetDatabase: plan.batch.targetDatabase,
            executed: outcome.executed,
            elapsedMs: outcome.elapsedMs,
            ...(outcome.backupPath ? { backupPath: outcome.backupPath } : {}),
            ...verificationField(outcome),
          });
        },
      );
      return { jobId };
    },
  };
}

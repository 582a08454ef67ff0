import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import { startLocalServer } from '../sandbox/local-server';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import type { ApplyPlan } from './apply-plan';
import { executeSteps } from './step-executor';
import { verifyStepEffects, type EffectVerification } from './verify-effects';

/** What a rehearsal found. */
export interface RehearsalResult {
  readonly ok: boolean;
  readonly tablesCopied: number;
  readonly executed: number;
  readonly elapsedMs: number;
  readonly verification?: EffectVerification;
  /** The error that stopped the rehearsal (statement, code, file:line). */
  readonly error?: { readonly code: string; readonly message: string; readonly line?: number };
}

/**
 * Step 3 of a guarded apply (optional, recommended): starts a disposable local server,
 * copies the target's schema into it (SHOW CREATE TABLE, no rows), runs the plan's steps
 * there and verifies their effects, then destroys the server. Touches nothing on the target.
 */
export async function rehearse(
  pool: Pool,
  plan: ApplyPlan,
  options: { sink: EngineSink; signal: AbortSignal },
): Promise<RehearsalResult> {
  const started = Date.now();
  const [tables] = await pool.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [plan.targetDatabase],
  );
  const ddl: string[] = [];
  for (const row of tables) {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SHOW CREATE TABLE ${quoteQualified(plan.targetDatabase, String(row.t))}`,
    );
    ddl.push(String(rows[0]?.['Create Table']));
  }
  const server = await startLocalServer();
  try {
    const connection = await mysql.createConnection({ uri: server.url, multipleStatements: false });
    try {
      await connection.query(`CREATE DATABASE ${quoteIdentifier(plan.targetDatabase)} CHARACTER SET utf8mb4`);
      await connection.query(`USE ${quoteIdentifier(plan.targetDatabase)}`);
      await connection.query('SET FOREIGN_KEY_CHECKS = 0');
      for (const statement of ddl) await connection.query(statement);
      await connection.query('SET FOREIGN_KEY_CHECKS = 1');
      options.sink({
        type: 'log',
        level: 'info',
        message: `Rehearsal: copied ${ddl.length} tables of ${plan.targetDatabase} to a sandbox server.`,
      });
      try {
        const result = await executeSteps({
          connection,
          steps: plan.steps,
          file: plan.file.path,
          sink: options.sink,
          signal: options.signal,
        });
        const verification = await verifyStepEffects(connection, plan.targetDatabase, plan.steps);
        return {
          ok: verification.ok,
          tablesCopied: ddl.length,
          executed: result.executed,
          elapsedMs: Date.now() - started,
          verification,
        };
      } catch (error) {
        if (!(error instanceof LupoError) || error.code === 'job/cancelled') throw error;
        const line = typeof error.details?.line === 'number' ? error.details.line : undefined;
        return {
          ok: false,
          tablesCopied: ddl.length,
          executed: 0,
          elapsedMs: Date.now() - started,
          error: { code: error.code, message: error.message, ...(line === undefined ? {} : { line }) },
        };
      }
    } finally {
      await connection.end().catch(() => {});
    }
  } finally {
    await server.destroy();
  }
}

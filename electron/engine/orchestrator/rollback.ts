import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Pool } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import { migrationChecksum } from '../migrations/checksum';
import { splitStatements } from '../sqlfile/index';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import { checkConfirmation, runJournaledSteps, startSingleFileBatch, type ApplyOutcome } from './apply-execute';
import type { StatementEffect } from './classify';
import { Ledger, type BatchSummary } from './ledger';
import { ledgerExists } from './inspect-unfinished';
import { completeRollback } from './rollback-ledger';
import { stepFromJournal } from './resume';
import { JOURNAL_TABLE, readJournal, StatementJournal } from './statement-journal';
import { buildSteps, type ExecutionStep } from './steps';
import { withTargetRun } from './target-run';
import { backupScope, writeTableBackup } from './table-backup';
import {
  guardRollback,
  refuseDataLoss,
  rollbackDataRisks,
  type RollbackDataRisk,
  type RollbackDrop,
  type RowsHeld,
} from './rollback-guard';

export type { RollbackDrop } from './rollback-guard';

/** The preview of a rollback: where its statements come from and what it drops. */
export interface RollbackPlan {
  readonly batch: BatchSummary;
  readonly ledgerDatabase: string;
  readonly source: 'authored' | 'generated';
  /** The down-file, or `generated:batch-N`. */
  readonly path: string;
  readonly steps: readonly ExecutionStep[];
  readonly drops: readonly RollbackDrop[];
  /** Whether a drop holds rows; `'unknown'` when some drop was not probed and none was found holding rows. */
  readonly dataLoss: RowsHeld;
}

/** Which batch: an id, or the last completed apply (optionally of one target). */
export type RollbackSelector = { readonly batchId: number } | { readonly last: true; readonly targetDatabase?: string };

/** A generated inverse: a table to drop (merged with its neighbours), or one statement. */
type Inverse = { readonly dropTable: string; readonly key: string } | { readonly sql: string };

function inverseOf(effect: StatementEffect): Inverse | undefined {
  const table = effect.database ? quoteQualified(effect.database, effect.table) : quoteIdentifier(effect.table);
  switch (effect.kind) {
    case 'table-exists':
      return { dropTable: table, key: effect.table.toLowerCase() };
    case 'column-exists':
      return { sql: `ALTER TABLE ${table} DROP COLUMN ${quoteIdentifier(effect.column)}` };
    case 'index-exists':
      return { sql: `ALTER TABLE ${table} DROP INDEX ${quoteIdentifier(effect.index)}` };
    default:
      return undefined;
  }
}

/**
 * Most tables one generated `DROP TABLE IF EXISTS` names. The server drops the tables of one
 * statement one after another, in the order named, as it would separate statements (a
 * child before the parent it references), but it parses, locks and answers once: dropping
 * 2,000 tables takes 2.1 s in statements of 16 against 3.3 s one by one (scripts/bench
 * apply). The step stays idempotent, so after a crash in the middle resume runs it again
 * for the tables still there.
 */
export const TABLES_PER_DROP = 16;

/** The statements of generated inverses: consecutive table drops merged into one `DROP TABLE IF EXISTS a, b, …`. */
function inverseStatements(
  inverses: readonly { inverse: Inverse; line: number }[],
): Array<{ sql: string; line: number }> {
  const statements: Array<{ sql: string; line: number }> = [];
  let drop: { tables: string[]; keys: Set<string>; line: number } | undefined;
  const flush = (): void => {
    if (drop) statements.push({ sql: `DROP TABLE IF EXISTS ${drop.tables.join(', ')}`, line: drop.line });
    drop = undefined;
  };
  for (const { inverse, line } of inverses) {
    if (!('dropTable' in inverse)) {
      flush();
      statements.push({ sql: inverse.sql, line });
      continue;
    }
    // The same name twice in one DROP is an error ("Not unique table"): it starts the next
    // statement. Keyed on the name alone, so a qualified and an unqualified spelling of one
    // table count as the same.
    if (drop && (drop.tables.length === TABLES_PER_DROP || drop.keys.has(inverse.key))) flush();
    drop ??= { tables: [], keys: new Set(), line };
    drop.tables.push(inverse.dropTable);
    drop.keys.add(inverse.key);
  }
  flush();
  return statements;
}

/**
 * Rollback step 1 (preview): the batch's authored down-file (`X.down.sql` beside the applied
 * file, resolved against `cwd`) or, without one, generated inverses of the journaled steps
 * that changed something (create → drop table, add column → drop column, add index → drop
 * index), newest first, consecutive table drops merged TABLES_PER_DROP to a statement.
 * Steps without an inverse raise. Also reports every table/column it would drop and
 * whether it holds rows — unless `probeRows` is false: then every drop says
 * `rows: 'unknown'` and `executeRollback`'s probe under the lock is the only one (for a
 * rollback nobody previews: `lupo rollback --yes`).
 */
export async function planRollback(
  pool: Pool,
  input: { ledgerDatabase: string; selector: RollbackSelector; cwd: string; probeRows?: boolean },
): Promise<RollbackPlan> {
  if (!(await ledgerExists(pool, input.ledgerDatabase))) {
    throw new LupoError(
      'rollback/no-ledger',
      `There is no ledger in ${input.ledgerDatabase}: nothing was applied here.`,
      { hint: 'Check --orchestration-db.' },
    );
  }
  const ledger = await Ledger.open(pool, input.ledgerDatabase);
  const batch =
    'batchId' in input.selector
      ? await ledger.batch(input.selector.batchId)
      : await ledger.lastBatch(input.selector.targetDatabase, 'apply', 'completed');
  if (!batch || batch.kind !== 'apply' || batch.status === 'rolled_back') {
    throw new LupoError(
      'rollback/no-batch',
      batch
        ? `Batch ${batch.batchId} is a ${batch.kind} batch in state ${batch.status}; it cannot be rolled back.`
        : 'No applied batch to roll back.',
      {
        hint: 'lupo status lists the batches.',
      },
    );
  }
  const file = (await ledger.batchFiles(batch.batchId))[0];
  const downPath = file ? resolve(input.cwd, file.path.replace(/\.sql$/i, '.down.sql')) : undefined;
  let steps: ExecutionStep[];
  let source: RollbackPlan['source'];
  let path: string;
  if (
    downPath &&
    downPath !== resolve(input.cwd, file!.path) &&
    (await stat(downPath).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    steps = buildSteps(splitStatements(await readFile(downPath, 'utf8')));
    source = 'authored';
    path = downPath;
  } else {
    const entries = await readJournal(pool, quoteQualified(input.ledgerDatabase, JOURNAL_TABLE), batch.batchId);
    const inverses: Array<{ inverse: Inverse; line: number }> = [];
    for (const entry of [...entries].reverse()) {
      if (entry.status !== 'done' || entry.expected === 'noop') continue;
      const step = stepFromJournal(entry);
      const stepInverses = [...step.classification.effects].reverse().map(inverseOf);
      if (stepInverses.length === 0 || stepInverses.some((s) => s === undefined)) {
        throw new LupoError(
          'rollback/no-inverse',
          `Statement ${entry.index + 1} (line ${entry.line}: ${entry.summary}) of batch ${batch.batchId} has no generated inverse.`,
          {
            hint: `Write a down-file (${file?.path.replace(/\.sql$/i, '.down.sql') ?? 'X.down.sql'}) that undoes the batch, then roll back again.`,
          },
        );
      }
      for (const inverse of stepInverses) inverses.push({ inverse: inverse!, line: entry.line });
    }
    steps = buildSteps(inverseStatements(inverses));
    source = 'generated';
    path = `generated:batch-${batch.batchId}`;
  }
  // One guard for down-files and inverses: drops, TRUNCATE/DELETE/UPDATE, narrowing, dynamic SQL.
  const guard = await guardRollback(pool, batch.targetDatabase, steps, { probeRows: input.probeRows !== false });
  steps = [...guard.steps];
  const drops: RollbackDrop[] = [...guard.drops];
  return {
    batch,
    ledgerDatabase: input.ledgerDatabase,
    source,
    path,
    steps,
    drops,
    dataLoss: drops.some((d) => d.rows === true) ? true : drops.some((d) => d.rows === 'unknown') ? 'unknown' : false,
  };
}

/** Options of `executeRollback`. */
export interface ExecuteRollbackOptions {
  readonly confirmation: { readonly typedDatabase: string };
  /** Needed when a table or column to drop holds rows. */
  readonly allowDataLoss?: boolean;
  /** The workspace's backups folder. */
  readonly backupDir: string;
  readonly reason?: string;
  readonly sink: EngineSink;
  readonly signal: AbortSignal;
}

/** What a rollback did. */
export interface RollbackOutcome extends ApplyOutcome {
  readonly backupPath?: string;
  readonly rolledBackBatchId: number;
  /** What it dropped and whether each held rows, as probed under the lock before the first statement. */
  readonly drops: readonly RollbackDataRisk[];
}

/**
 * Rollback execution: refuses when something to drop holds rows unless `allowDataLoss` —
 * at the preview's reading (when it probed), then again under the target's lock with a fresh probe (rows may
 * have arrived since) — then writes the backup of the tables that hold rows now, opens a `rollback`
 * batch and a `migration_rollback_log` row, runs the inverse steps with the same journal
 * as an apply, verifies, and marks the rolled-back batch and its file `rolled_back` (keeping
 * that batch's own start/end times; the rollback's are on its batch and log row).
 */
export async function executeRollback(
  pool: Pool,
  plan: RollbackPlan,
  options: ExecuteRollbackOptions,
): Promise<RollbackOutcome> {
  const target = plan.batch.targetDatabase;
  checkConfirmation(target, 0, { typedDatabase: options.confirmation.typedDatabase });
  if (!options.allowDataLoss) refuseDataLoss(plan.batch.batchId, plan.drops, 'preview');
  return withTargetRun(pool, target, plan.ledgerDatabase, async ({ connection, ledger }) => {
    const current = await ledger.batch(plan.batch.batchId);
    if (!current || current.status === 'rolled_back') {
      throw new LupoError('rollback/already-rolled-back', `Batch ${plan.batch.batchId} was already rolled back.`, {
        hint: 'lupo status shows the batches.',
      });
    }
    // Rows can arrive between the preview and now: probe again under the lock, and refuse
    // or back up according to what the tables hold now, not what they held at the preview.
    // (On the pool, not the locked connection: its probe queries run side by side.)
    const drops = await rollbackDataRisks(pool, target, plan.steps);
    const dataLoss = drops.some((d) => d.rows);
    if (!options.allowDataLoss) refuseDataLoss(plan.batch.batchId, drops, 'start');
    const scope = backupScope(drops);
    const backupPath =
      scope.tables.length > 0
        ? await writeTableBackup(
            connection,
            target,
            scope.tables,
            options.backupDir,
            `batch-${plan.batch.batchId}`,
            scope.columns,
          )
        : undefined;
    const content = plan.steps.map((s) => s.sql).join(';\n');
    // LEDGER §5c-5: a generated inverse is recorded under the applied file's path.
    const applied = (await ledger.batchFiles(plan.batch.batchId))[0];
    const appliedFile = applied?.name ?? plan.path;
    const { batchId, fileId } = await startSingleFileBatch(
      ledger,
      'rollback',
      target,
      {
        path: plan.source === 'authored' || !applied ? plan.path : applied.path,
        sha256: migrationChecksum(content),
        statements: plan.steps.length,
        generatedInverse: plan.source !== 'authored',
      },
      `rollback batch ${plan.batch.batchId} (${appliedFile}) on ${target}`,
    );
    const logId = await ledger.startRollbackLog({
      batchId: plan.batch.batchId,
      rollbackBatchId: batchId,
      classification: plan.source,
      reason: options.reason ?? 'operator rollback',
      dataLoss,
      backupPath: backupPath ?? null,
    });
    const journal = new StatementJournal(connection, plan.ledgerDatabase);
    await journal.writePending(
      batchId,
      fileId,
      target,
      plan.steps,
      plan.steps.map(() => 'change'),
    );
    let outcome: ApplyOutcome;
    try {
      outcome = await runJournaledSteps({
        connection,
        ledger,
        journal,
        batchId,
        fileId,
        steps: plan.steps,
        skip: new Set(),
        file: plan.path,
        targetDatabase: target,
        sink: options.sink,
        signal: options.signal,
        finalFileStatus: 'rolled_back',
      });
    } catch (error) {
      await ledger
        .finishRollbackLog(logId, 'failed', backupPath ?? null, error instanceof Error ? error.message : String(error))
        .catch(() => {});
      throw error;
    }
    await completeRollback(ledger, { id: logId, batchId: plan.batch.batchId, backupPath: backupPath ?? null });
    return { ...outcome, rolledBackBatchId: plan.batch.batchId, drops, ...(backupPath ? { backupPath } : {}) };
  });
}

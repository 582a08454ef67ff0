import type { Command } from 'commander';
import { LupoError, serializeError } from '../../../shared/errors';
import { loadWorkspaceConfig } from '../../engine/config/index';
import {
  executeRollback,
  planRollback,
  type RollbackDrop,
  type RollbackOutcome,
  type RollbackSelector,
} from '../../engine/orchestrator/rollback';
import { DataLossRefusal } from '../../engine/orchestrator/rollback-guard';
import { openCliSession } from '../cli-session';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_FINDINGS, EXIT_OK, type CliIo, type RegisterCommand } from '../runtime';
import { createCliSink } from '../progress-sink';
import { confirmTarget, databaseForRole } from './apply';

/** One line per table/column the rollback drops, marking those that hold rows. */
function printDrops(io: CliIo, drops: readonly RollbackDrop[]): void {
  for (const d of drops)
    io.stdout(
      `  drops ${d.column ? `column ${d.table}.${d.column}` : `table ${d.table}`}${d.rows === true ? ' — HOLDS ROWS' : ''}\n`,
    );
}

/** A data-loss refusal, printed as `action` prints errors (JSON on stdout with --json). */
function printRefusal(io: CliIo, json: boolean, error: LupoError): void {
  const wire = serializeError(error);
  if (json) {
    io.stdout(JSON.stringify({ error: wire }, null, 2) + '\n');
    return;
  }
  io.stderr(`lupo: ${wire.message}\n`);
  if (wire.hint) io.stderr(`  hint: ${wire.hint}\n`);
}

/** Flags of `lupo rollback`. */
interface RollbackFlags extends ConnectionFlags {
  readonly batch?: string;
  readonly last?: boolean;
  readonly db?: boolean;
  readonly yes?: boolean;
  readonly allowDataLoss?: boolean;
  readonly dryRun?: boolean;
  readonly reason?: string;
}

/** `lupo rollback (--batch ID | --last) --db [--yes] [--allow-data-loss]`: guarded rollback with preview and backup. */
export const registerRollback: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('rollback')
      .description(
        'Guarded rollback of an applied batch: preview, data-loss check, backup, then the inverse statements under the lock.',
      )
      .option('--batch <id>', 'batch id to roll back')
      .option('--last', 'the last completed apply batch (of the core database, or --core-db)')
      .option('--db', 'use the live databases (always on; accepted for symmetry with diff and lint)')
      .option('--yes', 'confirm without a prompt (CI)')
      .option('--allow-data-loss', 'proceed when a table or column to drop holds rows (a backup is written first)')
      .option('--dry-run', 'print the preview only')
      .option('--reason <text>', 'why (recorded in migration_rollback_log)'),
  ).action(
    action(io, setExit, async (flags: RollbackFlags, command: Command) => {
      const globals = command.optsWithGlobals() as { json?: boolean; config?: string };
      const json = Boolean(globals.json);
      const loaded = await loadWorkspaceConfig({ cwd: io.cwd, ...(globals.config ? { path: globals.config } : {}) });
      if (!flags.batch === !flags.last) {
        throw new LupoError('cli/rollback-selector', 'Pass exactly one of --batch ID or --last.', {
          hint: 'lupo status lists the batch ids.',
        });
      }
      let selector: RollbackSelector;
      if (flags.batch) {
        const id = Number(flags.batch);
        if (!Number.isInteger(id) || id <= 0)
          throw new LupoError('cli/bad-batch', `--batch must be a batch id, got "${flags.batch}".`);
        selector = { batchId: id };
      } else {
        selector = { last: true, targetDatabase: databaseForRole('core', flags, loaded.config) };
      }
      const ledgerDatabase = databaseForRole('orchestration', flags, loaded.config);
      const session = await openCliSession(flags, io);
      const sink = createCliSink(io, { json, title: 'Rolling back' });
      try {
        // `--yes` without `--dry-run`: nobody reads the preview before the run, so leave the
        // row probe to executeRollback (under the lock): it refuses or backs up just the same.
        const previewed = !flags.yes || Boolean(flags.dryRun);
        const plan = await planRollback(session.pool, { ledgerDatabase, selector, cwd: io.cwd, probeRows: previewed });
        if (json && flags.dryRun)
          io.stdout(JSON.stringify({ rollback: { ...plan, steps: plan.steps.map((s) => s.sql) } }, null, 2) + '\n');
        if (!json) {
          io.stdout(
            `Rollback of batch ${plan.batch.batchId} on ${plan.batch.targetDatabase} from ${plan.source === 'authored' ? `down-file ${plan.path}` : 'generated inverses'}:\n`,
          );
          for (const step of plan.steps) io.stdout(`  ${step.index + 1}. ${step.sql.replace(/\s+/g, ' ')}\n`);
          if (previewed) printDrops(io, plan.drops);
          else if (plan.drops.length > 0)
            io.stdout(`  drops ${plan.drops.length} table(s)/column(s); rows are checked as the rollback starts\n`);
        }
        if (flags.dryRun) return EXIT_OK;
        if (plan.dataLoss === true && !flags.allowDataLoss) {
          io.stderr(
            'lupo: the rollback would drop rows; nothing was changed.\n  hint: pass --allow-data-loss (a backup is written to the backups folder first).\n',
          );
          return EXIT_FINDINGS;
        }
        const typed = await confirmTarget(io, plan.batch.targetDatabase, flags.yes, 'Rolling back');
        let outcome: RollbackOutcome;
        try {
          outcome = await executeRollback(session.pool, plan, {
            confirmation: { typedDatabase: typed },
            allowDataLoss: Boolean(flags.allowDataLoss),
            backupDir: loaded.config.backups,
            ...(flags.reason ? { reason: flags.reason } : {}),
            sink,
            signal: new AbortController().signal,
          });
        } catch (error) {
          // Rows found by the probe under the lock: a refusal like the preview's (exit 1), not a failure.
          if (!(error instanceof DataLossRefusal)) throw error;
          sink.done();
          // Without a preview, this is where the operator learns which drops hold rows.
          if (!json && !previewed) printDrops(io, error.drops);
          printRefusal(io, json, error);
          return EXIT_FINDINGS;
        }
        sink.done();
        // The outcome's drops come from the probe under the lock: the rows as they were dropped.
        if (json) io.stdout(JSON.stringify({ outcome }, null, 2) + '\n');
        else {
          if (!previewed) printDrops(io, outcome.drops);
          io.stdout(
            `Rolled back batch ${outcome.rolledBackBatchId} (rollback batch ${outcome.batchId})${outcome.backupPath ? `; backup: ${outcome.backupPath}` : ''}.\n`,
          );
        }
        return EXIT_OK;
      } finally {
        sink.done();
        await session.close();
      }
    }),
  );
};

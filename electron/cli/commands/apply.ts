import { createInterface } from 'node:readline/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import { silentSink } from '../../../shared/engine-events';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { budgetFromCounts, describeBudget, readRoleTableCounts, targetDatabaseBudget } from '../../engine/budget/index';
import { readMigrationFile } from '../../engine/migrations/migration-folder';
import { declaredTargetRole, planApply, type ApplyPlan } from '../../engine/orchestrator/apply-plan';
import { executeApply, type ApplyOutcome } from '../../engine/orchestrator/apply-execute';
import { validateApply } from '../../engine/orchestrator/apply-validate';
import { rehearse } from '../../engine/orchestrator/rehearse';
import { resumeApply } from '../../engine/orchestrator/resume';
import { openCliSession } from '../cli-session';
import { createCliSink } from '../progress-sink';
import { loadCliConfig } from '../workspace-sources';
import { runApplyPending } from './apply-pending';
import { detectTopology } from '../../engine/topology/detect-topology';
import { galeraDdlWarnings } from '../../engine/topology/galera-ddl';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_FINDINGS, EXIT_OK, type CliIo, type RegisterCommand } from '../runtime';

/** Flags of `lupo apply`. */
interface ApplyFlags extends ConnectionFlags {
  readonly db?: boolean;
  readonly yes?: boolean;
  readonly rehearse?: boolean;
  readonly dryRun?: boolean;
  readonly resume?: boolean;
  readonly pending?: boolean;
  readonly allowDestructive?: boolean;
  readonly allowDataLoss?: boolean;
  readonly role?: string;
  readonly inFlight?: string;
  readonly osu?: string;
}

/** `--osu toi|rsu` (Galera's online schema upgrade method for this batch); refused with --pending/--resume. */
function osuMethodOf(flags: ApplyFlags): 'toi' | 'rsu' {
  const value = (flags.osu ?? 'toi').toLowerCase();
  if (value !== 'toi' && value !== 'rsu') {
    throw new LupoError('cli/bad-osu', `Unknown schema upgrade method "${flags.osu}".`, {
      hint: 'Use --osu toi (Total Order Isolation, the default) or --osu rsu (Rolling Schema Upgrade, Galera only).',
    });
  }
  if (value === 'rsu' && (flags.pending || flags.resume)) {
    throw new LupoError('cli/osu-with-resume', '--osu rsu chooses the method of one new batch.', {
      hint: 'Apply one file with --osu rsu; a resumed batch keeps the method it was started with.',
    });
  }
  return value;
}

/** The physical database of a role: `--core-db`-style flag, else the workspace config. */
export function databaseForRole(role: DatabaseRole, flags: ConnectionFlags, config: WorkspaceConfig): string {
  const flag = role === 'core' ? flags.coreDb : role === 'orchestration' ? flags.orchestrationDb : flags.ephemeralDb;
  return flag ?? config.databases[role];
}

/**
 * Asks the operator to type the target database name (DESIGN §4 step 4). `--yes` skips the
 * prompt (CI); without a terminal and without `--yes` the command refuses.
 */
export async function confirmTarget(
  io: CliIo,
  target: string,
  yes: boolean | undefined,
  what: string,
): Promise<string> {
  if (yes) return target;
  if (!io.isTTY || !process.stdin.isTTY) {
    throw new LupoError('cli/not-confirmed', `${what} needs a confirmation, and there is no terminal to ask on.`, {
      hint: 'Pass --yes to confirm non-interactively (CI).',
    });
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`Type the target database name (${target}) to confirm: `)).trim();
  } finally {
    rl.close();
  }
}

function printPlan(io: CliIo, plan: ApplyPlan): void {
  io.stdout(`Plan: ${plan.file.path} → ${plan.targetDatabase} (ledger ${plan.ledgerDatabase})\n`);
  io.stdout(
    `  ${plan.counts.statements} statements in ${plan.counts.steps} steps: ${Object.entries(plan.counts.byKind)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}; ${plan.counts.destructive} destructive, ${plan.counts.locking} locking\n`,
  );
  io.stdout(
    `  predicted: ${plan.counts.changes} change, ${plan.counts.noops} already present, ${plan.counts.unknown} unknown; tables ${plan.tables.before} → ${plan.tables.after}\n`,
  );
  for (const step of plan.steps) {
    const flags = [step.classification.destructive ? 'DESTRUCTIVE' : '', step.classification.locking ? 'locking' : '']
      .filter(Boolean)
      .join(',');
    io.stdout(
      `  ${String(step.index + 1).padStart(4)}. line ${step.line}: [${step.classification.kind}] ${step.classification.summary} → ${plan.expected[step.index]}${flags ? ` (${flags})` : ''}\n`,
    );
  }
}

function printOutcome(io: CliIo, outcome: ApplyOutcome, json: boolean): void {
  if (json) io.stdout(JSON.stringify({ outcome }, null, 2) + '\n');
  else if (outcome.status === 'noop') io.stdout('Already applied with the same checksum: nothing to do.\n');
  else
    io.stdout(
      `Batch ${outcome.batchId}: ${outcome.executed} executed, ${outcome.skipped} skipped, verified (${outcome.verification?.checked ?? 0} effects) in ${outcome.elapsedMs} ms.\n`,
    );
}

/**
 * `lupo apply FILE.sql --db [--yes] [--rehearse] [--dry-run] [--resume [--allow-data-loss]] [--allow-destructive]`: guarded apply;
 * `lupo apply --pending …` applies the workspace's pending migrations, one batch per file (see apply-pending.ts).
 */
export const registerApply: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('apply')
      .description(
        'Guarded apply of a migration file (or, with --pending, of every pending file of the workspace migrations folder): plan, validate, (rehearse), confirm, execute under a lock with a journal, verify.',
      )
      .argument('[file]', 'migration file (omit with --resume or --pending)')
      .option(
        '--pending',
        'apply every not-yet-applied file of the migrations folder (config "migrations"; *.down.sql left out) in version and "-- depends:" order, one batch per file; stops at the first failure',
      )
      .option('--db', 'use the live databases (required)')
      .option('--yes', 'confirm without a prompt (CI)')
      .option('--rehearse', 'rehearse on a disposable local server first')
      .option('--dry-run', 'print the plan and validation, change nothing')
      .option('--resume', 'finish the unfinished batch of the target')
      .option('--allow-destructive', 'second confirmation for destructive statements')
      .option(
        '--allow-data-loss',
        'on resume of a rollback, proceed when a table or column still to drop holds rows (a backup is written first)',
      )
      .option(
        '--role <role>',
        'target role: core, orchestration or ephemeral (default: the file header, else core); with --pending, only the files of that role',
      )
      .option(
        '--in-flight <decision>',
        'on resume, for an in-flight statement whose effect cannot be seen: rerun or done',
      )
      .option(
        '--osu <method>',
        'Galera only: toi (default: each DDL pauses the whole cluster while it runs) or rsu (Rolling Schema Upgrade: each node in turn; only for backward-compatible changes — add table/column at the end/index)',
      ),
  ).action(
    action(io, setExit, async (file: string | undefined, flags: ApplyFlags, command: Command) => {
      const globals = command.optsWithGlobals() as { json?: boolean; config?: string };
      const json = Boolean(globals.json);
      const { config } = await loadCliConfig(flags, command, io);
      const osuMethod = osuMethodOf(flags);
      if (flags.pending && (file || flags.resume)) {
        throw new LupoError(
          'cli/pending-with-file',
          '--pending applies the migrations folder: pass no file and no --resume.',
          {
            hint: 'lupo apply --pending --db … (or lupo apply FILE.sql --db … for one file)',
          },
        );
      }
      const source = file ? await readMigrationFile(path.resolve(io.cwd, file)) : undefined;
      const role = (flags.role ?? (source && declaredTargetRole(source.content)) ?? 'core') as DatabaseRole;
      if (!['core', 'orchestration', 'ephemeral'].includes(role)) {
        throw new LupoError('cli/bad-role', `Unknown role "${role}".`, {
          hint: 'Use core, orchestration or ephemeral.',
        });
      }
      const target = databaseForRole(role, flags, config);
      const ledgerDatabase = databaseForRole('orchestration', flags, config);
      const session = await openCliSession(flags, io);
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once('SIGINT', onSigint);
      const sink = createCliSink(io, { json, title: flags.resume ? 'Resuming' : 'Applying' });
      try {
        if (flags.pending) {
          return await runApplyPending({
            io,
            json,
            flags: {
              ...(flags.role ? { role } : {}),
              dryRun: Boolean(flags.dryRun),
              rehearse: Boolean(flags.rehearse),
              allowDestructive: Boolean(flags.allowDestructive),
            },
            config,
            session,
            sink,
            signal: controller.signal,
            databaseFor: (r) => databaseForRole(r, flags, config),
            confirm: (t) => confirmTarget(io, t, flags.yes, 'Applying'),
          });
        }
        if (flags.resume) {
          await confirmTarget(io, target, flags.yes, 'Resuming').then((typed) => {
            if (typed !== target)
              throw new LupoError('apply/not-confirmed', 'Not confirmed.', { hint: `Type ${target} exactly.` });
          });
          const inFlight = flags.inFlight === 'rerun' || flags.inFlight === 'done' ? flags.inFlight : 'refuse';
          const outcome = await resumeApply(session.pool, {
            targetDatabase: target,
            ledgerDatabase,
            inFlight,
            allowDataLoss: Boolean(flags.allowDataLoss),
            backupDir: config.backups,
            sink,
            signal: controller.signal,
          });
          sink.done();
          printOutcome(io, outcome, json);
          if (!json && outcome.backupPath) io.stdout(`Backup of the rows it dropped: ${outcome.backupPath}\n`);
          return EXIT_OK;
        }
        if (!source)
          throw new LupoError('cli/no-file', 'lupo apply needs a migration file (or --pending, or --resume).', {
            hint: 'lupo apply migrations/V1__x.sql --db --url …',
          });
        const relative = { ...source, path: path.relative(io.cwd, source.path) || source.path };
        // The whole system's budget (every role database), as the app and `lupo lint` count it.
        const roleDatabases = {
          core: databaseForRole('core', flags, config),
          orchestration: ledgerDatabase,
          ephemeral: databaseForRole('ephemeral', flags, config),
        };
        const counts = await readRoleTableCounts(session.pool, roleDatabases);
        const plan = await planApply(session.pool, {
          file: relative,
          targetDatabase: target,
          ledgerDatabase,
          budget: targetDatabaseBudget(budgetFromCounts(counts, {}, config), role),
        });
        const system = budgetFromCounts(counts, { [role]: plan.tables.after - plan.tables.before }, config);
        const topology = await detectTopology(session.pool);
        const checked = await validateApply(session.pool, plan, {
          config,
          allowDestructive: Boolean(flags.allowDestructive),
          osuMethod,
          topology,
        });
        // Same verdict as the target-share check above, said in whole-system figures.
        const validation = {
          ...checked,
          checks: checked.checks.map((check) =>
            check.id === 'budget'
              ? {
                  ...check,
                  message: check.passed
                    ? describeBudget(system)
                    : `${describeBudget(system)} The plan crosses the table budget: it is blocked.`,
                }
              : check,
          ),
        };
        if (!json) {
          printPlan(io, plan);
          for (const check of validation.checks)
            io.stdout(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.id}: ${check.message}\n`);
          // Galera (issue 15): DDL under TOI stalls the whole cluster; say so before confirming.
          for (const warning of await galeraDdlWarnings(session.pool, topology, target, plan.steps, osuMethod))
            io.stdout(`  warn ${warning.id}: ${warning.message}\n`);
        }
        if (flags.dryRun) {
          if (json)
            io.stdout(
              JSON.stringify(
                { plan: { ...plan, file: { path: plan.file.path, sha256: plan.file.sha256 } }, validation },
                null,
                2,
              ) + '\n',
            );
          return validation.ok ? EXIT_OK : EXIT_FINDINGS;
        }
        if (validation.alreadyApplied) {
          printOutcome(io, { status: 'noop', executed: 0, skipped: plan.steps.length, elapsedMs: 0 }, json);
          return EXIT_OK;
        }
        // A busy runner and a refused target are reported precisely (exit 2) by the run itself.
        if (!validation.ok && validation.checks.some((c) => !c.passed && c.id !== 'runner' && c.id !== 'target'))
          return EXIT_FINDINGS;
        if (flags.rehearse) {
          const rehearsal = await rehearse(session.pool, plan, { sink: silentSink, signal: controller.signal });
          if (!json)
            io.stdout(
              `Rehearsal on a sandbox copy (${rehearsal.tablesCopied} tables): ${rehearsal.ok ? 'passed' : `FAILED ${rehearsal.error?.message ?? rehearsal.verification?.mismatches.join('; ')}`}\n`,
            );
          if (!rehearsal.ok) return EXIT_FINDINGS;
        }
        const typed = await confirmTarget(io, target, flags.yes, 'Applying');
        const outcome = await executeApply(session.pool, {
          plan,
          validation,
          confirmation: { typedDatabase: typed, allowDestructive: Boolean(flags.allowDestructive) },
          sink,
          signal: controller.signal,
          osuMethod,
        });
        sink.done();
        printOutcome(io, outcome, json);
        return EXIT_OK;
      } finally {
        sink.done();
        process.off('SIGINT', onSigint);
        await session.close();
      }
    }),
  );
};

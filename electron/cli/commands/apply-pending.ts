import path from 'node:path';
import { serializeError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { Session } from '../../engine/connection/session';
import { readMigrationFolder } from '../../engine/migrations/migration-folder';
import { declaredTargetRole } from '../../engine/orchestrator/apply-plan';
import {
  applyPending,
  changedFilesError,
  scanPending,
  validatePending,
  type PendingEntry,
  type PendingRunOutcome,
  type PendingScan,
} from '../../engine/orchestrator/apply-pending';
import type { CliSink } from '../progress-sink';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo, type ExitCode } from '../runtime';

/** What `lupo apply --pending` needs from the apply command. */
export interface ApplyPendingInput {
  readonly io: CliIo;
  readonly json: boolean;
  readonly flags: {
    /** Only the files of this role (their header, else core). */
    readonly role?: DatabaseRole;
    readonly dryRun?: boolean;
    readonly rehearse?: boolean;
    readonly allowDestructive?: boolean;
  };
  readonly config: WorkspaceConfig;
  readonly session: Session;
  /** Progress of the run; stopped before the summary is printed. */
  readonly sink: CliSink;
  readonly signal: AbortSignal;
  /** The physical database of a role (flags, else config). */
  readonly databaseFor: (role: DatabaseRole) => string;
  /** Asks the operator to type a target's name (`--yes` skips it). */
  readonly confirm: (target: string) => Promise<string>;
}

function printScan(io: CliIo, folder: string, scan: PendingScan): void {
  io.stdout(`Migrations folder: ${folder} (ledger ${scan.ledgerDatabase})\n`);
  const rows: Array<[string, PendingEntry, string]> = [
    ...scan.applied.map((e): [string, PendingEntry, string] => ['applied', e, ` (batch ${e.batchId})`]),
    ...scan.changed.map((e): [string, PendingEntry, string] => ['EDITED ', e, ` (applied in batch ${e.batchId})`]),
    ...scan.pending.map((e): [string, PendingEntry, string] => ['pending', e, '']),
  ];
  if (rows.length === 0) io.stdout('  (no migration files)\n');
  for (const [state, entry, note] of rows)
    io.stdout(`  ${state} ${entry.file.name} → ${entry.targetDatabase}${note}\n`);
}

function printSummary(io: CliIo, scan: PendingScan, run: PendingRunOutcome): void {
  const skipped = [...scan.applied.map((e) => e.file.name), ...run.alreadyApplied];
  const notRun = run.stopped ? [run.stopped.file, ...run.notRun] : run.notRun;
  io.stdout(
    `Summary: ${run.applied.length} applied, ${skipped.length} skipped as already applied, ${notRun.length} not run.\n`,
  );
  for (const a of run.applied)
    io.stdout(
      `  applied  ${a.file} → ${a.targetDatabase} (batch ${a.outcome.batchId}, ${a.outcome.executed} executed)\n`,
    );
  for (const name of skipped) io.stdout(`  skipped  ${name} (already applied)\n`);
  for (const name of notRun) io.stdout(`  not run  ${name}${name === run.stopped?.file ? ' (stopped here)' : ''}\n`);
}

/**
 * `lupo apply --pending`: reads the workspace's migrations folder (natural order and
 * `-- depends:` edges; `*.down.sql` left out), skips the files applied with the same
 * checksum, refuses when an applied file was edited (exit 1), then applies the rest in
 * order — one guarded batch per file — stopping at the first refusal (exit 1) or failure
 * (exit 2), and prints what was applied, skipped and not run. `--dry-run` plans and
 * validates the pending files without changing anything.
 */
export async function runApplyPending(input: ApplyPendingInput): Promise<ExitCode> {
  const { io, json, flags, config, session } = input;
  const folder = config.migrations;
  const files = await readMigrationFolder(folder);
  const entries: PendingEntry[] = [];
  for (const file of files) {
    const role = declaredTargetRole(file.content) ?? 'core';
    if (flags.role && role !== flags.role) continue;
    // Recorded relative to the working folder, as `lupo apply FILE` records it (rollback finds the down-file by it).
    entries.push({
      file: { ...file, path: path.relative(io.cwd, file.path) || file.path },
      targetDatabase: input.databaseFor(role),
      role,
    });
  }
  const databases = {
    core: input.databaseFor('core'),
    orchestration: input.databaseFor('orchestration'),
    ephemeral: input.databaseFor('ephemeral'),
  };
  const scan = await scanPending(session.pool, { entries, ledgerDatabase: input.databaseFor('orchestration') });
  const listing = {
    folder,
    skipped: scan.applied.map((e) => ({ file: e.file.name, targetDatabase: e.targetDatabase, batchId: e.batchId })),
    pending: scan.pending.map((e) => ({ file: e.file.name, targetDatabase: e.targetDatabase })),
  };
  if (!json) printScan(io, folder, scan);
  if (scan.changed.length > 0) {
    const error = serializeError(changedFilesError(scan.changed));
    if (json) io.stdout(JSON.stringify({ ...listing, error }, null, 2) + '\n');
    else io.stderr(`lupo: ${error.message}\n  hint: ${error.hint}\n`);
    return EXIT_FINDINGS;
  }
  if (flags.dryRun) {
    const checks = await validatePending(session.pool, scan, {
      config,
      databases,
      allowDestructive: Boolean(flags.allowDestructive),
    });
    if (json)
      io.stdout(
        JSON.stringify(
          {
            ...listing,
            wouldRun: checks.map((c) => ({
              file: c.entry.file.name,
              targetDatabase: c.entry.targetDatabase,
              statements: c.plan.counts.statements,
              validation: c.validation,
            })),
          },
          null,
          2,
        ) + '\n',
      );
    else {
      io.stdout(checks.length === 0 ? 'Nothing pending.\n' : `Would run, in this order (one batch per file):\n`);
      for (const [i, c] of checks.entries()) {
        io.stdout(
          `  ${i + 1}. ${c.entry.file.name} → ${c.entry.targetDatabase}: ${c.plan.counts.statements} statements, ${c.plan.counts.destructive} destructive\n`,
        );
        for (const check of c.validation.checks.filter((k) => !k.passed))
          io.stdout(`     FAIL ${check.id}: ${check.message}\n`);
      }
    }
    return checks.every((c) => c.validation.ok) ? EXIT_OK : EXIT_FINDINGS;
  }
  if (scan.pending.length === 0) {
    if (json) io.stdout(JSON.stringify({ ...listing, applied: [], notRun: [] }, null, 2) + '\n');
    else io.stdout('Nothing pending: every migration is applied.\n');
    return EXIT_OK;
  }
  const typed = new Map<string, string>();
  for (const target of new Set(scan.pending.map((e) => e.targetDatabase)))
    typed.set(target, await input.confirm(target));
  const run = await applyPending(session.pool, scan, {
    config,
    databases,
    allowDestructive: Boolean(flags.allowDestructive),
    rehearse: Boolean(flags.rehearse),
    typedDatabase: (target) => typed.get(target) ?? '',
    sink: input.sink,
    signal: input.signal,
  });
  input.sink.done();
  const stopped = run.stopped;
  if (json) {
    io.stdout(
      JSON.stringify(
        {
          ...listing,
          applied: run.applied,
          alreadyApplied: run.alreadyApplied,
          notRun: stopped ? [stopped.file, ...run.notRun] : run.notRun,
          ...(stopped
            ? {
                stopped: {
                  file: stopped.file,
                  targetDatabase: stopped.targetDatabase,
                  reason: stopped.reason,
                  message: stopped.message,
                  ...(stopped.failedChecks ? { failedChecks: stopped.failedChecks } : {}),
                  ...(stopped.error ? { error: serializeError(stopped.error) } : {}),
                },
              }
            : {}),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    printSummary(io, scan, run);
    if (stopped) {
      const what = stopped.reason === 'error' ? 'failed' : `${stopped.reason} refused`;
      io.stderr(`lupo: stopped at ${stopped.file} (${what}): ${stopped.message}\n`);
      if (stopped.error?.hint) io.stderr(`  hint: ${stopped.error.hint}\n`);
      for (const [key, value] of Object.entries(stopped.error?.details ?? {}))
        io.stderr(`  ${key}: ${String(value)}\n`);
    }
  }
  if (!stopped) return EXIT_OK;
  return stopped.reason === 'error' ? EXIT_ERROR : EXIT_FINDINGS;
}

import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { FleetFile, FleetRunState, FleetStatus } from '../../../shared/contract/fleet';
import { KnownHosts } from '../../engine/connection/known-hosts';
import { ProfileStore } from '../../engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../engine/connection/secret-cipher';
import { defaultUserDataDir } from '../../engine/user-data';
import { fleetOpener } from '../../engine/fleet/fleet-targets';
import { findFleetFile, fleetStatePath, loadFleetFile } from '../../engine/fleet/fleet-file';
import { fleetStatus, type OpenTarget } from '../../engine/fleet/fleet-status';
import {
  describeCounts,
  fleetApply,
  readFleetRunState,
  resumeFleetApply,
  type FleetEvent,
} from '../../engine/fleet/fleet-apply';
import { renderFleetReportMarkdown } from '../../engine/fleet/fleet-report';
import { readMigrationFile } from '../../engine/migrations/migration-folder';
import { declaredTargetRole } from '../../engine/orchestrator/apply-plan';
import { loadCliConfig } from '../workspace-sources';
import { action, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo, type RegisterCommand } from '../runtime';

interface FleetFlags {
  readonly fleet?: string;
  readonly role?: string;
  readonly yes?: boolean;
  readonly resume?: boolean;
  readonly out?: string;
  readonly format?: string;
  readonly allowDestructive?: boolean;
}

/**
 * Connects to fleet targets the CLI's way: URL targets with LUPO_PASSWORD as the default
 * password, profile targets from the app's profiles in the same user-data folder (secrets
 * the app encrypted with the OS keychain cannot be opened here: LUPO_PASSWORD_<PROFILE>).
 */
function cliOpener(io: CliIo, fleet: FleetFile, fleetFile: string): Promise<OpenTarget> {
  const userData = defaultUserDataDir(io.env);
  return fleetOpener(fleet, {
    profiles: new ProfileStore(userData, createOwnerOnlyFileCipher()),
    knownHosts: new KnownHosts(userData),
    env: io.env,
    fleetFile,
    defaultPasswordEnv: 'LUPO_PASSWORD',
  });
}

async function loadFleet(flags: FleetFlags, command: Command, io: CliIo) {
  const loaded = await loadCliConfig({}, command, io);
  const file = flags.fleet ? path.resolve(io.cwd, flags.fleet) : (findFleetFile(loaded.dir) ?? findFleetFile(io.cwd));
  if (!file)
    throw new LupoError('fleet/no-fleet-file', 'No fleet file: lupo.fleet.json or lupo.fleet.toon in the workspace.', {
      hint: 'Create one listing your targets, or pass --fleet FILE.',
    });
  const fleet = await loadFleetFile(file);
  return {
    config: loaded.config,
    fleet,
    file,
    statePath: fleetStatePath(file),
    open: await cliOpener(io, fleet, file),
  };
}

function role(flags: FleetFlags, fallback: DatabaseRole = 'core'): DatabaseRole {
  const r = (flags.role ?? fallback) as DatabaseRole;
  if (!['core', 'orchestration', 'ephemeral'].includes(r))
    throw new LupoError('cli/bad-role', `Unknown role "${r}".`, { hint: 'Use core, orchestration or ephemeral.' });
  return r;
}

const CELL: Record<string, string> = { 'in-sync': '.', missing: 'M', different: 'D', extra: 'X' };

/** The text matrix: one line per target, one character per table (`.` in sync, M missing, D different, X extra). */
function printStatus(io: CliIo, status: FleetStatus, fleet: FleetFile): void {
  io.stdout(
    `Fleet ${status.fleet}: ${status.targets.length} targets × ${status.tables.length} tables of ${status.database}; reference ${status.reference}; read in ${status.elapsedMs} ms (parallelism ${fleet.parallelism})\n`,
  );
  io.stdout('Legend: . in sync  M missing  D different  X extra  (tables in name order; --json lists them)\n');
  const width = Math.max(...status.targets.map((t) => t.name.length), 6);
  for (const t of status.targets) {
    const name = `${t.name}${t.canary ? '*' : ''}`.padEnd(width + 1);
    if (!t.reachable) {
      io.stdout(`${name} UNREACHABLE: ${t.error ?? ''}${t.run ? `  [run: ${t.run}]` : ''}\n`);
      continue;
    }
    const drift = t.counts.missing + t.counts.different + t.counts.extra;
    const ledger = t.ledger?.present
      ? `ledger ${t.ledger.lastBatch ? `#${t.ledger.lastBatch.batchId} ${t.ledger.lastBatch.status}` : 'empty'}${t.ledger.unfinished ? `, ${t.ledger.unfinished} unfinished` : ''}`
      : 'no ledger';
    const cells = status.tables.length <= 80 ? ` ${t.cells.map((c) => (c ? CELL[c] : '?')).join('')}` : '';
    io.stdout(
      `${name} ${drift === 0 ? 'in sync' : `${t.counts.missing} missing, ${t.counts.different} different, ${t.counts.extra} extra`}; ${ledger}${t.run ? `; run: ${t.run}` : ''}${cells}\n`,
    );
  }
}

/** One line per wave, per target outcome and for a halt (statement progress is for the app's live view). */
function printEvent(io: CliIo, event: FleetEvent): void {
  if (event.type === 'wave') io.stdout(`wave ${event.index + 1}/${event.total}: ${event.targets.join(', ')}\n`);
  else if (event.type === 'target')
    io.stdout(`  ${event.name}: ${event.state}${event.detail ? ` — ${event.detail}` : ''}\n`);
  else if (event.type === 'halted')
    io.stdout(`HALTED: failed ${event.failed.join(', ')}; not started: ${event.notStarted.join(', ') || 'none'}\n`);
}

function printRun(io: CliIo, run: FleetRunState, statePath: string): void {
  io.stdout(`Fleet run ${run.runId}: ${run.status} (${describeCounts(run)}); state in ${statePath}\n`);
  if (run.status === 'halted') io.stdout('next: fix the failed target, then lupo fleet apply --resume\n');
}

/**
 * `lupo fleet status|apply|report`: many servers at once (issue 15, point 5), from the
 * workspace's fleet file. Status prints the drift matrix; apply runs one migration on the
 * canaries, then in waves with bounded parallelism, halting at the first failure (resumable
 * with --resume); report writes one Markdown or JSON report of the fleet.
 */
export const registerFleet: RegisterCommand = (program, io, setExit) => {
  const fleet = program
    .command('fleet')
    .description(
      'Work on a fleet of servers listed in lupo.fleet.json/.toon: status (drift matrix), apply (canaries, then waves), report.',
    );
  fleet
    .command('status')
    .description('Drift matrix (targets × tables) and ledger state per target, read in parallel.')
    .option('--fleet <file>', 'fleet file (default: lupo.fleet.json/.toon of the workspace)')
    .option('--role <role>', 'role database to compare: core (default), orchestration or ephemeral')
    .action(
      action(io, setExit, async (flags: FleetFlags, command: Command) => {
        const json = Boolean((command.optsWithGlobals() as { json?: boolean }).json);
        const { config, fleet: f, statePath, open } = await loadFleet(flags, command, io);
        const run = await readFleetRunState(statePath);
        const status = await fleetStatus({
          fleet: f,
          config,
          open,
          role: role(flags),
          ...(run ? { run } : {}),
        });
        if (json) io.stdout(JSON.stringify({ status, run: run ?? null }, null, 2) + '\n');
        else {
          printStatus(io, status, f);
          if (run) printRun(io, run, statePath);
        }
        const drift = status.targets.some((t) => !t.reachable || t.counts.inSync !== status.tables.length);
        return drift ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
  fleet
    .command('apply')
    .description(
      'Apply one migration to the fleet: canaries first, then waves with bounded parallelism; halts at the first failure.',
    )
    .argument('[file]', 'migration file (omit with --resume)')
    .option('--fleet <file>', 'fleet file (default: lupo.fleet.json/.toon of the workspace)')
    .option('--role <role>', 'target role (default: the file header, else core)')
    .option('--resume', 'continue the last fleet run after fixing what failed')
    .option('--yes', 'confirm without a prompt (required: a fleet apply is never interactive per target)')
    .option('--allow-destructive', 'second confirmation for destructive statements')
    .action(
      action(io, setExit, async (file: string | undefined, flags: FleetFlags, command: Command) => {
        const json = Boolean((command.optsWithGlobals() as { json?: boolean }).json);
        const { config, fleet: f, statePath, open } = await loadFleet(flags, command, io);
        if (!flags.yes)
          throw new LupoError('cli/not-confirmed', 'A fleet apply changes many servers: confirm it with --yes.', {
            hint: 'Check the plan first: lupo apply FILE --dry-run --url <a canary>, then lupo fleet apply FILE --yes.',
          });
        const onEvent = json ? undefined : (event: FleetEvent) => printEvent(io, event);
        let run: FleetRunState;
        if (flags.resume) {
          const previous = await readFleetRunState(statePath);
          const source = file ?? previous?.file;
          const migration = source ? await readMigrationFile(path.resolve(io.cwd, source)) : undefined;
          run = await resumeFleetApply({
            fleet: f,
            config,
            open,
            role: previous?.role ?? 'core',
            statePath,
            ...(migration ? { file: { ...migration, path: source! } } : {}),
            allowDestructive: Boolean(flags.allowDestructive),
            ...(onEvent ? { onEvent } : {}),
          });
        } else {
          if (!file) throw new LupoError('cli/no-file', 'lupo fleet apply needs a migration file (or --resume).');
          const migration = await readMigrationFile(path.resolve(io.cwd, file));
          run = await fleetApply({
            fleet: f,
            config,
            open,
            file: { ...migration, path: path.relative(io.cwd, migration.path) || migration.path },
            role: role(flags, declaredTargetRole(migration.content) ?? 'core'),
            statePath,
            allowDestructive: Boolean(flags.allowDestructive),
            ...(onEvent ? { onEvent } : {}),
          });
        }
        if (json) io.stdout(JSON.stringify({ run }, null, 2) + '\n');
        else printRun(io, run, statePath);
        return run.status === 'completed' ? EXIT_OK : EXIT_ERROR;
      }),
    );
  fleet
    .command('report')
    .description('Write one report for the fleet: the last run per target and the drift per target.')
    .requiredOption('--out <file>', 'report file')
    .option('--format <format>', 'md (default) or json')
    .option('--fleet <file>', 'fleet file (default: lupo.fleet.json/.toon of the workspace)')
    .option('--role <role>', 'role database to compare (default core)')
    .action(
      action(io, setExit, async (flags: FleetFlags, command: Command) => {
        const { config, fleet: f, statePath, open } = await loadFleet(flags, command, io);
        const run = await readFleetRunState(statePath);
        const status = await fleetStatus({
          fleet: f,
          config,
          open,
          role: role(flags),
          ...(run ? { run } : {}),
        });
        const out = path.resolve(io.cwd, flags.out!);
        const text =
          flags.format === 'json'
            ? JSON.stringify({ status, run: run ?? null }, null, 2) + '\n'
            : renderFleetReportMarkdown(status, run);
        await writeFile(out, text);
        io.stdout(`Fleet report written to ${out}\n`);
        return EXIT_OK;
      }),
    );
};

import path from 'node:path';
import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import { formatLocation } from '../../../shared/schema/findings';
import { loadDefinitions, planAdoption, writeAdoption, type AdoptionPlan } from '../../engine/definitions/index';
import { action, EXIT_ERROR, EXIT_OK, type CliIo, type RegisterCommand } from '../runtime';
import { reportInputProblems } from '../workspace-analysis';
import { addSourceOptions, introspectLive, loadCliConfig, type SourceFlags } from '../workspace-sources';

/** Flags of `lupo adopt`. */
interface AdoptFlags extends SourceFlags {
  readonly table?: readonly string[];
  readonly dryRun?: boolean;
}

/** The `--json` shape of `lupo adopt` (paths relative to the definitions folder). */
interface AdoptOutput {
  readonly dryRun: boolean;
  readonly created: readonly string[];
  readonly rewritten: readonly string[];
  readonly unchanged: number;
  readonly orphaned: readonly string[];
  readonly findings: AdoptionPlan['findings'];
}

function printText(plan: AdoptionPlan, dryRun: boolean, io: CliIo): void {
  const verb = (done: string, todo: string): string => (dryRun ? todo : done);
  const dir = path.relative(io.cwd, plan.definitionsDir) || '.';
  for (const entry of plan.create) io.stdout(`${verb('created', 'would create')}    ${entry.relativePath}\n`);
  for (const entry of plan.rewrite) {
    io.stdout(`${verb('rewritten', 'would rewrite')}  ${entry.relativePath}\n`);
    for (const change of entry.changes) io.stdout(`    ${change}\n`);
  }
  for (const entry of plan.unchanged) io.stdout(`unchanged    ${entry.relativePath}\n`);
  for (const entry of plan.orphaned) io.stdout(`no live table ${entry.relativePath} (kept)\n`);
  for (const finding of plan.findings)
    io.stderr(`${formatLocation(finding.location)}: ${finding.severity}: ${finding.message}\n`);
  io.stdout(
    `${dir}: ${plan.create.length} ${verb('created', 'to create')}, ${plan.rewrite.length} ${verb('rewritten', 'to rewrite')}, ` +
      `${plan.unchanged.length} unchanged, ${plan.orphaned.length} without a live table` +
      `${dryRun ? ' (dry run: nothing written)' : ''}\n`,
  );
}

/**
 * `lupo adopt --db --toon DIR [--table NAME…] [--dry-run]`: writes table definitions from
 * the live schema — a new legacy-JSON file per live table nothing declares, a rewrite (own
 * encoding and key order kept) per definition that differs from its live table, nothing
 * for the rest; definitions without a live table are listed, never deleted. The app's
 * ledger tables are only adopted when the workspace already defines them. Exit 0 on
 * success (also when nothing changed), 2 on input or connection errors (nothing written).
 */
export const registerAdopt: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program
      .command('adopt')
      .description(
        'Write table definitions from the live schema: create files for undeclared live tables, rewrite the ' +
          'definitions that differ (keeping their encoding and key order), leave the rest untouched. Definitions ' +
          'without a live table are reported, never deleted. Exit 0: done (or nothing to do); 2: input or ' +
          'connection errors.',
      )
      .option('--table <name...>', 'adopt only these tables')
      .option('--dry-run', 'show what would be written, write nothing'),
  ).action(
    action(io, setExit, async (flags: AdoptFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      if (!flags.db) {
        throw new LupoError('cli/adopt-needs-db', 'lupo adopt writes definitions from the live databases: pass --db.', {
          hint: 'lupo adopt --db --url mysql://user@host:port --toon DIR',
        });
      }
      const found = await loadCliConfig(flags, command, io);
      const definitionsDir = flags.toon
        ? path.resolve(io.cwd, flags.toon)
        : found.path
          ? found.config.definitions
          : undefined;
      if (!definitionsDir) {
        throw new LupoError('cli/adopt-needs-definitions', 'No definitions folder to write to.', {
          hint: 'Pass --toon DIR or set "definitions" in lupo.config.',
        });
      }
      // Files are read with the workspace's own database names; --core-db & co. name the live ones.
      const definitions = await loadDefinitions(definitionsDir, found.config);
      if (reportInputProblems(definitions.findings, io)) return EXIT_ERROR;
      const live = await introspectLive(flags, command, io, found.config.databases);
      const plan = planAdoption({
        definitions,
        live,
        definitionsDir,
        config: found.config,
        ...(flags.table ? { tables: flags.table } : {}),
      });
      const errors = plan.findings.filter((finding) => finding.severity === 'error');
      const dryRun = Boolean(flags.dryRun) || errors.length > 0;
      if (!dryRun) await writeAdoption(plan);
      if (json) {
        const output: AdoptOutput = {
          dryRun: Boolean(flags.dryRun),
          created: plan.create.map((entry) => entry.relativePath),
          rewritten: plan.rewrite.map((entry) => entry.relativePath),
          unchanged: plan.unchanged.length,
          orphaned: plan.orphaned.map((entry) => entry.relativePath),
          findings: plan.findings,
        };
        io.stdout(JSON.stringify(output, null, 2) + '\n');
      } else {
        printText(plan, dryRun, io);
      }
      if (errors.length > 0) {
        io.stderr(`lupo: ${errors.length} table(s) cannot be adopted; nothing written\n`);
        return EXIT_ERROR;
      }
      return EXIT_OK;
    }),
  );
};

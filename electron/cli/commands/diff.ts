import type { Command } from 'commander';
import path from 'node:path';
import { formatLocation, type Finding } from '../../../shared/schema/findings';
import { DATABASE_ROLES } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { analyzeWorkspace, type Analysis } from '../../engine/analysis/analyze';
import { loadFileSources } from '../../engine/analysis/load-sources';
import { loadWorkspaceConfig } from '../../engine/config/index';
import { loadLiveModel } from '../../engine/introspect/index';
import { buildReport, type ReportInput, type SyncReport } from '../../engine/reports/report-model';
import { describeChange } from '../../engine/reports/describe-change';
import {
  addConnectionOptions,
  connectionTargetFromFlags,
  roleNamesFromFlags,
  type ConnectionFlags,
} from '../connection-options';
import {
  action,
  EXIT_ERROR,
  EXIT_FINDINGS,
  EXIT_OK,
  type CliIo,
  type ExitCode,
  type RegisterCommand,
} from '../runtime';

/** Flags shared by `lupo diff`, `lupo lint` and `lupo report`. */
export interface SourceFlags extends ConnectionFlags {
  readonly toon?: string;
  readonly sql?: string;
  readonly db?: boolean;
}

/** Adds --toon, --sql, --db and the connection flags to a command. */
export function addSourceOptions(command: Command): Command {
  return addConnectionOptions(
    command
      .option('--toon <dir>', 'folder of .toon table definitions (default: "definitions" from the config)')
      .option('--sql <file>', 'install/dump SQL file (default: "sqlFiles" from the config)')
      .option('--db', 'compare with the live databases (connection flags below)'),
  );
}

/** What the three commands load: config, analysis and the input problems (which mean exit 2). */
export interface LoadedAnalysis {
  readonly config: WorkspaceConfig;
  readonly analysis: Analysis;
  readonly inputFindings: readonly Finding[];
}

/**
 * Loads config, definitions (--toon, else the config's folder unless `defaults.definitions`
 * is false), SQL (--sql, else the config's sqlFiles unless `defaults.sql` is false) and,
 * with --db, the live databases; then analyses.
 */
export async function loadAnalysis(
  flags: SourceFlags,
  command: Command,
  io: CliIo,
  defaults: { readonly definitions: boolean; readonly sql: boolean } = { definitions: true, sql: true },
): Promise<LoadedAnalysis> {
  const globals = command.optsWithGlobals() as { config?: string };
  const { config } = await loadWorkspaceConfig({ ...(globals.config ? { path: globals.config } : {}), cwd: io.cwd });
  const definitionsDir = flags.toon
    ? path.resolve(io.cwd, flags.toon)
    : defaults.definitions
      ? config.definitions
      : undefined;
  const sqlFiles = flags.sql ? [path.resolve(io.cwd, flags.sql)] : defaults.sql ? config.sqlFiles : [];
  const files = await loadFileSources({ config, ...(definitionsDir ? { definitionsDir } : {}), sqlFiles });
  const live = flags.db
    ? await loadLiveModel(connectionTargetFromFlags(flags, io), roleNamesFromFlags(flags, config.databases))
    : undefined;
  const analysis = analyzeWorkspace({
    config,
    ...(files.definitions ? { definitions: files.definitions } : {}),
    ...(files.sql ? { sql: { model: files.sql.model, createTableCount: files.sql.createTableCount } } : {}),
    ...(live ? { live } : {}),
  });
  return { config, analysis, inputFindings: files.findings };
}

/** Builds the report model of an analysis (the JSON sections `lupo diff --json` shares with `lupo report`). */
export function reportOf(loaded: LoadedAnalysis, extra: Partial<ReportInput> = {}): SyncReport {
  const { analysis, config } = loaded;
  return buildReport({
    config,
    generatedAt: new Date(),
    sources: analysis.sources,
    threeWay: analysis.threeWay,
    doctrine: analysis.doctrine,
    budget: analysis.budget,
    ...extra,
  });
}

/** Prints input problems to stderr; true when any is an error (the command then exits 2). */
export function reportInputProblems(findings: readonly Finding[], io: CliIo): boolean {
  for (const finding of findings)
    io.stderr(`${formatLocation(finding.location)}: ${finding.severity}: ${finding.message}\n`);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  if (errors > 0) io.stderr(`lupo: ${errors} input problem(s); fix the files listed above\n`);
  return errors > 0;
}

/** The exit code of a check: 1 with drift or error-level findings, else 0. */
export function checkExitCode(analysis: Analysis, countDrift: boolean): ExitCode {
  return (countDrift && analysis.drift) || analysis.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function diffText(analysis: Analysis): string {
  const lines: string[] = [];
  const sources = analysis.threeWay.sources;
  lines.push(
    `Sources: ${sources.map((source) => `${source} (${analysis.sources[source]?.tables ?? 0} tables)`).join(', ') || 'none'}`,
  );
  for (const role of DATABASE_ROLES) {
    for (const pair of analysis.threeWay.roles[role].pairs) {
      if (pair.changes.length === 0) continue;
      lines.push(`${role}: ${pair.actual} → ${pair.desired}: ${pair.changes.length} difference(s)`);
      for (const change of pair.changes) lines.push(`  ${change.table}: ${describeChange(change)}`);
    }
  }
  if (!analysis.drift)
    lines.push(sources.length > 1 ? 'No drift: the sources agree.' : 'Only one source loaded: nothing to compare.');
  return lines.join('\n') + '\n';
}

/** `lupo diff --toon DIR [--sql FILE] [--db]`: three-way drift; exit 1 on drift or error findings, 2 on input errors. */
export const registerDiff: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program.command('diff').description('Three-way drift between definitions, SQL file(s) and live databases.'),
  ).action(
    action(io, setExit, async (flags: SourceFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      const loaded = await loadAnalysis(flags, command, io);
      if (reportInputProblems(loaded.inputFindings, io)) return EXIT_ERROR;
      if (json) {
        const report = reportOf(loaded);
        io.stdout(
          JSON.stringify(
            { reportVersion: report.reportVersion, counts: report.counts, databases: report.databases },
            null,
            2,
          ) + '\n',
        );
      } else io.stdout(diffText(loaded.analysis));
      return checkExitCode(loaded.analysis, true);
    }),
  );
};

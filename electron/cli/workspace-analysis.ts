import type { Command } from 'commander';
import { formatLocation, type Finding } from '../../shared/schema/findings';
import type { WorkspaceConfig } from '../../shared/workspace-config';
import { analyzeWorkspace, type Analysis } from '../engine/analysis/analyze';
import path from 'node:path';
import { readMigrationFile } from '../engine/migrations/migration-folder';
import { readLedgerExecution } from '../engine/reports/ledger-execution';
import { describeMigration, withMigration } from '../engine/reports/migration-input';
import { buildReport, type ReportInput, type SyncReport } from '../engine/reports/report-model';
import { openCliSession } from './cli-session';
import { EXIT_FINDINGS, EXIT_OK, type CliIo, type ExitCode } from './runtime';
import { loadCliSources, type SourceFlags } from './workspace-sources';

/** What the three commands load: config, analysis and the input problems (which mean exit 2). */
export interface LoadedAnalysis {
  readonly config: WorkspaceConfig;
  /** The workspace config file, when there is one (waivers are written there). */
  readonly configPath?: string;
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
  const sources = await loadCliSources(flags, command, io, defaults);
  const { config } = sources.loaded;
  const analysis = analyzeWorkspace({
    config,
    ...(sources.definitions ? { definitions: sources.definitions } : {}),
    ...(sources.sql ? { sql: { model: sources.sql.model, createTableCount: sources.sql.createTableCount } } : {}),
    ...(sources.live ? { live: sources.live } : {}),
    ...(sources.failedDefinitions ? { unknownTables: sources.failedDefinitions } : {}),
  });
  return {
    config,
    ...(sources.loaded.path ? { configPath: sources.loaded.path } : {}),
    analysis,
    inputFindings: sources.findings,
  };
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
    appManaged: analysis.appManaged,
    ...extra,
  });
}

/**
 * The report parts of a migration file (`lupo report --migration FILE`): its section, its
 * doctrine findings merged in (source "migration"), the budget after plan including tables
 * it creates that nothing counted yet, and — with --db — the execution section read from
 * the orchestration ledger (the newest apply of this file on its target role's database).
 */
export async function migrationReportParts(
  loaded: LoadedAnalysis,
  file: string,
  flags: SourceFlags,
  io: CliIo,
): Promise<{ parts: Partial<ReportInput>; errors: number }> {
  const absolute = path.resolve(io.cwd, file);
  const source = await readMigrationFile(absolute);
  const relative = path.relative(io.cwd, absolute);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  const description = describeMigration({ path: shown, content: source.content, sha256: source.sha256 }, loaded.config);
  const parts: Partial<ReportInput> = withMigration(loaded.analysis, description);
  const errors = description.findings.filter((finding) => finding.severity === 'error').length;
  if (!flags.db) return { parts, errors };
  const session = await openCliSession(flags, io);
  try {
    const { execution } = await readLedgerExecution(session.pool, {
      ledgerDatabase: loaded.config.databases.orchestration,
      targetDatabase: loaded.config.databases[description.migration.targetRole ?? 'core'],
      fileName: source.name,
      sha256: source.sha256,
    });
    return { parts: { ...parts, execution }, errors };
  } finally {
    await session.close().catch(() => {});
  }
}

/** Prints input problems to stderr; true when any is an error (the command then exits 2). */
export function reportInputProblems(
  findings: readonly Finding[],
  io: CliIo,
  command?: Pick<Command, 'optsWithGlobals'>,
): boolean {
  const { verbose = false, quiet = false } = (command?.optsWithGlobals() ?? {}) as {
    verbose?: boolean;
    quiet?: boolean;
  };
  const line = (finding: Finding): string =>
    `${formatLocation(finding.location)}: ${finding.severity}: ${finding.message}\n`;
  const errors = findings.filter((finding) => finding.severity === 'error');
  const others = findings.filter((finding) => finding.severity !== 'error');
  // Errors always, in full (they stop the command); warnings in one line unless --verbose.
  for (const finding of errors) io.stderr(line(finding));
  if (verbose) for (const finding of others) io.stderr(line(finding));
  else if (others.length > 0 && !quiet)
    io.stderr(`lupo: ${summarizeWarnings(others)} (--verbose lists them, --quiet hides this line)\n`);
  if (errors.length > 0) io.stderr(`lupo: ${errors.length} input problem(s); fix the files listed above\n`);
  return errors.length > 0;
}

/** "17 load warnings: 12 definition/…, 5 sql/…" — one line however many files warn. */
export function summarizeWarnings(findings: readonly Finding[]): string {
  const byCode = new Map<string, number>();
  for (const finding of findings) byCode.set(finding.code, (byCode.get(finding.code) ?? 0) + 1);
  const parts = [...byCode.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => `${count} ${code}`);
  return `${findings.length} load warning(s): ${parts.join(', ')}`;
}

/** The exit code of a check: 1 with drift or error-level findings, else 0. */
export function checkExitCode(analysis: Analysis, countDrift: boolean): ExitCode {
  return (countDrift && analysis.drift) || analysis.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

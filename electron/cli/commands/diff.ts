import type { Command } from 'commander';
import { DATABASE_ROLES } from '../../../shared/schema/model';
import type { Analysis } from '../../engine/analysis/analyze';
import { describeChange } from '../../engine/reports/describe-change';
import { action, EXIT_ERROR, type RegisterCommand } from '../runtime';
import { checkExitCode, loadAnalysis, reportInputProblems, reportOf } from '../workspace-analysis';
import { addSourceOptions, type SourceFlags } from '../workspace-sources';

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
  if (!analysis.drift) lines.push('No drift: the sources agree.');
  return lines.join('\n') + '\n';
}

/** `lupo diff --toon DIR [--sql FILE] [--db]`: three-way drift; exit 1 on drift or error findings, 2 on input errors or fewer than two sources. */
export const registerDiff: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program.command('diff').description('Three-way drift between definitions, SQL file(s) and live databases.'),
  ).action(
    action(io, setExit, async (flags: SourceFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      const loaded = await loadAnalysis(flags, command, io);
      // Bad files are listed and make the exit code 2, but everything that loaded is compared.
      const badInput = reportInputProblems(loaded.inputFindings, io, command);
      const sources = loaded.analysis.threeWay.sources;
      if (sources.length < 2) {
        // A diff needs two sides; one source is a usage problem, not "drift".
        io.stderr(
          `lupo diff: only ${sources[0] ?? 'no source'} was loaded, nothing to compare it with. Give two or more of --toon DIR, --sql FILE, --db (or a workspace config naming definitions and sqlFiles).\n`,
        );
        return EXIT_ERROR;
      }
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
      return badInput ? EXIT_ERROR : checkExitCode(loaded.analysis, true);
    }),
  );
};

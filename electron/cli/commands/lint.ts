import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import { formatLocation } from '../../../shared/schema/findings';
import { lintStatements } from '../../engine/doctrine/runner';
import { splitSqlFile } from '../../engine/sqlfile/index';
import type { SourcedFinding } from '../../engine/reports/report-model';
import { action, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type RegisterCommand } from '../runtime';
import { loadAnalysis, reportInputProblems } from '../workspace-analysis';
import { addSourceOptions, type SourceFlags } from '../workspace-sources';

/** Lints SQL/migration files statement by statement; an unreadable file is an input error. */
async function lintFiles(
  files: readonly string[],
  cwd: string,
  config: Parameters<typeof lintStatements>[2],
): Promise<SourcedFinding[]> {
  const findings: SourcedFinding[] = [];
  for (const file of files) {
    const full = path.resolve(cwd, file);
    let text: string;
    try {
      text = await readFile(full, 'utf8');
    } catch (error) {
      throw new LupoError('lint/unreadable', `Cannot read ${full}: ${(error as Error).message}`, {
        hint: 'Check the path of the SQL file to lint.',
        details: { file: full },
      });
    }
    for (const finding of lintStatements(
      splitSqlFile(text, path.relative(cwd, full) || full),
      path.relative(cwd, full) || full,
      config,
    ))
      findings.push({ ...finding, source: 'migration' });
  }
  return findings;
}

function line(finding: SourcedFinding): string {
  return `${formatLocation(finding.location)}: ${finding.severity} [${finding.code}]${finding.source ? ` (${finding.source})` : ''} ${finding.message}\n`;
}

/** `lupo lint [--toon DIR] [--sql FILE] [--db] [FILES.sql...]`: doctrine + budget findings; exit 1 on error-level findings. */
export const registerLint: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program
      .command('lint')
      .description(
        'Check definitions, SQL file(s), live databases and migration files against the doctrine and the table budget.',
      )
      .argument('[files...]', 'migration/SQL files to check statement by statement'),
  ).action(
    action(io, setExit, async (files: string[], flags: SourceFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      const onlyFiles = files.length > 0 && !flags.toon && !flags.sql && !flags.db;
      const loaded = await loadAnalysis(flags, command, io, { definitions: !onlyFiles, sql: !onlyFiles });
      if (reportInputProblems(loaded.inputFindings, io)) return EXIT_ERROR;
      const findings: SourcedFinding[] = [
        ...(onlyFiles ? [] : loaded.analysis.doctrine),
        ...(await lintFiles(files, io.cwd, loaded.config)),
      ];
      const counts = { error: 0, warning: 0, info: 0 };
      for (const finding of findings) counts[finding.severity] += 1;
      if (json) {
        io.stdout(
          JSON.stringify(
            {
              counts,
              ...(onlyFiles
                ? {}
                : { budget: { ...loaded.analysis.budget.total, exceededBy: loaded.analysis.budget.exceededBy } }),
              doctrine: findings.map((finding) => ({
                rule: finding.code,
                severity: finding.severity,
                location: formatLocation(finding.location),
                message: finding.message,
                ...(finding.source ? { source: finding.source } : {}),
              })),
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        for (const finding of findings) io.stdout(line(finding));
        const budget = loaded.analysis.budget.total;
        if (!onlyFiles)
          io.stdout(
            `Table budget: ${budget.current} now, ${budget.afterPlan} after plan, max ${budget.max}, headroom ${budget.headroom}\n`,
          );
        io.stdout(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n`);
      }
      return counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
    }),
  );
};

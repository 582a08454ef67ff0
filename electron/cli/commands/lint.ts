import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import { formatLocation } from '../../../shared/schema/findings';
import type { Waiver } from '../../../shared/workspace-config';
import { addWaivers } from '../../engine/config/index';
import { applyWaivers, lintStatements, UNWAIVABLE_RULES } from '../../engine/doctrine/runner';
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
  const waived = finding.waived ? ` [waived: ${finding.waived.reason}]` : '';
  return `${formatLocation(finding.location)}: ${finding.severity} [${finding.code}]${finding.source ? ` (${finding.source})` : ''} ${finding.message}${waived}\n`;
}

/**
 * The waivers that accept every current finding once (one per rule, table and source; a
 * finding without a table waives its rule for that source). The budget is never waived.
 */
export function baselineWaivers(findings: readonly SourcedFinding[], reason: string): Waiver[] {
  const seen = new Set<string>();
  const waivers: Waiver[] = [];
  for (const finding of findings) {
    if (finding.waived || UNWAIVABLE_RULES.has(finding.code) || finding.source === 'plan') continue;
    const key = `${finding.code}\u0000${finding.table ?? ''}\u0000${finding.source ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    waivers.push({
      rule: finding.code,
      ...(finding.table ? { table: finding.table } : {}),
      ...(finding.source ? { source: finding.source } : {}),
      reason,
    });
  }
  return waivers;
}

/** `lupo lint [--toon DIR] [--sql FILE] [--db] [FILES.sql...]`: doctrine + budget findings; exit 1 on error-level findings. */
export const registerLint: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program
      .command('lint')
      .description(
        'Check definitions, SQL file(s), live databases and migration files against the doctrine and the table budget.',
      )
      .argument('[files...]', 'migration/SQL files to check statement by statement')
      .option(
        '--baseline [reason]',
        'accept every current finding: write them as waivers (with this reason) into the workspace config, then exit 0',
      ),
  ).action(
    action(
      io,
      setExit,
      async (files: string[], flags: SourceFlags & { baseline?: string | true }, command: Command) => {
        const json = Boolean(command.optsWithGlobals().json);
        const onlyFiles = files.length > 0 && !flags.toon && !flags.sql && !flags.db;
        const loaded = await loadAnalysis(flags, command, io, { definitions: !onlyFiles, sql: !onlyFiles });
        // Bad files are listed and make the exit code 2, but everything that loaded is compared.
        const badInput = reportInputProblems(loaded.inputFindings, io, command);
        const findings: SourcedFinding[] = [
          ...(onlyFiles ? [] : loaded.analysis.doctrine),
          ...applyWaivers(await lintFiles(files, io.cwd, loaded.config), loaded.config.waivers ?? []),
        ];
        if (flags.baseline !== undefined) {
          const reason =
            typeof flags.baseline === 'string' && flags.baseline.trim()
              ? flags.baseline.trim()
              : `baseline ${new Date().toISOString().slice(0, 10)}`;
          const added = baselineWaivers(findings, reason);
          const all = await addWaivers(loaded.configPath, added);
          io.stderr(
            `lupo lint --baseline: ${added.length} waiver(s) written to ${loaded.configPath} (${all.length} in total); review and commit it.\n`,
          );
          const blocked = findings.filter(
            (finding) => UNWAIVABLE_RULES.has(finding.code) && finding.severity === 'error',
          );
          for (const finding of blocked) io.stdout(line(finding));
          return blocked.length > 0 ? EXIT_FINDINGS : EXIT_OK;
        }
        // Waived findings are listed (marked) but are not failures.
        const counts = { error: 0, warning: 0, info: 0, waived: 0 };
        for (const finding of findings) {
          if (finding.waived) counts.waived += 1;
          else counts[finding.severity] += 1;
        }
        if (json) {
          io.stdout(
            JSON.stringify(
              {
                // `waived` only when a waiver applied, so the document of a workspace without waivers is unchanged.
                counts:
                  counts.waived > 0 ? counts : { error: counts.error, warning: counts.warning, info: counts.info },
                ...(onlyFiles
                  ? {}
                  : { budget: { ...loaded.analysis.budget.total, exceededBy: loaded.analysis.budget.exceededBy } }),
                doctrine: findings.map((finding) => ({
                  rule: finding.code,
                  severity: finding.severity,
                  location: formatLocation(finding.location),
                  message: finding.message,
                  ...(finding.source ? { source: finding.source } : {}),
                  ...(finding.table ? { table: finding.table } : {}),
                  ...(finding.waived ? { waived: finding.waived } : {}),
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
          io.stdout(
            `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info${counts.waived ? `, ${counts.waived} waived` : ''}\n`,
          );
        }
        return badInput ? EXIT_ERROR : counts.error > 0 ? EXIT_FINDINGS : EXIT_OK;
      },
    ),
  );
};

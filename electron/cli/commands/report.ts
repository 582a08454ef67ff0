import type { Command } from 'commander';
import { Option } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import { renderHtml } from '../../engine/reports/render-html';
import { renderJson } from '../../engine/reports/render-json';
import { renderMarkdown } from '../../engine/reports/render-markdown';
import { renderPdf } from '../../engine/reports/render-pdf';
import { action, EXIT_ERROR, EXIT_FINDINGS, type RegisterCommand } from '../runtime';
import {
  checkExitCode,
  loadAnalysis,
  migrationReportParts,
  reportInputProblems,
  reportOf,
} from '../workspace-analysis';
import { addSourceOptions, type SourceFlags } from '../workspace-sources';

interface ReportFlags extends SourceFlags {
  readonly format: 'md' | 'json' | 'html' | 'pdf';
  readonly out?: string;
  readonly migration?: string;
}

/**
 * `lupo report --toon DIR [--sql FILE] [--db] [--migration FILE.sql] --format md|json|html|pdf --out FILE`:
 * writes a schema sync report; with --migration, the migration section (and, with --db,
 * the execution section from the orchestration ledger) is filled.
 */
export const registerReport: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program
      .command('report')
      .description('Write a schema sync report (Markdown, JSON, HTML or PDF) of drift, doctrine and table budget.')
      .addOption(new Option('--format <format>', 'report format').choices(['md', 'json', 'html', 'pdf']).default('md'))
      .option('--out <file>', 'file to write the report to')
      .option('--migration <file>', 'migration file to describe (with --db: and its execution from the ledger)'),
  ).action(
    action(io, setExit, async (flags: ReportFlags, command: Command) => {
      if (!flags.out) {
        throw new LupoError('cli/missing-out', 'lupo report needs --out FILE: where to write the report.', {
          hint: 'Add --out sync-report.md (or .json/.html/.pdf matching --format).',
        });
      }
      const json = Boolean(command.optsWithGlobals().json);
      const loaded = await loadAnalysis(flags, command, io);
      // Bad files are listed and make the exit code 2, but everything that loaded is compared.
      const badInput = reportInputProblems(loaded.inputFindings, io, command);
      const migration = flags.migration ? await migrationReportParts(loaded, flags.migration, flags, io) : undefined;
      const report = reportOf(loaded, {
        ...(loaded.config.systemVersion ? { systemVersion: loaded.config.systemVersion } : {}),
        ...migration?.parts,
      });
      const out = path.resolve(io.cwd, flags.out);
      const body =
        flags.format === 'md'
          ? renderMarkdown(report)
          : flags.format === 'json'
            ? renderJson(report)
            : flags.format === 'html'
              ? renderHtml(report)
              : await renderPdf(renderHtml(report));
      try {
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, body);
      } catch (error) {
        throw new LupoError('report/unwritable', `Cannot write the report to ${out}: ${(error as Error).message}`, {
          hint: 'Choose a writable --out path.',
          details: { file: out },
        });
      }
      if (json)
        io.stdout(
          JSON.stringify({ out, format: flags.format, status: report.status, counts: report.counts }, null, 2) + '\n',
        );
      else io.stdout(`Wrote ${flags.format} report to ${out} (status: ${report.status})\n`);
      if (badInput) return EXIT_ERROR;
      return migration && migration.errors > 0 ? EXIT_FINDINGS : checkExitCode(loaded.analysis, true);
    }),
  );
};

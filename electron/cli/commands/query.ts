import type { Command } from 'commander';
import type { QueryCell, QueryColumn } from '../../../shared/contract/query';
import { LupoError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import { loadWorkspaceConfig } from '../../engine/config/index';
import { rowWriter, textTable } from '../../../shared/format-rows';
import { confirmationWord, QuerySession } from '../../engine/query/query-session';
import { splitScript } from '../../engine/query/split-script';
import { assessStatement, isReadOnlySafe } from '../../engine/query/statement-safety';
import { streamRows } from '../../engine/query/stream-rows';
import { openCliSession } from '../cli-session';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_OK, type CliIo, type RegisterCommand } from '../runtime';

type Format = 'table' | 'csv' | 'json' | 'tsv';

interface QueryFlags extends ConnectionFlags {
  readonly dbRole: DatabaseRole;
  readonly format: Format;
  readonly yes?: boolean;
  readonly readOnly?: boolean;
}

const ROLE_FLAG: Record<DatabaseRole, 'coreDb' | 'orchestrationDb' | 'ephemeralDb'> = {
  core: 'coreDb',
  orchestration: 'orchestrationDb',
  ephemeral: 'ephemeralDb',
};

/** Collects output into large chunks: one write per ~64 KB instead of one per row. */
function bufferedOut(io: CliIo): { write: (text: string) => void; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (size === 0) return;
    io.stdout(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write: (text) => {
      parts.push(text);
      size += text.length;
      if (size >= 65_536) flush();
    },
    flush,
  };
}

/** A streaming writer for the CLI formats; `table` sizes its columns from the first page. */
function cliWriter(format: Format): {
  header: (c: readonly QueryColumn[]) => string;
  rows: (r: readonly (readonly QueryCell[])[]) => string;
  footer: () => string;
} {
  if (format !== 'table') return rowWriter(format);
  let columns: readonly QueryColumn[] = [];
  let rows = 0;
  return {
    header: (c) => ((columns = c), ''),
    rows: (page) => {
      rows += page.length;
      return textTable(columns, page);
    },
    footer: () => `${rows.toLocaleString('en-US')} row(s)\n`,
  };
}

/**
 * `lupo query "SQL"`: runs SQL on one role's database and streams the rows to stdout as a
 * table, CSV, TSV or JSON, in bounded memory (rows flow page by page from the socket).
 * The console's guard applies: `--read-only` refuses every write before it is sent, and
 * without `--yes` only reads run. Ctrl-C cancels with `KILL QUERY` on another connection.
 */
export const registerQuery: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('query')
      .description('Run SQL and stream the result to stdout (table, csv, tsv, json) with bounded memory.')
      .argument('<sql>', 'the statement(s) to run')
      .option('--db-role <role>', 'database to run in: core, orchestration or ephemeral', 'core')
      .option('--format <format>', 'table, csv, tsv or json', 'table')
      .option('--yes', 'allow writes (destructive ones and UPDATE/DELETE without WHERE included)')
      .option('--read-only', 'refuse every write before it is sent, and run the session read-only'),
  ).action(
    action(io, setExit, async (sql: string, flags: QueryFlags, command: Command) => {
      if (!['core', 'orchestration', 'ephemeral'].includes(flags.dbRole)) {
        throw new LupoError('cli/usage', `Unknown --db-role ${flags.dbRole}.`, {
          hint: 'Use core, orchestration or ephemeral.',
        });
      }
      if (!['table', 'csv', 'tsv', 'json'].includes(flags.format)) {
        throw new LupoError('cli/usage', `Unknown --format ${flags.format}.`, { hint: 'Use table, csv, tsv or json.' });
      }
      const statements = splitScript(sql);
      if (statements.length === 0)
        throw new LupoError('cli/usage', 'No statement to run.', { hint: 'Pass the SQL as the argument.' });
      for (const s of statements) {
        const assessment = assessStatement(s.sql);
        if (isReadOnlySafe(assessment)) continue;
        if (flags.readOnly) {
          throw new LupoError(
            'query/read-only',
            `--read-only: "${assessment.classification.summary}" was not sent to the server.`,
            {
              hint: 'Drop --read-only to make changes (with --yes).',
            },
          );
        }
        if (!flags.yes) {
          const what = assessment.missingWhere
            ? ' without WHERE (every row)'
            : assessment.destructive
              ? ' (destructive)'
              : '';
          throw new LupoError(
            'query/confirmation-needed',
            `"${assessment.classification.summary}"${what} changes the server: nothing was sent.`,
            {
              hint: 'Run again with --yes to confirm the change.',
            },
          );
        }
      }
      const globals = command.optsWithGlobals() as { config?: string };
      const { config } = await loadWorkspaceConfig({
        cwd: io.cwd,
        ...(globals.config ? { path: globals.config } : {}),
      });
      const database = flags[ROLE_FLAG[flags.dbRole]] ?? config.databases[flags.dbRole];
      const session = await openCliSession(flags, io);
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once('SIGINT', onSigint);
      const out = bufferedOut(io);
      try {
        let consoleSession: QuerySession | undefined;
        for (const s of statements) {
          const assessment = assessStatement(s.sql);
          if (isReadOnlySafe(assessment) && assessment.access === 'read') {
            const writer = cliWriter(flags.format);
            await streamRows(
              session.pool,
              { sql: s.sql, database, signal: controller.signal },
              (columns) => out.write(writer.header(columns)),
              (rows) => out.write(writer.rows(rows)),
            );
            out.write(writer.footer());
            continue;
          }
          consoleSession ??= await QuerySession.open(session, { readOnly: Boolean(flags.readOnly), database });
          const page = await consoleSession.run(s.sql, 1000, {
            typed: confirmationWord(database),
            allowMissingWhere: true,
          });
          const writer = cliWriter(flags.format);
          if (page.columns.length > 0) {
            out.write(writer.header(page.columns));
            out.write(writer.rows(page.rows));
            let next = page;
            while (!next.done) {
              next = await consoleSession.fetch(page.resultId, 1000);
              out.write(writer.rows(next.rows));
            }
            out.write(writer.footer());
          } else {
            io.stderr(
              `${page.affectedRows ?? 0} row(s) affected${page.bypassesLedger ? ' — DDL run outside the migration ledger' : ''}\n`,
            );
          }
        }
        out.flush();
        await consoleSession?.close();
        return EXIT_OK;
      } finally {
        out.flush();
        process.removeListener('SIGINT', onSigint);
        await session.close();
      }
    }),
  );
};

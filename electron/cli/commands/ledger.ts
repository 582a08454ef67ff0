import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import { loadWorkspaceConfig } from '../../engine/config/index';
import { convertLegacyLedger } from '../../engine/orchestrator/ledger-convert';
import { openCliSession } from '../cli-session';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_OK, type RegisterCommand } from '../runtime';

/** Flags of `lupo ledger convert`. */
interface ConvertFlags extends ConnectionFlags {
  readonly yes?: boolean;
}

/**
 * `lupo ledger convert --yes`: moves a Lupo Admin 0.1 ledger's history into Lupopedia's 8
 * tables (LEDGER §3 mapping), keeping the old tables as `*_lupo01` until the operator drops
 * them. Confirmed explicitly: without --yes it refuses and says what it would do.
 */
export const registerLedger: RegisterCommand = (program, io, setExit) => {
  const ledger = program.command('ledger').description('Maintain the orchestration ledger.');
  addConnectionOptions(
    ledger
      .command('convert')
      .description(
        "Convert a Lupo Admin 0.1 ledger into Lupopedia's orchestrator tables (keeps the 0.1 tables renamed *_lupo01).",
      )
      .option('--yes', 'confirm the conversion'),
  ).action(
    action(io, setExit, async (flags: ConvertFlags, command: Command) => {
      const globals = command.optsWithGlobals() as { json?: boolean; config?: string };
      const { config } = await loadWorkspaceConfig({
        cwd: io.cwd,
        ...(globals.config ? { path: globals.config } : {}),
      });
      const database = flags.orchestrationDb ?? config.databases.orchestration;
      if (!flags.yes) {
        throw new LupoError(
          'ledger/not-confirmed',
          `Converting the ledger in \`${database}\` renames its 0.1 tables to *_lupo01 and writes their history into Lupopedia's tables.`,
          { hint: 'Run `lupo ledger convert --yes` to confirm.' },
        );
      }
      const session = await openCliSession(flags, io);
      try {
        const result = await convertLegacyLedger(session.pool, database, true);
        if (globals.json) io.stdout(JSON.stringify({ database, ...result }, null, 2) + '\n');
        else if (!result.converted)
          io.stdout(`Nothing to convert: the ledger in ${database} is already Lupopedia's (or empty).\n`);
        else {
          io.stdout(
            `Converted the ledger in ${database}: ${result.batches} batch(es) moved into Lupopedia's tables.\n`,
          );
          io.stdout(`Kept the 0.1 tables: ${result.renamed.join(', ')} (drop them when satisfied).\n`);
        }
        return EXIT_OK;
      } finally {
        await session.close();
      }
    }),
  );
};

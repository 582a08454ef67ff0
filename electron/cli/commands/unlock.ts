import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import { Ledger } from '../../engine/orchestrator/ledger';
import { unlockStaleBatch } from '../../engine/orchestrator/stale-lock';
import { openCliSession } from '../cli-session';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_OK, type RegisterCommand } from '../runtime';
import { loadCliConfig } from '../workspace-sources';
import { databaseForRole } from './apply';

/** Flags of `lupo unlock`. */
interface UnlockFlags extends ConnectionFlags {
  readonly batch?: string;
  readonly force?: boolean;
}

/**
 * `lupo unlock --batch N`: frees the apply lock a dead runner left behind (its process
 * was killed or its host went away, and the server keeps the half-open connection — and
 * the lock — until wait_timeout). Refuses unless the holder is provably gone: the ledger's
 * runner ran on this host, its pid no longer exists, and its connection is idle. Then it
 * ends that connection (`KILL`) and checks the lock is free; `lupo apply --resume` follows.
 */
export const registerUnlock: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('unlock')
      .description(
        'Free the apply lock of an interrupted batch whose runner is gone (pid gone on this host, connection idle): ' +
          'ends the connection that holds it. Refuses while the runner may be alive.',
      )
      .requiredOption('--batch <id>', 'the batch the apply/locked message names')
      .option('--force', 'also stop a statement the dead runner left running on the server (it is rolled back)'),
  ).action(
    action(io, setExit, async (flags: UnlockFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      const batchId = Number(flags.batch);
      if (!Number.isInteger(batchId) || batchId < 1) {
        throw new LupoError('cli/bad-batch', `--batch needs a batch number, got "${flags.batch}".`, {
          hint: 'The apply/locked message and `lupo status` name the batch.',
        });
      }
      const { config } = await loadCliConfig({ ...flags }, command, io);
      const ledgerDatabase = databaseForRole('orchestration', flags, config);
      const session = await openCliSession(flags, io);
      try {
        const connection = await session.pool.getConnection();
        try {
          const ledger = await Ledger.open(connection, ledgerDatabase);
          const { connectionId, holder } = await unlockStaleBatch(connection, ledger, batchId, {
            force: Boolean(flags.force),
          });
          if (json) {
            io.stdout(
              JSON.stringify(
                { unlocked: holder.targetDatabase, batchId, killedConnection: connectionId, reason: holder.reason },
                null,
                2,
              ) + '\n',
            );
          } else {
            io.stdout(`${holder.reason}\n`);
            io.stdout(
              `Ended connection ${connectionId}: the lock of ${holder.targetDatabase} is free. Next: lupo apply --resume\n`,
            );
          }
          return EXIT_OK;
        } finally {
          connection.release();
        }
      } finally {
        await session.close();
      }
    }),
  );
};

import type { Command } from 'commander';
import { openSession } from '../../engine/connection/session';
import { addConnectionOptions, connectionTargetFromFlags, type ConnectionFlags } from '../connection-options';
import { action, EXIT_OK, type RegisterCommand } from '../runtime';

/** `lupo status`: the server's version and (with the ledger) batches and unfinished runs. */
export const registerStatus: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('status')
      .description('Show the server version and the orchestration ledger: batches and unfinished runs.'),
  ).action(
    action(io, setExit, async (flags: ConnectionFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      const session = await openSession(connectionTargetFromFlags(flags, io));
      try {
        const result = { server: { version: session.serverVersion, flavor: session.flavor, endpoint: session.endpoint } };
        if (json) io.stdout(JSON.stringify(result, null, 2) + '\n');
        else io.stdout(`Server: ${session.serverVersion} (${session.flavor}) at ${session.endpoint}\n`);
        return EXIT_OK;
      } finally {
        await session.close();
      }
    }),
  );
};

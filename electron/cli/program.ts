import { Command, CommanderError } from 'commander';
import { EXIT_ERROR, type CliIo, type ExitCode, type RegisterCommand } from './runtime';
import { appVersion } from '../engine/app-version';
import { commandsFor } from './commands/index';
import { redactingIo } from './redacting-io';

/**
 * Builds the `lupo` program and runs it on `argv` (without the node/script prefix).
 * In-process and injectable so tests can run commands without spawning.
 */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<ExitCode> {
  const io = redactingIo(rawIo, argv);
  let exitCode: ExitCode = 0;
  const setExit = (code: ExitCode): void => {
    exitCode = code;
  };
  const program = new Command('lupo')
    .description(
      'Lupo Admin command line: schema drift, doctrine, guarded migrations and sync reports for MySQL/MariaDB.',
    )
    .version(appVersion(), '-V, --version')
    .option('-c, --config <file>', 'workspace config file (default: ./lupo.config.json or ./lupo.config.toon)')
    .option('--json', 'machine-readable output on stdout')
    .option('--verbose', 'list every load warning (default: one summary line)')
    .option('-q, --quiet', 'no load-warning summary (errors are always shown)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const registers: readonly RegisterCommand[] = await Promise.all(commandsFor(argv).map((c) => c.load()));
  for (const register of registers) register(program, io, setExit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? 0 : EXIT_ERROR;
    }
    throw error;
  }
  return exitCode;
}

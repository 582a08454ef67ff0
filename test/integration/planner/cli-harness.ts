import { Command, CommanderError } from 'commander';
import type { CliIo, ExitCode, RegisterCommand } from '../../../electron/cli/runtime';

/** A CliIo capturing output, for in-process command runs. */
export function captureIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env, cwd };
}

/**
 * Runs `lupo` in-process with the given commands, built exactly as runCli builds the
 * program (same global options, exit override). Until the lead registers plan/sandbox in
 * electron/cli/commands/index.ts, this is how their tests reach them; afterwards the tests
 * can call runCli directly.
 */
export async function runCommands(
  registers: readonly RegisterCommand[],
  argv: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  const program = new Command('lupo')
    .option('-c, --config <file>', 'workspace config file')
    .option('--json', 'machine-readable output on stdout')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of registers) register(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}

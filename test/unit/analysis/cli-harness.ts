import { Command, CommanderError } from 'commander';
import { registerDiff } from '../../../electron/cli/commands/diff';
import { registerLint } from '../../../electron/cli/commands/lint';
import { registerReport } from '../../../electron/cli/commands/report';
import type { CliIo, ExitCode } from '../../../electron/cli/runtime';

/** Captured CLI output. */
export type CapturedIo = CliIo & { readonly out: string[]; readonly err: string[] };

/** An in-memory CliIo rooted at `cwd`. */
export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), isTTY: false, env, cwd };
}

/**
 * Runs diff/lint/report in-process on a program built like electron/cli/program.ts (same
 * global options), without depending on the lead's command registry.
 */
export async function runCommands(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  const setExit = (code: ExitCode) => {
    exitCode = code;
  };
  const program = new Command('lupo')
    .option('-c, --config <file>')
    .option('--json')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of [registerDiff, registerLint, registerReport]) register(program, io, setExit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}

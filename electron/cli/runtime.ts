import type { Command } from 'commander';
import { LupoError, serializeError } from '../../shared/errors';

/** Exit codes of DESIGN §5: 0 clean, 1 the check found problems, 2 usage/connection/input errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
/** One of the CLI's exit codes. */
export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_ERROR;

/** Where a command writes: injected so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stdout is a terminal (human output; progress bars). */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** stderr is a terminal; absent means "same as isTTY". Progress bars are drawn on stderr. */
  readonly stderrIsTTY?: boolean;
  /** Terminal width in columns, for progress bars (default 80). */
  readonly columns?: number;
  /**
   * Asks the operator a question on the terminal (`secret`: no echo). Present only when
   * there is a terminal to ask on; commands needing an answer without it fall back or refuse.
   */
  readonly prompt?: (question: string, options: { readonly secret: boolean }) => Promise<string>;
}

/** Options every command has. */
export interface GlobalOptions {
  readonly config?: string;
  readonly json?: boolean;
}

/**
 * Wraps a command's action: runs it, maps a thrown LupoError to exit 2 with its message
 * and hint (as JSON on stdout with --json), and records the exit code.
 */
export function action<A extends unknown[]>(
  io: CliIo,
  setExit: (code: ExitCode) => void,
  run: (...args: A) => Promise<ExitCode>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      setExit(await run(...args));
    } catch (error) {
      const command = args.at(-1) as Command | undefined;
      const json = Boolean(command?.optsWithGlobals?.().json);
      const wire = serializeError(error);
      if (json) {
        io.stdout(JSON.stringify({ error: wire }, null, 2) + '\n');
      } else {
        io.stderr(`lupo: ${wire.message}\n`);
        if (wire.hint) io.stderr(`  hint: ${wire.hint}\n`);
        if (wire.details) {
          for (const [key, value] of Object.entries(wire.details)) io.stderr(`  ${key}: ${String(value)}\n`);
        }
        if (!(error instanceof LupoError) && error instanceof Error && io.env.LUPO_DEBUG) {
          io.stderr(`${error.stack ?? ''}\n`);
        }
      }
      setExit(EXIT_ERROR);
    }
  };
}

/** Registers one command on the program. Each file in commands/ exports one of these. */
export type RegisterCommand = (program: Command, io: CliIo, setExit: (code: ExitCode) => void) => void;

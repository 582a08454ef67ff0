import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { LupoError } from '../../shared/errors';
import type { ResolvedConnectionParams } from '../../shared/contract/connection';
import type { CliIo } from './runtime';

/** The prompt a CliIo may carry (see CliIo.prompt). */
export type CliPrompt = NonNullable<CliIo['prompt']>;

/** Passwords typed during this run, per io and account: a command opening two sessions asks once. */
const typed = new WeakMap<CliIo, Map<string, string>>();

/** How the prompt names the account: USER@HOST:PORT (or USER@SOCKET). */
export function accountLabel(params: Pick<ResolvedConnectionParams, 'user' | 'host' | 'port' | 'socketPath'>): string {
  return `${params.user}@${params.socketPath ?? `${params.host}:${params.port}`}`;
}

/**
 * The database password for a CLI connection (DESIGN §5). A password already resolved from
 * the URL or LUPO_PASSWORD (even an empty one) is kept; otherwise, when the io can prompt
 * (stdin and stderr are terminals), the operator is asked without echo — once per account
 * per run; otherwise the connection goes without a password, as a script expects. The
 * password is never printed.
 */
export async function withPromptedPassword(
  params: ResolvedConnectionParams,
  io: CliIo,
): Promise<ResolvedConnectionParams> {
  if (params.password !== undefined || !io.prompt) return params;
  const label = accountLabel(params);
  let known = typed.get(io);
  if (!known) typed.set(io, (known = new Map()));
  let password = known.get(label);
  if (password === undefined) {
    password = await io.prompt(`Password for ${label}: `, { secret: true });
    known.set(label, password);
  }
  return { ...params, password };
}

/**
 * The real prompt of `lupo` on a terminal: writes the question to `output` and reads one
 * line from `input`; with `secret` nothing typed is echoed (readline writes into a muted
 * stream). Ctrl-C cancels with a LupoError instead of leaving the terminal waiting.
 */
export function terminalPrompt(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): CliPrompt {
  return async (question, { secret }) => {
    output.write(question);
    const muted = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        if (!secret) output.write(chunk);
        callback();
      },
    });
    const rl = createInterface({ input, output: muted, terminal: true });
    const controller = new AbortController();
    rl.on('SIGINT', () => controller.abort());
    try {
      return await rl.question('', { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) {
        throw new LupoError('cli/prompt-cancelled', 'Cancelled at the password prompt.', {
          hint: 'Run again, or set LUPO_PASSWORD to connect without a prompt.',
        });
      }
      throw error;
    } finally {
      rl.close();
      if (secret) output.write('\n');
    }
  };
}

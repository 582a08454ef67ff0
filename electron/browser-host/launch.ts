import { startBrowserMode, type BrowserModeOptions } from './main';
import { PortInUseError } from './server';

/** What `launchFromArgs` did: a running app, or a one-line refusal already printed (exit 2). */
export type LaunchResult =
  { readonly ok: true; readonly stop: () => Promise<void> } | { readonly ok: false; readonly exitCode: 2 };

/**
 * Browser mode as `npm start` launches it: `--port N` (1–65535) and `--no-open` from the
 * arguments. Operator mistakes — a port that is not a number, a port already in use — are
 * one line on `error` (no stack trace) and exit code 2; anything else is a real failure and
 * is thrown.
 */
export async function launchFromArgs(
  args: readonly string[],
  io: { readonly error: (line: string) => void; readonly log: (line: string) => void },
  extra: Omit<BrowserModeOptions, 'port' | 'openBrowser' | 'log'> = {},
): Promise<LaunchResult> {
  const portIndex = args.indexOf('--port');
  let port: number | undefined;
  if (portIndex >= 0) {
    const text = args[portIndex + 1] ?? '';
    port = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(Number.isInteger(port) && port > 0 && port < 65536)) {
      io.error(`--port needs a port number between 1 and 65535 (got "${text}").`);
      return { ok: false, exitCode: 2 };
    }
  }
  try {
    const running = await startBrowserMode({
      ...extra,
      ...(port === undefined ? {} : { port }),
      openBrowser: !args.includes('--no-open'),
      log: io.log,
    });
    return { ok: true, stop: running.stop };
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    io.error(error.message);
    return { ok: false, exitCode: 2 };
  }
}

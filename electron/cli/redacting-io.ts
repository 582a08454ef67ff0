import { redactSecrets } from '../engine/sql/redact-secrets';
import type { CliIo } from './runtime';

/** The password inside a connection URL, even one `new URL()` rejects (undefined when none). */
export function urlPassword(url: string | undefined): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:(.*)@/i.exec(url ?? '');
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** The `--url` value(s) on a command line (`--url X` and `--url=X`). */
function urlArguments(argv: readonly string[]): string[] {
  const urls: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--url' && argv[i + 1] !== undefined) urls.push(argv[i + 1]!);
    else if (arg.startsWith('--url=')) urls.push(arg.slice('--url='.length));
  });
  return urls;
}

/**
 * The CLI's output boundary: everything a command writes to stdout or stderr (human text,
 * `--json`, errors, progress) passes through `redactSecrets`, which masks URL passwords,
 * SQL password literals, and the exact secrets of this run (LUPO_PASSWORD, the password of
 * --url / LUPO_URL). One place, so no command can forget it.
 */
export function redactingIo(io: CliIo, argv: readonly string[]): CliIo {
  const known = [
    io.env.LUPO_PASSWORD,
    urlPassword(io.env.LUPO_URL),
    ...urlArguments(argv).map(urlPassword),
    ...urlArguments(argv).map((u) => urlPassword(u) && encodeURIComponent(urlPassword(u)!)),
  ].filter((s): s is string => Boolean(s));
  return {
    ...io,
    stdout: (text) => io.stdout(redactSecrets(text, known)),
    stderr: (text) => io.stderr(redactSecrets(text, known)),
  };
}

import type { CliIo } from '../../electron/cli/runtime';

/** A CliIo whose output is captured, for running `lupo` in-process with `runCli`. */
export type CapturedIo = CliIo & { readonly out: string[]; readonly err: string[] };

/** Builds a capturing CliIo; not a terminal unless `isTTY` says so. */
export function captureIo(
  options: Partial<Pick<CliIo, 'env' | 'cwd' | 'isTTY' | 'stderrIsTTY' | 'columns' | 'prompt'>> = {},
): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    ...options,
  };
}

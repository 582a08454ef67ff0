import { terminalPrompt } from './password-prompt';
import { runCli } from './program';

// A closed pipe (`lupo inspect | head`) is the reader saying "enough", not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/**
 * Process entry of `lupo`: real stdio, real exit code. No top-level await: the bundle is
 * CommonJS (bin/lupo.mjs runs it with a V8 code cache, which ES modules cannot use on Node 20).
 */
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  env: process.env,
  cwd: process.cwd(),
  // Only a terminal can be asked for a password; scripts connect without one (or LUPO_PASSWORD).
  ...(process.stdin.isTTY && process.stderr.isTTY ? { prompt: terminalPrompt(process.stdin, process.stderr) } : {}),
}).then((code) => {
  process.exitCode = code;
});

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngineHandlers } from '../engine/api/index';
import { defaultUserDataDir } from '../engine/user-data';
import { createBrowserModeCipher } from '../engine/connection/secret-cipher';
import { startBrowserHost, type BrowserHost } from './server';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Options of browser mode. */
export interface BrowserModeOptions {
  readonly port?: number;
  readonly rendererDir?: string;
  readonly userDataDir?: string;
  readonly openBrowser?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * Starts browser mode: the engine behind the loopback host, serving the built renderer.
 * Prints one line with the URL (token included) and opens the system browser when a
 * display exists.
 */
export async function startBrowserMode(
  options: BrowserModeOptions = {},
): Promise<{ host: BrowserHost; stop: () => Promise<void> }> {
  const userDataDir = options.userDataDir ?? defaultUserDataDir();
  mkdirSync(userDataDir, { recursive: true, mode: 0o700 });
  let engine: ReturnType<typeof createEngineHandlers> | undefined;
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const host = await startBrowserHost({
    rendererDir: options.rendererDir ?? join(repoRoot, 'out/renderer'),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.log === undefined ? {} : { log: options.log }),
    createHandlers: (emit) => {
      engine = createEngineHandlers({
        mode: 'browser',
        userDataDir,
        resourcesDir: repoRoot,
        secretCipher: createBrowserModeCipher(),
        emit,
      });
      return engine.handlers;
    },
  }).catch(async (error: unknown) => {
    await engine?.dispose(); // e.g. a busy --port: nothing may keep running
    throw error;
  });
  log(`Lupo Admin (browser mode) is running at ${host.url}`);
  if (options.openBrowser) openSystemBrowser(host.url);
  return {
    host,
    stop: async () => {
      await engine?.dispose();
      await host.close();
    },
  };
}

/** Opens the URL in the desktop's browser when there is a display; silently skipped otherwise. */
function openSystemBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay || process.env.CI) return;
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener available: the printed URL is enough
  }
}

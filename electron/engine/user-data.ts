import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's user-data folder outside Electron (browser mode, CLI): the same folder
 * Electron's `app.getPath('userData')` uses on Linux, so profiles and known hosts are
 * shared. `LUPO_USER_DATA` overrides it (tests, portable installs).
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LUPO_USER_DATA) return env.LUPO_USER_DATA;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lupo Admin');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lupo Admin');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Lupo Admin');
}

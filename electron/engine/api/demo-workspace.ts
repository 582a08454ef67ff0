import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The demo workspace the app opens on first start, as a writable copy in the user-data
 * folder: the shipped `toon/demo` may be read-only (inside a packaged app) and must not
 * collect the operator's migrations and backups (in a checkout). Copied once; later starts
 * keep what the operator did with it.
 */
export function prepareDemoWorkspace(shippedDemoDir: string, userDataDir: string): string {
  const copy = join(userDataDir, 'demo-workspace');
  if (!existsSync(join(copy, 'lupo.config.json')) && existsSync(shippedDemoDir)) {
    cpSync(shippedDemoDir, copy, { recursive: true });
  }
  return existsSync(copy) ? copy : shippedDemoDir;
}

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * E2E global setup: builds the renderer (and shells) once per run so browser mode serves
 * the current code. Skipped when LUPO_E2E_SKIP_BUILD=1 and a build exists (fast local loops).
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  if (process.env.LUPO_E2E_SKIP_BUILD === '1' && existsSync(join(root, 'out/renderer/index.html'))) return;
  // The e2e and cluster projects both need it: one build per vitest run.
  if (process.env.LUPO_BUILT_IN_THIS_RUN === '1') return;
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
  process.env.LUPO_BUILT_IN_THIS_RUN = '1';
}

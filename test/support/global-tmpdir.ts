import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives the whole test run one temp folder (TMPDIR, inherited by every worker, server and
 * browser the tests start) and removes it at the end, so scratch workspaces, data
 * directories and backups never pile up in /tmp. The first project to set up owns it.
 */
export default function setup(): (() => void) | undefined {
  if (process.env.LUPO_TEST_TMPDIR) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lupo-test-run-'));
  process.env.LUPO_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  return () => {
    if (!process.env.LUPO_KEEP_TEST_TMPDIR) rmSync(dir, { recursive: true, force: true });
  };
}

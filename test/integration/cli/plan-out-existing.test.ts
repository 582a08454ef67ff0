import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

/**
 * Issue 11 §7: `lupo plan --out` overwrote an applied migration file. It now refuses any
 * existing target (the file or its .down.sql) with exit 2 and writes nothing, unless
 * --force says to replace it.
 */
describe('lupo plan --out onto an existing file', () => {
  const url = inject('mysqlUrl');
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: string;
  let flags: string[];

  const run = async (...argv: string[]) => {
    const io = captureIo({ cwd: workspace });
    const code = await runCli([...argv, ...flags], io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['planout_core', 'planout_orch', 'planout_eph']);
    const [c, o, e] = scratch.names as [string, string, string];
    workspace = await mkdtemp(join(tmpdir(), 'lupo-plan-out-'));
    await cp(resolve(import.meta.dirname, '../../../toon/demo'), workspace, { recursive: true });
    flags = ['--toon', '.', '--db', '--url', url, '--core-db', c, '--orchestration-db', o, '--ephemeral-db', e];
  });
  afterAll(async () => {
    await scratch?.drop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('writes a new file, then refuses to replace it or its down-file (exit 2, nothing written), and replaces with --force', async () => {
    const first = await run('plan', '--role', 'core', '--out', 'm/V1__core.sql', '--down');
    expect(first.code, first.err).toBe(0);
    const file = join(workspace, 'm', 'V1__core.sql');
    await writeFile(file, '-- applied already; must not change\n');
    const before = await stat(file);

    const again = await run('plan', '--role', 'core', '--out', 'm/V1__core.sql');
    expect(again.code).toBe(2);
    expect(again.err).toContain(`${file} already exists; nothing written.`);
    expect(again.err).toMatch(/hint: .*--force/);
    expect(await readFile(file, 'utf8')).toBe('-- applied already; must not change\n');
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);

    // Only the down-file exists: still refused, and the main file is not written either.
    await rm(file);
    const downOnly = await run('plan', '--role', 'core', '--out', 'm/V1__core.sql', '--down');
    expect(downOnly.code).toBe(2);
    expect(downOnly.err).toContain('V1__core.down.sql already exists');
    await expect(stat(file)).rejects.toThrow();

    await writeFile(file, 'old\n');
    const forced = await run('plan', '--role', 'core', '--out', 'm/V1__core.sql', '--down', '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('-- lupo-target-role: core');
  });
});

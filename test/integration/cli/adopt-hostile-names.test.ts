import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { isReallyInsideFolder, unsafeFileNameReason } from '../../../electron/engine/definitions/safe-file-name';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';
import { runSqlText } from '../planner/support';

/**
 * Issue 11 §7: a live table name is whatever a database user typed. `lupo adopt` must
 * never turn `../../x` or `a\b` into a path outside the --toon folder: such tables are
 * located errors (exit 2) and nothing is written anywhere.
 */
const HOSTILE = ['../../adopt_escape', '..\\..\\adopt_escape_win', 'sub/dir', '..', 'CON'];

describe('lupo adopt with hostile live table names', () => {
  const url = inject('mysqlUrl');
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let root: string;
  let flags: string[];

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['adh_core', 'adh_orch', 'adh_eph']);
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    const tables = [...HOSTILE, 'plain_items']
      .map(
        (name) => `CREATE TABLE \`${name.replaceAll('`', '``')}\` (id INT NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB;`,
      )
      .join('\n');
    await runSqlText(url, core, tables);
    // root/ws/toon is the definitions folder; root/ and root/ws/ must stay untouched.
    root = await mkdtemp(join(tmpdir(), 'lupo-adopt-hostile-'));
    await mkdir(join(root, 'ws', 'toon'), { recursive: true });
    await writeFile(join(root, 'ws', 'toon', 'placeholder.toon.txt'), 'not a definition\n');
    flags = ['--db', '--url', url, '--core-db', core, '--orchestration-db', orchestration, '--ephemeral-db', ephemeral];
  });
  afterAll(async () => {
    await scratch?.drop();
    await rm(root, { recursive: true, force: true });
  });

  const files = async () => (await readdir(root, { recursive: true })).map(String).sort();

  it('refuses each hostile name with a located error, exit 2, and writes nothing anywhere', async () => {
    const before = await files();
    const io = captureIo({ cwd: join(root, 'ws') });
    const code = await runCli(['adopt', '--toon', 'toon', ...flags], io);
    const err = io.err.join('');
    expect(code).toBe(2);
    for (const name of HOSTILE) expect(err).toContain(`Live table ${JSON.stringify(name)} cannot be adopted`);
    expect(err).toMatch(
      /adh_core_\w+: error: Live table "\.\.\/\.\.\/adopt_escape" cannot be adopted: it contains a path separator/,
    );
    expect(err).toContain('nothing written');
    expect(err).not.toMatch(/this is a bug/i);
    expect(await files()).toEqual(before);
  });

  it('adopts the plain table when asked for it alone', async () => {
    const io = captureIo({ cwd: join(root, 'ws') });
    expect(await runCli(['adopt', '--toon', 'toon', '--table', 'plain_items', ...flags], io)).toBe(0);
    expect(await files()).toContain(join('ws', 'toon', 'plain_items.toon'));
    expect((await files()).filter((f) => f.includes('escape'))).toEqual([]);
  });

  it('names every unsafe file name, and sees through a symbolic link out of the folder', async () => {
    expect(unsafeFileNameReason('a\u0000b')).toMatch(/control character/);
    expect(unsafeFileNameReason('x\ny')).toMatch(/control character/);
    expect(unsafeFileNameReason('a:b')).toMatch(/forbid/);
    expect(unsafeFileNameReason('.hidden')).toMatch(/dot/);
    expect(unsafeFileNameReason('x'.repeat(201))).toMatch(/200 bytes/);
    expect(unsafeFileNameReason('café_orders')).toBeUndefined();
    const toon = join(root, 'ws', 'toon');
    await symlink(root, join(toon, 'core'));
    expect(await isReallyInsideFolder(toon, join(toon, 'core', 'new_table.toon'))).toBe(false);
    expect(await isReallyInsideFolder(toon, join(toon, 'role', 'new_table.toon'))).toBe(true);
    expect(await isReallyInsideFolder(toon, join(toon, '..', 'x.toon'))).toBe(false);
  });
});

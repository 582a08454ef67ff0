import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScratchDatabases } from '../../support/databases';
import { runSqlText } from './support';
import { captureIo } from '../../support/cli-io';
import { runCli } from '../../../electron/cli/program';

describe('lupo plan --toon DIR --db --out FILE.sql', () => {
  const url = inject('mysqlUrl');
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: string;
  let core: string;
  let flags: string[];

  const run = async (...argv: string[]) => {
    const io = captureIo({ cwd: workspace });
    const code = await runCli([...argv, ...flags], io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['plancli_core', 'plancli_orch', 'plancli_eph']);
    const [c, o, e] = scratch.names as [string, string, string];
    core = c;
    workspace = await mkdtemp(join(tmpdir(), 'lupo-plan-cli-'));
    await cp(resolve(import.meta.dirname, '../../../toon/demo'), workspace, { recursive: true });
    flags = ['--db', '--url', url, '--core-db', c, '--orchestration-db', o, '--ephemeral-db', e];
  });
  afterAll(async () => {
    await scratch?.drop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('writes one file per role, which converge the live databases; a second plan finds no drift', async () => {
    const first = await run('plan', '--toon', '.', '--out', 'out/V1__sync.sql');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const written = (await readdir(join(workspace, 'out'))).sort();
    expect(written).toEqual(['V1__sync.core.sql', 'V1__sync.ephemeral.sql', 'V1__sync.orchestration.sql']);
    expect(first.out).toMatch(/core \(plancli_core_\w+\): wrote out\/V1__sync\.core\.sql — \d+ statement\(s\)/);
    for (const [role, database] of [
      ['core', scratch.names[0]],
      ['orchestration', scratch.names[1]],
      ['ephemeral', scratch.names[2]],
    ] as const) {
      const text = await readFile(join(workspace, 'out', `V1__sync.${role}.sql`), 'utf8');
      expect(text).toContain(`-- lupo-target-role: ${role}`);
      await runSqlText(url, database!, text);
    }
    const second = await run('plan', '--toon', '.', '--out', 'out/V2__sync.sql');
    expect(second.code).toBe(0);
    expect(second.out).toContain('No drift');
    expect((await readdir(join(workspace, 'out'))).length).toBe(3);
  });

  it('plans a removed column back (JSON), lists an extra column as skipped, and exits 1 when only destructive drift is left', async () => {
    const connection = await mysql.createConnection({ uri: url, database: core });
    const [tables] = await connection.query<mysql.RowDataPacket[]>(
      "SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND COLUMN_KEY = '' AND ORDINAL_POSITION > 1 ORDER BY TABLE_NAME, ORDINAL_POSITION DESC LIMIT 1",
      [core],
    );
    const { t: table, c: column } = tables[0] as { t: string; c: string };
    await connection.query(
      `ALTER TABLE \`${table}\` DROP COLUMN \`${column}\`, ADD COLUMN \`stray_note\` varchar(10) NULL`,
    );

    const planned = await run('--json', 'plan', '--toon', '.', '--role', 'core', '--out', 'out/V3__core.sql', '--down');
    expect(planned.code).toBe(0);
    const { files } = JSON.parse(planned.out) as {
      files: { role: string; path: string; downPath: string; statements: number; skipped: string[] }[];
    };
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ role: 'core', path: join(workspace, 'out', 'V3__core.sql'), statements: 1 });
    expect(files[0]!.skipped).toEqual([expect.stringMatching(/drop column `.*`\.`stray_note`: destructive/)]);
    const text = await readFile(files[0]!.path, 'utf8');
    expect(text).toContain(`ADD COLUMN \`${column}\``);
    await runSqlText(url, core, text);
    expect(await readFile(files[0]!.downPath, 'utf8')).toContain(`DROP COLUMN \`${column}\``);

    const onlyDestructive = await run('plan', '--toon', '.', '--role', 'core', '--out', 'out/V4__core.sql');
    expect(onlyDestructive.code).toBe(1);
    expect(onlyDestructive.out).toMatch(
      /nothing written — every change needs --allow-destructive\n {2}skipped: drop column/,
    );
    const destructive = await run(
      'plan',
      '--toon',
      '.',
      '--role',
      'core',
      '--out',
      'out/V4__core.sql',
      '--allow-destructive',
    );
    expect(destructive.code).toBe(0);
    const drop = await readFile(join(workspace, 'out', 'V4__core.sql'), 'utf8');
    expect(drop).toMatch(/^-- DESTRUCTIVE: drop column `.*`\.`stray_note`/m);
    await runSqlText(url, core, drop);
    await connection.end();
    expect((await run('plan', '--toon', '.', '--role', 'core', '--out', 'out/V5.sql')).out).toContain('No drift');
  });

  it('refuses usage errors with exit 2', async () => {
    expect((await run('plan', '--toon', '.', '--out', 'x.sql', '--role', 'nope')).code).toBe(2);
    const io = captureIo({ cwd: workspace });
    expect(await runCli(['plan', '--toon', '.', '--out', 'x.sql'], io)).toBe(2);
    expect(io.err.join('')).toContain('pass --db');
  });
});

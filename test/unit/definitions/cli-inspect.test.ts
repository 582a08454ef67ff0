import { Command } from 'commander';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInit } from '../../../electron/cli/commands/init';
import { registerInspect } from '../../../electron/cli/commands/inspect';
import type { CliIo, ExitCode } from '../../../electron/cli/runtime';

/** Runs `lupo <argv>` in-process with only our commands registered. */
async function run(argv: string[], cwd: string): Promise<{ code: ExitCode; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code: ExitCode = 0;
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd };
  const program = new Command('lupo')
    .option('-c, --config <file>')
    .option('--json')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerInspect(program, io, (c) => (code = c));
  registerInit(program, io, (c) => (code = c));
  await program.parseAsync(argv, { from: 'user' });
  return { code, stdout, stderr };
}

const repo = path.resolve(__dirname, '../../..');
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'lupo-inspect-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('lupo inspect', () => {
  it('prints the demo workspace as JSON with the install SQL drift', async () => {
    const demo = path.join(repo, 'toon/demo');
    const { code, stdout } = await run(['inspect', '--toon', '.', '--sql', 'install.sql', '--json'], demo);
    const doc = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(doc.errors).toEqual([]);
    expect(doc.databases.core.name).toBe('lupo_demo_core');
    expect(doc.databases.core.tables.length).toBeGreaterThanOrEqual(20);
    expect(doc.databases.orchestration.tables.map((t: { name: string }) => t.name).sort()).toEqual([
      'migration_alerts',
      'migration_batches',
      'migration_dependencies',
      'migration_files',
      'migration_progress',
      'migration_rollback_log',
      'migration_system_state',
      'migration_validation_log',
    ]);
    expect(doc.databases.ephemeral.tables.length).toBeGreaterThanOrEqual(3);
    const sqlNames = doc.sql.tables.map((t: { name: string }) => t.name);
    expect(sqlNames).not.toContain('lupo_actor_collections');
    expect(sqlNames).not.toContain('lupo_permissions');
    expect(doc.sql.createTableCount).toBe(
      doc.databases.core.tables.length - 2 + 8 + doc.databases.ephemeral.tables.length,
    );
    const table = doc.databases.core.tables[0];
    expect(table.source.file).toMatch(/\.toon$/);
    expect(table.source.line).toBeGreaterThan(0);
  });

  it('exits 2 and lists every file that failed, in both output modes', async () => {
    const dir = path.join(tmp, 'bad');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFile(path.join(dir, 'a.toon'), '{"table_name": "a", "fields": ["`id` bigint"],}');
    await writeFile(path.join(dir, 'b.toon'), '{"table_name": "b", "fields": ["`id` frobnicate"]}');
    await writeFile(path.join(dir, 'c.toon'), '{"table_name": "c", "fields": ["`id` bigint NOT NULL"]}');
    const json = await run(['inspect', '--toon', dir, '--json'], tmp);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc.errors.map((e: { file: string }) => path.basename(e.file)).sort()).toEqual(['a.toon', 'b.toon']);
    expect(doc.errors[0]).toMatchObject({ line: 1, column: expect.any(Number) });
    expect(doc.databases.core.tables.map((t: { name: string }) => t.name)).toEqual(['c']);
    const text = await run(['inspect', '--toon', dir], tmp);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('a.toon:1:');
    expect(text.stdout).toContain('Unknown column type "frobnicate"');
    expect(text.stdout).toContain('core (lupo_core): 1 tables');
  });

  it('lupo init writes a commented TOON config once and refuses to overwrite', async () => {
    const dir = path.join(tmp, 'init');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    const first = await run(['init'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('lupo.config.toon');
    const second = await run(['init'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already exists');
    const inspect = await run(['inspect', '--json'], dir);
    // the starter config points at ./toon, which does not exist yet: a clear input error
    expect(inspect.code).toBe(2);
    expect(JSON.parse(inspect.stdout).error.message).toContain(path.join(dir, 'toon'));
  });
});

import { decode } from '@toon-format/toon';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkspaceConfig, writeStarterConfig } from '../../../electron/engine/config/index';

const fixtures = path.resolve(__dirname, '../../fixtures/config');
let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'lupo-config-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('loadWorkspaceConfig', () => {
  it('finds lupo.config.json in cwd, applies defaults and resolves paths against the file', async () => {
    const dir = path.join(fixtures, 'valid');
    const loaded = await loadWorkspaceConfig({ cwd: dir });
    expect(loaded.path).toBe(path.join(dir, 'lupo.config.json'));
    expect(loaded.config.definitions).toBe(path.join(dir, 'defs'));
    expect(loaded.config.migrations).toBe(path.join(dir, 'migrations'));
    expect(loaded.config.sqlFiles).toEqual([path.join(dir, 'sql/install.sql')]);
    expect(loaded.config.databases).toEqual({
      core: 'shop_core',
      orchestration: 'lupo_orchestration',
      ephemeral: 'lupo_ephemeral',
    });
    expect(loaded.config.tableBudget.total).toBe(120);
    expect(loaded.config.rolePatterns.orchestration).toEqual(['migration_*']);
  });

  it('resolves an explicit --config relative to cwd, paths relative to the config', async () => {
    const loaded = await loadWorkspaceConfig({ path: 'valid/lupo.config.json', cwd: fixtures });
    expect(loaded.dir).toBe(path.join(fixtures, 'valid'));
    expect(loaded.config.definitions).toBe(path.join(fixtures, 'valid/defs'));
  });

  it('names the file and every bad key', async () => {
    const file = path.join(fixtures, 'bad-key/lupo.config.json');
    const error = await loadWorkspaceConfig({ cwd: path.dirname(file) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'config/invalid' });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('"tableBudget.total"');
    expect((error as Error).message).toContain('"colour"');
  });

  it('reports invalid JSON, a missing --config and two configs side by side', async () => {
    await writeFile(path.join(tmp, 'lupo.config.json'), '{ "definitions": }');
    await expect(loadWorkspaceConfig({ cwd: tmp })).rejects.toMatchObject({
      code: 'config/invalid-json',
      message: expect.stringContaining('lupo.config.json'),
    });
    await expect(loadWorkspaceConfig({ cwd: tmp, path: 'missing.json' })).rejects.toMatchObject({
      code: 'config/not-found',
    });
    await writeFile(path.join(tmp, 'lupo.config.toon'), 'definitions: x\n');
    await expect(loadWorkspaceConfig({ cwd: tmp })).rejects.toMatchObject({ code: 'config/ambiguous' });
  });

  it('returns defaults rooted at cwd when no config exists', async () => {
    const loaded = await loadWorkspaceConfig({ cwd: tmp });
    expect(loaded.path).toBeUndefined();
    expect(loaded.config.definitions).toBe(path.join(tmp, 'toon'));
    expect(loaded.config.tableBudget.total).toBe(180);
  });
});

describe('writeStarterConfig', () => {
  it('writes a commented TOON config that loads, and refuses to overwrite', async () => {
    const file = await writeStarterConfig(tmp);
    expect(file).toBe(path.join(tmp, 'lupo.config.toon'));
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^# /m);
    expect(decode(text)).toMatchObject({ definitions: 'toon', tableBudget: { total: 180 } });
    const loaded = await loadWorkspaceConfig({ cwd: tmp });
    expect(loaded.config.databases.core).toBe('lupo_core');
    await expect(writeStarterConfig(tmp)).rejects.toMatchObject({ code: 'config/exists' });
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

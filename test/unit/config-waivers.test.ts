import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWaivers, loadWorkspaceConfig, removeWaiver, STARTER_CONFIG_TOON } from '../../electron/engine/config/index';

/** Issue 13 item 7: waivers live in the checked-in config, in its own encoding, reviewable in git. */
describe('waivers in the workspace config', () => {
  it('JSON: appended with the file’s indentation, read back, removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lupo-waivers-json-'));
    const file = join(dir, 'lupo.config.json');
    writeFileSync(file, '{\n    "definitions": "toon",\n    "tableBudget": { "total": 200 }\n}\n');
    await addWaivers(file, [{ rule: 'soft-delete', table: 'lupo_logs', reason: 'append-only log' }]);
    expect(readFileSync(file, 'utf8')).toContain('\n    "waivers": [');
    expect((await loadWorkspaceConfig({ cwd: dir })).config.waivers).toEqual([
      { rule: 'soft-delete', table: 'lupo_logs', reason: 'append-only log' },
    ]);
    await removeWaiver(file, { rule: 'soft-delete', table: 'LUPO_LOGS' });
    expect((await loadWorkspaceConfig({ cwd: dir })).config.waivers).toEqual([]);
  });

  it('TOON: only the waivers block changes; the comments stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lupo-waivers-toon-'));
    const file = join(dir, 'lupo.config.toon');
    writeFileSync(file, STARTER_CONFIG_TOON);
    await addWaivers(file, [
      { rule: 'bigint-ids', reason: 'legacy ids, see ADR 7' },
      { rule: 'soft-delete', table: 'lupo_logs', source: 'live', reason: 'append-only' },
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(STARTER_CONFIG_TOON.trimEnd())).toBe(true);
    const { config } = await loadWorkspaceConfig({ cwd: dir });
    expect(config.waivers).toHaveLength(2);
    expect(config.tableBudget.total).toBe(180);
    await removeWaiver(file, { rule: 'bigint-ids' });
    expect((await loadWorkspaceConfig({ cwd: dir })).config.waivers).toEqual([
      { rule: 'soft-delete', table: 'lupo_logs', source: 'live', reason: 'append-only' },
    ]);
    expect(readFileSync(file, 'utf8')).toContain('# Doctrine rule settings by rule id');
  });

  it('refuses a workspace without a config file, saying how to get one', async () => {
    await expect(addWaivers(undefined, [{ rule: 'x', reason: 'y' }])).rejects.toMatchObject({ code: 'config/no-file' });
  });
});

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const processWithResources = process as { resourcesPath?: string };

describe('where the ledger definitions are found', () => {
  afterEach(() => {
    delete processWithResources.resourcesPath;
    vi.resetModules();
  });

  it('uses the packaged app’s resources folder when Electron provides one', async () => {
    const resources = mkdtempSync(join(tmpdir(), 'lupo-resources-'));
    mkdirSync(join(resources, 'toon', 'orchestration'), { recursive: true });
    processWithResources.resourcesPath = resources;
    vi.resetModules();
    const { orchestrationDefinitionsDir } = await import('../../../electron/engine/orchestrator/ledger-bootstrap');
    expect(orchestrationDefinitionsDir()).toBe(join(resources, 'toon', 'orchestration'));
  });

  it('falls back to the checkout’s toon/orchestration', async () => {
    vi.resetModules();
    const { orchestrationDefinitionsDir } = await import('../../../electron/engine/orchestrator/ledger-bootstrap');
    expect(orchestrationDefinitionsDir()).toMatch(/toon[/\\]orchestration$/);
  });
});

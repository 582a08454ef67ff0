import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fleetFileSchema } from '../../../shared/contract/fleet';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { fleetApply, readFleetRunState } from '../../../electron/engine/fleet/fleet-apply';
import { fleetOpener } from '../../../electron/engine/fleet/fleet-targets';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { ProfileStore } from '../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../../electron/engine/connection/secret-cipher';

const temp: string[] = [];
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * A fleet run the operator stopped (the app's Stop, job/cancel) is halted, never
 * "completed": the targets it did not reach are not started and the run is resumable.
 */
describe('fleet apply cancelled', () => {
  it('halts with every target not started when stopped before the first wave', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lupo-fleet-cancel-'));
    temp.push(dir);
    const fleet = fleetFileSchema.parse({
      name: 'stopped',
      targets: [
        { name: 'c1', url: 'mysql://root@127.0.0.1:1', canary: true },
        { name: 'r1', url: 'mysql://root@127.0.0.1:1' },
      ],
    });
    const controller = new AbortController();
    controller.abort();
    const statePath = join(dir, '.lupo', 'fleet-run.json');
    const run = await fleetApply({
      fleet,
      config: workspaceConfigSchema.parse({}),
      open: await fleetOpener(fleet, {
        profiles: new ProfileStore(dir, createOwnerOnlyFileCipher()),
        knownHosts: new KnownHosts(dir),
        env: {},
        fleetFile: join(dir, 'lupo.fleet.json'),
      }),
      file: { name: 'V1__x.sql', path: 'V1__x.sql', content: 'DO 0;', sha256: 'x'.repeat(64), dependsOn: [] },
      role: 'core',
      statePath,
      signal: controller.signal,
    });
    expect(run.status).toBe('halted');
    expect(Object.values(run.targets).map((t) => t.state)).toEqual(['not-started', 'not-started']);
    expect((await readFleetRunState(statePath))?.status).toBe('halted');
  });
});

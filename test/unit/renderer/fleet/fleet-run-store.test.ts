import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFleetHandlers } from '../../../../electron/engine/api/fleet-handlers';
import { KnownHosts } from '../../../../electron/engine/connection/known-hosts';
import { ProfileStore } from '../../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../../../electron/engine/connection/secret-cipher';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner';
import { createLupoClient, type LupoBridge } from '../../../../shared/contract/client';
import { events, type EventName, type EventPayload } from '../../../../shared/contract/index';
import { dispatchCall, type HandlerMap } from '../../../../shared/contract/server';
import { workspaceConfigSchema } from '../../../../shared/workspace-config';
import {
  canStartFleetApply,
  createFleetRunStore,
  targetPhase,
} from '../../../../renderer/src/screens/fleet/fleet-run-store';

const temp: string[] = [];
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * The real fleet handlers and job runner behind the real contract dispatch, with events
 * validated by their contract schemas and delivered to the store's subscriptions.
 */
async function fleetApp() {
  const root = await mkdtemp(join(tmpdir(), 'lupo-fleet-store-'));
  temp.push(root);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const checked = events[event].payload.parse(payload);
    for (const listener of listeners.get(event) ?? []) listener(checked);
  };
  const handlers = createFleetHandlers({
    workspace: () => ({ root, config: workspaceConfigSchema.parse({ migrations: join(root, 'migrations') }) }),
    profiles: new ProfileStore(root, createOwnerOnlyFileCipher()),
    knownHosts: new KnownHosts(root),
    jobs: new JobRunner(emit),
    emit,
  });
  const bridge: LupoBridge = {
    invoke: (channel, payload) => dispatchCall(handlers as unknown as HandlerMap, channel, payload, { emit }),
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  await mkdir(join(root, 'migrations'));
  await writeFile(
    join(root, 'migrations', 'V1__a.sql'),
    'CREATE TABLE IF NOT EXISTS a (a_id BIGINT NOT NULL PRIMARY KEY);\nDROP TABLE IF EXISTS b;\n',
  );
  // Port 1 refuses at once: every target fails to connect.
  await writeFile(
    join(root, 'lupo.fleet.json'),
    JSON.stringify({
      name: 'nowhere',
      parallelism: 2,
      targets: [
        { name: 'c1', url: 'mysql://root@127.0.0.1:1', canary: true },
        { name: 'r1', url: 'mysql://root@127.0.0.1:1' },
        { name: 'r2', url: 'mysql://root@127.0.0.1:1' },
      ],
    }),
  );
  return { client: createLupoClient(bridge), handlers };
}

describe('fleet apply store (real fleet handlers, in process)', () => {
  it('plans, needs the typed name and destructive consent, follows the run to its halt', async () => {
    const { client } = await fleetApp();
    const store = createFleetRunStore(client);
    const stop = store.getState().listen();
    // The migration files are read by the migration domain; here the plan is asked for directly.
    await store.getState().pickFile('V1__a.sql');
    const plan = store.getState().plan!;
    expect(plan).toMatchObject({ fleet: 'nowhere', file: 'V1__a.sql', parallelism: 2, statements: 2, destructive: 1 });
    expect(plan.waves).toEqual([
      { canary: true, targets: ['c1'] },
      { canary: false, targets: ['r1', 'r2'] },
    ]);
    expect(canStartFleetApply(store.getState())).toBe(false);
    store.getState().setConfirmText('nowhere');
    expect(canStartFleetApply(store.getState())).toBe(false);
    store.getState().setAllowDestructive(true);
    expect(canStartFleetApply(store.getState())).toBe(true);

    // The engine refuses a wrong name even if a caller skips the store's check.
    await expect(
      client.call('fleet/apply', { file: 'V1__a.sql', confirmation: { typedFleet: 'nowher' } }),
    ).rejects.toThrow(/Type the fleet's name, nowhere/);

    await store.getState().apply();
    await expect.poll(() => store.getState().jobStatus).toBe('succeeded');
    const run = store.getState().run!;
    expect(run.status).toBe('halted');
    expect(targetPhase(run.targets.c1?.state)).toBe('failed');
    expect(run.targets.c1?.error).toMatch(/refused|connect/i);
    expect(['r1', 'r2'].map((n) => targetPhase(run.targets[n]?.state))).toEqual(['halted', 'halted']);

    // A halted run must be resumed, not restarted.
    await store.getState().pickFile('V1__a.sql');
    expect(store.getState().plan?.unfinished?.runId).toBe(run.runId);
    expect(canStartFleetApply({ ...store.getState(), confirmText: 'nowhere', allowDestructive: true })).toBe(false);
    store.getState().setConfirmText('nowhere');
    await store.getState().resume();
    await expect.poll(() => store.getState().jobStatus).toBe('succeeded');
    expect(store.getState().run).toMatchObject({ runId: run.runId, status: 'halted' });
    stop();
  });
});

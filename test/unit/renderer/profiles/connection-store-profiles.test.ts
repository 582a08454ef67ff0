import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnectionHandlers } from '../../../../electron/engine/api/connection-handlers';
import { KnownHosts } from '../../../../electron/engine/connection/known-hosts';
import { ProfileStore } from '../../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../../../electron/engine/connection/secret-cipher';
import { SessionRegistry } from '../../../../electron/engine/connection/session-registry';
import { LupoError } from '../../../../shared/errors';
import { createConnectionStore } from '../../../../renderer/src/stores/connection-store';
import { inProcessClient } from './in-process-client';

const temp: string[] = [];
afterAll(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

async function realHandlers() {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-profiles-ui-'));
  temp.push(dir);
  const sessions = new SessionRegistry({ emit: () => {}, pingIntervalMs: 0 });
  const handlers = createConnectionHandlers({
    profiles: new ProfileStore(dir, createOwnerOnlyFileCipher()),
    sessions,
    knownHosts: new KnownHosts(dir),
  });
  return { dir, handlers };
}

describe('connection store: profiles (real profile store in a temp folder)', () => {
  it('saves, lists, updates and deletes profiles; secrets never come back', async () => {
    const { dir, handlers } = await realHandlers();
    const store = createConnectionStore(inProcessClient(handlers));
    await store.getState().loadProfiles();
    expect(store.getState()).toMatchObject({ profiles: [], profilesLoaded: true });
    const saved = await store
      .getState()
      .saveProfile({ name: 'Zeta', user: 'root', password: 'hunter2', savePassword: true });
    await store.getState().saveProfile({ name: 'Alpha', user: 'app', port: 3307 });
    expect(store.getState().profiles.map((p) => p.name)).toEqual(['Alpha', 'Zeta']);
    expect(saved).toMatchObject({ hasPassword: true, secretStorage: 'owner-only-file' });
    expect(JSON.stringify(store.getState().profiles)).not.toContain('hunter2');
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).not.toContain('hunter2');

    await store
      .getState()
      .saveProfile({ id: saved!.id, name: 'Zeta', user: 'root', readOnly: true, savePassword: true });
    expect(store.getState().profiles.find((p) => p.id === saved!.id)).toMatchObject({
      readOnly: true,
      hasPassword: true,
    });

    const reloaded = createConnectionStore(inProcessClient(handlers));
    await reloaded.getState().loadProfiles();
    expect(reloaded.getState().profiles).toHaveLength(2);
    await reloaded.getState().deleteProfile(saved!.id);
    expect(reloaded.getState().profiles.map((p) => p.name)).toEqual(['Alpha']);
  });

  it('shows what is wrong with a profile instead of throwing', async () => {
    const { handlers } = await realHandlers();
    const store = createConnectionStore(inProcessClient(handlers));
    expect(await store.getState().saveProfile({ name: '', user: 'root' })).toBeUndefined();
    expect(store.getState().profileError?.code).toBe('contract/invalid-request');
    await store.getState().open({ profileId: 'missing' });
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'profile/not-found' } });
  });

  it('reports a failed test with the message and hint (nothing listens on port 1)', async () => {
    const { handlers } = await realHandlers();
    const store = createConnectionStore(inProcessClient(handlers));
    await store.getState().test({ host: '127.0.0.1', port: 1, user: 'root', connectTimeoutMs: 2_000 });
    const result = store.getState().testResult;
    expect(result?.ok).toBe(false);
    expect(result?.error?.message).toMatch(/Nothing accepted/);
    expect(result?.error?.hint).toBeTruthy();
  });
});

describe('connection store: unknown SSH host keys', () => {
  const fingerprint = 'SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const info = {
    connectionId: 'c1',
    serverVersion: '10.11.19-MariaDB',
    flavor: 'mariadb' as const,
    user: 'root',
    endpoint: 'db:3306 via bastion:22',
    databases: [],
  };

  it('prompts with the fingerprint, trusts it and retries the connect', async () => {
    const trusted: string[] = [];
    const client = inProcessClient({
      'connection/open': async () => {
        if (trusted.length === 0) {
          throw new LupoError('connection/ssh-unknown-host', 'The SSH host bastion:22 is not known yet.', {
            details: { host: 'bastion', port: 22, fingerprint },
          });
        }
        return info;
      },
      'connection/trust-host-key': async ({ fingerprint: accepted }) => {
        trusted.push(accepted);
        return { trusted: true };
      },
    });
    const store = createConnectionStore(client);
    await store.getState().open({ profileId: 'p1' });
    expect(store.getState().hostKeyPrompt).toMatchObject({
      host: 'bastion',
      port: 22,
      fingerprint,
      retry: { action: 'open' },
    });
    expect(store.getState().error).toBeUndefined();
    await store.getState().trustHostKey();
    expect(trusted).toEqual([fingerprint]);
    expect(store.getState()).toMatchObject({ status: 'connected', info: { connectionId: 'c1' } });
    expect(store.getState().hostKeyPrompt).toBeUndefined();
  });

  it('prompts on a test too, and cancelling retries nothing', async () => {
    let tests = 0;
    const client = inProcessClient({
      'connection/test': async () => {
        tests += 1;
        return {
          ok: false,
          elapsedMs: 5,
          error: {
            name: 'LupoError',
            code: 'connection/ssh-unknown-host',
            message: 'unknown',
            details: { host: 'b', port: 2222, fingerprint },
          },
        };
      },
    });
    const store = createConnectionStore(client);
    await store.getState().test({ user: 'root' });
    expect(store.getState().hostKeyPrompt).toMatchObject({ host: 'b', port: 2222, retry: { action: 'test' } });
    store.getState().dismissHostKey();
    await store.getState().trustHostKey();
    expect(tests).toBe(1);
    expect(store.getState().hostKeyPrompt).toBeUndefined();
  });
});

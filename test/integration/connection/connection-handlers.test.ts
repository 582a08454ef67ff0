import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mysql from 'mysql2/promise';
import { dispatchCall, type HandlerMap } from '../../../shared/contract/server';
import { schemaModelSchema } from '../../../shared/contract/schema-model';
import type { EngineEvent } from '../../../shared/engine-events';
import { createConnectionHandlers } from '../../../electron/engine/api/connection-handlers';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { ProfileStore } from '../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher, type SecretCipher } from '../../../electron/engine/connection/secret-cipher';
import { SessionRegistry, type ConnectionStateEvent } from '../../../electron/engine/connection/session-registry';
import { introspectSession } from '../../../electron/engine/introspect/index';
import { createScratchDatabases } from '../../support/databases';

const SECRET = 'Zebra-Quartz-8841-leak';

/** A real (AES-256-GCM) cipher standing in for safeStorage, which needs Electron. */
function testEncryptingCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    isAvailable: () => true,
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt: (text) => {
      const raw = Buffer.from(text, 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('connection handlers: profiles, open, introspect — and no secret ever leaves', () => {
  const user = `lupo_leak_${randomBytes(3).toString('hex')}`;
  let url: URL;
  let dir: string;
  let names: string[];
  let drop: () => Promise<void>;
  const captured: unknown[] = [];

  beforeAll(async () => {
    url = new URL(inject('mysqlUrl'));
    dir = await mkdtemp(join(tmpdir(), 'lupo-handlers-'));
    ({ names, drop } = await createScratchDatabases(url.toString(), ['lk_core', 'lk_orch', 'lk_eph']));
    const c = await mysql.createConnection({ uri: url.toString() });
    await c.query(`CREATE USER ?@'%' IDENTIFIED BY '${SECRET}'`, [user]);
    await c.query(`GRANT ALL ON *.* TO ?@'%'`, [user]);
    await c.query(`CREATE TABLE \`${names[0]}\`.thing (thing_id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB`);
    await c.end();
  });

  afterAll(async () => {
    const c = await mysql.createConnection({ uri: url.toString() });
    await c.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await c.end();
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [label, cipher, storage] of [
    ['owner-only file (browser mode, opt-in)', createOwnerOnlyFileCipher(), 'owner-only-file'],
    ['encrypting cipher (Electron safeStorage stand-in)', testEncryptingCipher(), 'encrypted'],
  ] as const) {
    it(`runs every flow with ${label} and the password appears nowhere`, async () => {
      const userData = join(dir, storage);
      const events: ConnectionStateEvent[] = [];
      const sessions = new SessionRegistry({ emit: (e) => events.push(e), pingIntervalMs: 0 });
      const handlers = createConnectionHandlers({
        profiles: new ProfileStore(userData, cipher),
        sessions,
        knownHosts: new KnownHosts(userData),
      }) as unknown as HandlerMap;
      const call = async (channel: string, payload: unknown) => {
        const envelope = await dispatchCall(handlers, channel, payload, { emit: (e, p) => captured.push({ e, p }) });
        captured.push(envelope);
        return envelope;
      };
      const databases = { core: names[0], orchestration: names[1], ephemeral: names[2] };
      const saved = await call('profile/save', {
        name: 'Leak check',
        host: '127.0.0.1',
        port: Number(url.port),
        user,
        password: SECRET,
        // No workspace is open here: the profile names its databases with the switch on.
        databases,
        overrideDatabases: true,
        ...(storage === 'owner-only-file' ? { savePassword: true } : {}),
      });
      expect(saved.ok).toBe(true);
      const profile = (saved as { value: { id: string; hasPassword: boolean; secretStorage: string } }).value;
      expect(profile.hasPassword).toBe(true);
      expect(profile.secretStorage).toBe(storage);
      expect(((await call('profile/list', {})) as { value: { profiles: unknown[] } }).value.profiles).toHaveLength(1);

      const tested = (await call('connection/test', { profileId: profile.id })) as {
        value: { ok: boolean; roles: Array<{ exists: boolean }> };
      };
      expect(tested.value.ok).toBe(true);
      expect(tested.value.roles.every((r) => r.exists)).toBe(true);
      const wrong = (await call('connection/test', { profileId: profile.id, password: SECRET + 'x' })) as {
        value: { ok: boolean; error: { code: string } };
      };
      expect(wrong.value.error.code).toBe('connection/access-denied');

      const opened = (await call('connection/open', { profileId: profile.id })) as {
        value: { connectionId: string; roles: Array<{ role: string; tableCount: number }> };
      };
      expect(opened.value.roles.find((r) => r.role === 'core')?.tableCount).toBe(1);
      const model = (await call('schema/introspect', { connectionId: opened.value.connectionId })) as {
        ok: boolean;
        value: unknown;
      };
      expect(model.ok).toBe(true);
      expect(schemaModelSchema.parse(model.value).databases.core.tables.map((t) => t.name)).toEqual(['thing']);
      // Paged: the first page reads the server, the next one pages through that same read.
      const pageOf = async (offset: number) =>
        schemaModelSchema.parse(
          (
            (await call('schema/introspect', {
              connectionId: opened.value.connectionId,
              page: { offset, limit: 1 },
            })) as { value: unknown }
          ).value,
        );
      expect((await pageOf(0)).databases.core.tables.map((t) => t.name)).toEqual(['thing']);
      expect((await pageOf(1)).databases.core.tables).toEqual([]);
      const logs: EngineEvent[] = [];
      await introspectSession(
        sessions.get(opened.value.connectionId).session,
        { core: names[0]!, orchestration: 'missing_db_x', ephemeral: names[2]! },
        (e) => logs.push(e),
      );
      captured.push(logs);
      await sessions.pingAll();
      captured.push(events);
      expect((await call('connection/close', { connectionId: opened.value.connectionId })).ok).toBe(true);

      // Old request shape of the lead's UI still works.
      const direct = (await call('connection/open', {
        host: '127.0.0.1',
        port: Number(url.port),
        user,
        password: SECRET,
      })) as { ok: boolean; value: { connectionId: string } };
      expect(direct.ok).toBe(true);
      await call('connection/close', { connectionId: direct.value.connectionId });

      // Updating without a password keeps it; the profile file never holds it.
      await call('profile/save', {
        id: profile.id,
        name: 'Leak check 2',
        host: '127.0.0.1',
        port: Number(url.port),
        user,
        databases,
        overrideDatabases: true,
        ...(storage === 'owner-only-file' ? { savePassword: true } : {}),
      });
      expect(((await call('connection/test', { profileId: profile.id })) as { value: { ok: boolean } }).value.ok).toBe(
        true,
      );
      const files = await readdir(userData);
      for (const file of files) {
        const text = await readFile(join(userData, file), 'utf8');
        expect(text).not.toContain(SECRET);
        expect((await stat(join(userData, file))).mode & 0o077).toBe(0);
      }
      expect(
        ((await call('profile/delete', { id: profile.id })) as { value: { deleted: boolean } }).value.deleted,
      ).toBe(true);
      await sessions.dispose();
    });
  }

  it('without opting in, browser mode stores no secret', async () => {
    const store = new ProfileStore(join(dir, 'no-opt-in'), createOwnerOnlyFileCipher());
    const summary = await store.save({ name: 'p', user: 'root', password: SECRET });
    expect(summary.hasPassword).toBe(false);
    expect(summary.secretStorage).toBe('none');
    expect((await store.resolve(summary.id)).password).toBeUndefined();
  });

  afterAll(() => {
    const everything = JSON.stringify(captured);
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(SECRET);
  });
});

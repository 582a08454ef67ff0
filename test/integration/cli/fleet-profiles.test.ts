import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { ProfileStore } from '../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher, type SecretCipher } from '../../../electron/engine/connection/secret-cipher';
import { createScratchDatabases } from '../../support/databases';
import { captureIo } from '../../support/cli-io';

/**
 * A real encrypting cipher standing in for the app's OS keychain (Electron safeStorage):
 * AES-256-GCM under a key only this test holds, so the CLI (owner-only file cipher) cannot
 * open what it wrote — exactly the situation of a profile saved by the desktop app.
 */
function keychainCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    isAvailable: () => true,
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt: (text) => {
      const raw = Buffer.from(text, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * Fleet targets by saved profile name (issue 15, point 5): `lupo fleet status` resolves
 * `"profile": "…"` through the profile store of the user-data folder it shares with the app.
 * A password the app encrypted with the OS keychain cannot be opened by the CLI: a clear
 * error names the fleet file, the target and the variable to set; with that variable the
 * target is read. Unknown profiles and targets without url/profile are validation errors
 * naming the file and the target.
 */
describe('fleet targets by profile (CLI)', () => {
  const url = inject('mysqlUrl');
  const user = `fleetp_${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let cwd: string;
  let userData: string;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['fleetp_core']);
    const [core] = scratch.names as [string];
    const c = await mysql.createConnection({ uri: url });
    await c.query(`CREATE TABLE \`${core}\`.t_one (t_one_id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB`);
    await c.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
    await c.query(`GRANT SELECT ON \`${core}\`.* TO ?@'%'`, [user]);
    await c.end();
    cwd = await mkdtemp(join(tmpdir(), 'lupo-fleetp-ws-'));
    userData = await mkdtemp(join(tmpdir(), 'lupo-fleetp-ud-'));
    const server = new URL(url);
    const profile = {
      host: server.hostname,
      port: Number(server.port),
      user,
      password,
      databases: { core, orchestration: 'orchestration', ephemeral: 'ephemeral' },
    };
    // Saved by "the app" (keychain-encrypted) and by the CLI's own store (owner-only file).
    await new ProfileStore(userData, keychainCipher()).save({ ...profile, name: 'prod-eu-1' });
    await new ProfileStore(userData, createOwnerOnlyFileCipher()).save({
      ...profile,
      name: 'lab',
      savePassword: true,
    });
    await writeFile(
      join(cwd, 'lupo.fleet.json'),
      JSON.stringify({
        name: 'profiles',
        targets: [
          { profile: 'lab', canary: true, databases: { core } },
          { profile: 'prod-eu-1', databases: { core } },
        ],
      }),
    );
  });

  afterAll(async () => {
    const c = await mysql.createConnection({ uri: url });
    await c.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await c.end();
    await scratch?.drop();
    await rm(cwd, { recursive: true, force: true });
    await rm(userData, { recursive: true, force: true });
  });

  it('reads owner-only secrets, and names the variable for keychain-encrypted ones', async () => {
    const io = captureIo({ cwd, env: { LUPO_USER_DATA: userData } });
    expect(await runCli(['--json', 'fleet', 'status'], io)).toBe(1);
    const { status } = JSON.parse(io.out.join(''));
    const [lab, prod] = status.targets;
    expect(lab).toMatchObject({ name: 'lab', reachable: true, cells: ['in-sync'] });
    expect(prod).toMatchObject({ name: 'prod-eu-1', reachable: false, endpoint: 'profile prod-eu-1' });
    expect(prod.error).toContain('lupo.fleet.json: target "prod-eu-1": the saved secrets of profile "prod-eu-1"');
    expect(prod.error).toContain('Electron safeStorage');

    // The operator supplies the password through the variable the error names.
    const withEnv = captureIo({ cwd, env: { LUPO_USER_DATA: userData, LUPO_PASSWORD_PROD_EU_1: password } });
    expect(await runCli(['--json', 'fleet', 'status'], withEnv), withEnv.err.join('')).toBe(0);
    const targets = JSON.parse(withEnv.out.join('')).status.targets;
    expect(targets.map((t: { reachable: boolean }) => t.reachable)).toEqual([true, true]);

    // A wrong one reaches the server and is refused there (the variable really is the password used).
    const wrong = captureIo({ cwd, env: { LUPO_USER_DATA: userData, LUPO_PASSWORD_PROD_EU_1: 'nope' } });
    expect(await runCli(['--json', 'fleet', 'status'], wrong)).toBe(1);
    expect(JSON.parse(wrong.out.join('')).status.targets[1].error).toMatch(/denied|password/i);
  });

  it('reads a password file in the fleet file’s folder, never one outside it', async () => {
    await mkdir(join(cwd, 'secrets'), { recursive: true });
    await writeFile(join(cwd, 'secrets', 'eu1.txt'), `${password}\n`, { mode: 0o600 });
    const core = scratch.names[0]!;
    await writeFile(
      join(cwd, 'file.fleet.json'),
      JSON.stringify({ targets: [{ profile: 'prod-eu-1', passwordFile: 'secrets/eu1.txt', databases: { core } }] }),
    );
    const inside = captureIo({ cwd, env: { LUPO_USER_DATA: userData } });
    expect(await runCli(['--json', 'fleet', 'status', '--fleet', 'file.fleet.json'], inside)).toBe(0);
    expect(JSON.parse(inside.out.join('')).status.targets[0]).toMatchObject({ reachable: true });

    // A symlink out of the folder (here to the user-data folder's secrets) is refused, not read.
    await symlink(join(userData, 'profile-secrets.json'), join(cwd, 'secrets', 'link.txt'));
    await writeFile(
      join(cwd, 'link.fleet.json'),
      JSON.stringify({ targets: [{ name: 'x', url: 'mysql://root@127.0.0.1:1', passwordFile: 'secrets/link.txt' }] }),
    );
    const outside = captureIo({ cwd, env: { LUPO_USER_DATA: userData } });
    expect(await runCli(['--json', 'fleet', 'status', '--fleet', 'link.fleet.json'], outside)).toBe(1);
    expect(JSON.parse(outside.out.join('')).status.targets[0].error).toMatch(
      /link\.fleet\.json: target "x": password file secrets\/link\.txt: it is outside /,
    );
  });

  it('never applies through a read-only profile', async () => {
    const server = new URL(url);
    await new ProfileStore(userData, createOwnerOnlyFileCipher()).save({
      name: 'ro',
      host: server.hostname,
      port: Number(server.port),
      user: 'root',
      readOnly: true,
    });
    const ws = await mkdtemp(join(tmpdir(), 'lupo-fleetp-ro-'));
    await writeFile(join(ws, 'lupo.fleet.json'), JSON.stringify({ name: 'ro', targets: [{ profile: 'ro' }] }));
    await writeFile(join(ws, 'V1__ro.sql'), 'CREATE TABLE IF NOT EXISTS ro_t (ro_t_id BIGINT NOT NULL PRIMARY KEY);\n');
    const io = captureIo({ cwd: ws, env: { LUPO_USER_DATA: userData } });
    expect(await runCli(['fleet', 'apply', 'V1__ro.sql', '--yes'], io)).toBe(2);
    expect(io.out.join('')).toMatch(/ro: failed — .*lupo\.fleet\.json: target "ro": profile "ro" is read-only/);
    await rm(ws, { recursive: true, force: true });
  });

  it('refuses unknown profiles and targets without url or profile, naming the file and the target', async () => {
    await writeFile(
      join(cwd, 'unknown.fleet.json'),
      JSON.stringify({ targets: [{ name: 'eu', profile: 'prod-eu-9' }] }),
    );
    const unknown = captureIo({ cwd, env: { LUPO_USER_DATA: userData } });
    expect(await runCli(['fleet', 'status', '--fleet', 'unknown.fleet.json'], unknown)).toBe(2);
    expect(unknown.err.join('')).toContain(
      'unknown.fleet.json: target "eu": no saved connection profile is named "prod-eu-9"',
    );
    expect(unknown.err.join('')).toContain('Saved profiles: lab, prod-eu-1');

    await writeFile(join(cwd, 'neither.fleet.json'), JSON.stringify({ targets: [{ name: 'bare' }] }));
    const neither = captureIo({ cwd, env: { LUPO_USER_DATA: userData } });
    expect(await runCli(['fleet', 'status', '--fleet', 'neither.fleet.json'], neither)).toBe(2);
    expect(neither.err.join('')).toContain(
      'neither.fleet.json: targets.0 (target "bare"): give either "url" or "profile" (exactly one)',
    );
  });
});

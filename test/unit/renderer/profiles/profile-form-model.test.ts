import { describe, expect, it } from 'vitest';
import { connectionParams, profileInput, type ProfileSummary } from '../../../../shared/contract/connection';
import {
  emptyProfileForm,
  formToParams,
  formToProfileInput,
  isFormDirty,
  profileTarget,
  profileToForm,
  validateProfileForm,
} from '../../../../renderer/src/screens/connect/profile-form-model';

const names = { core: 'lupo_core', orchestration: 'lupo_orchestration', ephemeral: 'lupo_ephemeral' };

describe('profile form model', () => {
  it('turns a TCP form with TLS and an SSH key tunnel into valid connection params', () => {
    const form = {
      ...emptyProfileForm(names),
      host: ' db.example.org ',
      port: '3307',
      user: 'admin',
      password: 's3cret',
      timeoutSeconds: 2.5,
      readOnly: true,
      tlsMode: 'verify-ca' as const,
      caFile: '/etc/ca.pem',
      sshEnabled: true,
      sshHost: 'bastion',
      sshPort: 2222,
      sshUser: 'ops',
      sshAuth: 'key' as const,
      sshPrivateKeyFile: '~/.ssh/id_ed25519',
      sshPassphrase: 'pp',
      sshPassword: 'ignored for key auth',
    };
    const params = formToParams(form);
    expect(params).toEqual({
      host: 'db.example.org',
      port: 3307,
      user: 'admin',
      password: 's3cret',
      connectTimeoutMs: 2500,
      tls: { mode: 'verify-ca', caFile: '/etc/ca.pem' },
      ssh: {
        host: 'bastion',
        port: 2222,
        user: 'ops',
        auth: 'key',
        privateKeyFile: '~/.ssh/id_ed25519',
        passphrase: 'pp',
      },
      readOnly: true,
      overrideDatabases: false,
    });
    expect(connectionParams.safeParse(params).success).toBe(true);
  });

  it('sends the profile’s own database names only with the explicit switch on', () => {
    const own = { core: ' a_core ', orchestration: 'a_orch', ephemeral: 'a_eph' };
    const off = { ...emptyProfileForm(names), databases: own };
    expect(formToParams(off)).toMatchObject({ overrideDatabases: false });
    expect(formToParams(off).databases).toBeUndefined();
    expect(validateProfileForm({ ...off, databases: { ...own, core: '' } }, false)).toEqual({});
    const on = { ...off, overrideDatabases: true };
    expect(formToParams(on)).toMatchObject({
      overrideDatabases: true,
      databases: { core: 'a_core', orchestration: 'a_orch', ephemeral: 'a_eph' },
    });
    expect(Object.keys(validateProfileForm({ ...on, databases: { ...own, core: '' } }, false))).toEqual(['db-core']);
  });

  it('uses the socket path only for the socket transport', () => {
    const form = { ...emptyProfileForm(names), transport: 'socket' as const, socketPath: '/run/mysqld/mysqld.sock' };
    expect(formToParams(form).socketPath).toBe('/run/mysqld/mysqld.sock');
    expect(formToParams({ ...form, transport: 'tcp' }).socketPath).toBeUndefined();
  });

  it('leaves every secret out of the saved profile when "save password" is off', () => {
    const form = {
      ...emptyProfileForm(names),
      name: 'Prod',
      password: 'p',
      sshEnabled: true,
      sshHost: 'h',
      sshUser: 'u',
      sshAuth: 'password' as const,
      sshPassword: 'sp',
    };
    const input = formToProfileInput(form);
    expect(input).toMatchObject({ name: 'Prod', savePassword: false });
    expect(JSON.stringify(input)).not.toMatch(/"p"|"sp"/);
    expect(profileInput.safeParse(input).success).toBe(true);
    const kept = formToProfileInput({ ...form, savePassword: true });
    expect(kept).toMatchObject({ password: 'p', ssh: { password: 'sp' }, savePassword: true });
  });

  it('round-trips a saved profile and sends typed secrets only as one-off overrides', () => {
    const summary: ProfileSummary = {
      id: 'p1',
      name: 'Local',
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      connectTimeoutMs: 10_000,
      readOnly: false,
      databases: names,
      overrideDatabases: true,
      tls: { mode: 'off' },
      hasPassword: false,
      secretStorage: 'none',
    };
    const form = profileToForm(summary);
    expect(isFormDirty(form, summary)).toBe(false);
    expect(isFormDirty({ ...form, password: 'typed' }, summary)).toBe(false);
    expect(isFormDirty({ ...form, port: 3307 }, summary)).toBe(true);
    expect(form.overrideDatabases).toBe(true);
    expect(isFormDirty({ ...form, overrideDatabases: false }, summary)).toBe(true);
    expect(profileTarget('p1', { ...form, password: 'typed' })).toEqual({ profileId: 'p1', password: 'typed' });
    expect(profileTarget('p1', { ...form, id: 'other', password: 'typed' })).toEqual({ profileId: 'p1' });
  });

  it('says which fields are missing', () => {
    const form = { ...emptyProfileForm(names), user: '', tlsMode: 'verify-identity' as const, sshEnabled: true };
    expect(Object.keys(validateProfileForm(form, true)).sort()).toEqual([
      'caFile',
      'name',
      'sshHost',
      'sshUser',
      'user',
    ]);
    expect(validateProfileForm(emptyProfileForm(names), false)).toEqual({});
  });
});

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  addConnectionOptions,
  connectionParamsFromFlags,
  type ConnectionFlags,
} from '../../../electron/cli/connection-options';
import type { CliIo } from '../../../electron/cli/runtime';

const io = (env: NodeJS.ProcessEnv): CliIo => ({ stdout: () => {}, stderr: () => {}, isTTY: false, env, cwd: '/' });
const parse = (args: string[]): ConnectionFlags => {
  const command = addConnectionOptions(new Command('x').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts<ConnectionFlags>();
};

describe('CLI connection flags', () => {
  it('builds TLS, SSH and role names from flags, secrets from the environment only', () => {
    const flags = parse([
      '--url',
      'mysql://app@db.internal:3307',
      '--tls-mode',
      'verify-ca',
      '--tls-ca',
      '/ca.pem',
      '--ssh-host',
      'bastion',
      '--ssh-port',
      '2222',
      '--ssh-user',
      'ops',
      '--ssh-password-env',
      'MY_SSH_PW',
      '--core-db',
      'c1',
      '--ephemeral-db',
      'e1',
    ]);
    const params = connectionParamsFromFlags(flags, io({ LUPO_PASSWORD: 'db-pw', MY_SSH_PW: 'ssh-pw' }));
    expect(params).toMatchObject({
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 'db-pw',
      tls: { mode: 'verify-ca', caFile: '/ca.pem' },
      ssh: { host: 'bastion', port: 2222, user: 'ops', auth: 'password', password: 'ssh-pw' },
      databases: { core: 'c1', orchestration: 'orchestration', ephemeral: 'e1' },
    });
  });

  it('uses the key, then the agent, and refuses an unset password variable', () => {
    const withKey = connectionParamsFromFlags(
      parse(['--url', 'mysql://u@h', '--ssh-host', 'b', '--ssh-key', '/k']),
      io({}),
    );
    expect(withKey.ssh).toMatchObject({ auth: 'key', privateKeyFile: '/k', user: 'u', port: 22 });
    const agent = connectionParamsFromFlags(parse(['--url', 'mysql://u@h', '--ssh-host', 'b']), io({}));
    expect(agent.ssh?.auth).toBe('agent');
    expect(() =>
      connectionParamsFromFlags(
        parse(['--url', 'mysql://u@h', '--ssh-host', 'b', '--ssh-password-env', 'NOPE']),
        io({}),
      ),
    ).toThrow(/NOPE/);
  });
});

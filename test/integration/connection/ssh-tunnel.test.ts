import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectionParams } from '../../../shared/contract/connection';
import { LupoError } from '../../../shared/errors';
import { connect } from '../../../electron/engine/connection/connect';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { openCliSession } from '../../../electron/cli/cli-session';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real OpenSSH server on a loopback port with its own config, host key and
 * authorized_keys (needs the openssh-server package: apt-get install openssh-server).
 */
describe('SSH tunnel through a real sshd', () => {
  let dir: string;
  let sshd: ChildProcess;
  let sshPort: number;
  let url: URL;
  let hostFingerprint: string;

  beforeAll(async () => {
    url = new URL(inject('mysqlUrl'));
    dir = await mkdtemp(join(tmpdir(), 'lupo-sshd-'));
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'Key-Phrase-7', '-f', join(dir, 'client_key')]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'stranger_key')]);
    await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')), { mode: 0o600 });
    const { stdout } = await run('ssh-keygen', ['-lf', join(dir, 'host_key.pub')]);
    hostFingerprint = stdout.split(' ')[1] ?? '';
    sshPort = await freePort();
    await writeFile(
      join(dir, 'sshd_config'),
      [
        `Port ${sshPort}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        'AllowTcpForwarding yes',
        'UsePAM no',
        '',
      ].join('\n'),
    );
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => {});
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(true));
        s.listen(sshPort, '127.0.0.1', () => s.close(() => resolve(false)));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    sshd?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  const params = (keyFile: string, passphrase?: string) =>
    connectionParams.parse({
      host: '127.0.0.1',
      port: Number(url.port),
      user: 'root',
      connectTimeoutMs: 5000,
      ssh: {
        host: '127.0.0.1',
        port: sshPort,
        user: userInfo().username,
        auth: 'key',
        privateKeyFile: keyFile,
        ...(passphrase ? { passphrase } : {}),
      },
    });

  it('asks to trust an unknown host, then tunnels, and refuses a changed key', async () => {
    const knownHosts = new KnownHosts(join(dir, 'user-data'));
    const first = await connect(params(join(dir, 'client_key'), 'Key-Phrase-7'), { knownHosts }).catch(
      (e: unknown) => e as LupoError,
    );
    expect(first).toBeInstanceOf(LupoError);
    expect((first as LupoError).code).toBe('connection/ssh-unknown-host');
    expect((first as LupoError).details?.fingerprint).toBe(hostFingerprint);

    await knownHosts.trust('127.0.0.1', sshPort, hostFingerprint);
    const session = await connect(params(join(dir, 'client_key'), 'Key-Phrase-7'), { knownHosts });
    const [rows] = await session.pool.query('SELECT 41 + 1 AS answer');
    expect((rows as Array<{ answer: number }>)[0]?.answer).toBe(42);
    expect(session.endpoint).toContain('via SSH');
    await session.close();

    await knownHosts.trust('127.0.0.1', sshPort, 'SHA256:somebodyElsesKeyAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const changed = await connect(params(join(dir, 'client_key'), 'Key-Phrase-7'), { knownHosts }).catch(
      (e: unknown) => e as LupoError,
    );
    expect((changed as LupoError).code).toBe('connection/ssh-host-key-mismatch');
  });

  it('lets the CLI trust a first-contact host key only with the verified fingerprint', async () => {
    const userData = join(dir, 'cli-user-data');
    const io = {
      stdout: () => {},
      stderr: () => {},
      isTTY: false,
      env: { LUPO_USER_DATA: userData, LUPO_SSH_PASSPHRASE: 'Key-Phrase-7' },
      cwd: dir,
    };
    const flags = {
      url: `mysql://root@127.0.0.1:${url.port}`,
      connectTimeout: '5000',
      sshHost: '127.0.0.1',
      sshPort: String(sshPort),
      sshUser: userInfo().username,
      sshKey: join(dir, 'client_key'),
    };
    const unknown = (await openCliSession(flags, io).then(
      () => undefined,
      (e: unknown) => e,
    )) as LupoError;
    expect(unknown.code).toBe('connection/ssh-unknown-host');
    expect(unknown.hint).toContain(`--ssh-trust-host-key ${hostFingerprint}`);
    const wrong = await openCliSession(
      { ...flags, sshTrustHostKey: 'SHA256:notTheKeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      io,
    ).then(
      () => undefined,
      (e: unknown) => e as LupoError,
    );
    expect(wrong?.code).toBe('connection/ssh-host-key-mismatch');
    const session = await openCliSession({ ...flags, sshTrustHostKey: hostFingerprint }, io);
    await session.close();
    // Recorded: the next run needs no flag.
    const again = await openCliSession(flags, io);
    await again.close();
  });

  it('reports SSH authentication failures', async () => {
    const knownHosts = new KnownHosts(join(dir, 'user-data-2'));
    await knownHosts.trust('127.0.0.1', sshPort, hostFingerprint);
    const error = await connect(params(join(dir, 'stranger_key')), { knownHosts }).catch(
      (e: unknown) => e as LupoError,
    );
    expect((error as LupoError).code).toBe('connection/ssh-auth');
    const badPhrase = await connect(params(join(dir, 'client_key'), 'wrong'), { knownHosts }).catch(
      (e: unknown) => e as LupoError,
    );
    expect((badPhrase as LupoError).code).toBe('connection/ssh-key');
  });
});

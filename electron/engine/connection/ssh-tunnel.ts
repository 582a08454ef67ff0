import { readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { ConnectConfig } from 'ssh2';
import { LupoError } from '../../../shared/errors';
import { mapConnectionError } from './connection-errors';
import { fingerprintOf, type KnownHosts } from './known-hosts';

/** SSH settings with secrets resolved (main process only). */
export interface SshSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly auth: 'password' | 'key' | 'agent';
  readonly password?: string;
  readonly privateKeyFile?: string;
  readonly passphrase?: string;
}

/** A local loopback port forwarding to the database through SSH. */
export interface SshTunnel {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `user@host:port`, for messages. */
  readonly description: string;
  /** Resolves when the SSH connection ends (for health checks). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens an SSH connection (password, private key with passphrase, or the agent at
 * SSH_AUTH_SOCK), checks the host key against known_hosts (first contact fails with
 * `connection/ssh-unknown-host` carrying the SHA256 fingerprint; a changed key fails with
 * `connection/ssh-host-key-mismatch`), and forwards a loopback port to `target`.
 */
export async function openSshTunnel(
  ssh: SshSettings,
  target: { readonly host: string; readonly port: number },
  knownHosts: KnownHosts,
  options: { readonly timeoutMs: number; readonly env?: NodeJS.ProcessEnv },
): Promise<SshTunnel> {
  const description = `${ssh.user}@${ssh.host}:${ssh.port}`;
  const endpoint = `SSH ${description}`;
  const config: ConnectConfig = { host: ssh.host, port: ssh.port, username: ssh.user, readyTimeout: options.timeoutMs };
  if (ssh.auth === 'password') config.password = ssh.password ?? '';
  else if (ssh.auth === 'key') {
    if (!ssh.privateKeyFile) {
      throw new LupoError('connection/ssh-key', 'SSH key authentication needs a private key file.', {
        hint: 'Choose the private key file in the SSH settings.',
      });
    }
    try {
      config.privateKey = await readFile(ssh.privateKeyFile);
    } catch {
      throw new LupoError('connection/ssh-key', `The SSH private key ${ssh.privateKeyFile} cannot be read.`, {
        hint: 'Check the key path and that this user may read it.',
      });
    }
    if (ssh.passphrase) config.passphrase = ssh.passphrase;
  } else {
    const agent = (options.env ?? process.env).SSH_AUTH_SOCK;
    if (!agent) {
      throw new LupoError(
        'connection/ssh-agent',
        'SSH agent authentication was chosen but no agent is running (SSH_AUTH_SOCK is not set).',
        {
          hint: 'Start ssh-agent and add your key (ssh-add), or use a private key file.',
        },
      );
    }
    config.agent = agent;
  }
  let hostKeyProblem: LupoError | undefined;
  config.hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
    const fingerprint = fingerprintOf(key);
    knownHosts.check(ssh.host, ssh.port, fingerprint).then(
      (verdict) => {
        if (verdict === 'unknown') {
          hostKeyProblem = new LupoError(
            'connection/ssh-unknown-host',
            `The SSH host ${ssh.host}:${ssh.port} is not known yet; its key fingerprint is ${fingerprint}.`,
            {
              hint: 'Compare the fingerprint with the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and accept it to continue.',
              details: { host: ssh.host, port: ssh.port, fingerprint },
            },
          );
        } else if (verdict === 'mismatch') {
          hostKeyProblem = new LupoError(
            'connection/ssh-host-key-mismatch',
            `The SSH host key of ${ssh.host}:${ssh.port} changed (now ${fingerprint}).`,
            {
              hint: 'Someone may be intercepting the connection. Confirm with the server administrator before accepting the new key.',
              details: { host: ssh.host, port: ssh.port, fingerprint },
            },
          );
        }
        verify(verdict === 'trusted');
      },
      () => verify(false),
    );
  };
  // Loaded only for a tunnel: ssh2 (and its crypto) cost every other command ~0.1-0.2 s of start-up.
  const { Client } = await import('ssh2');
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (error: Error & { level?: string; code?: string }) => {
      if (hostKeyProblem) reject(hostKeyProblem);
      else if (error.level === 'client-authentication') {
        reject(
          new LupoError('connection/ssh-auth', `SSH authentication as ${ssh.user} on ${ssh.host}:${ssh.port} failed.`, {
            hint:
              ssh.auth === 'password'
                ? 'Check the SSH password.'
                : ssh.auth === 'key'
                  ? 'Check that the key is authorised on the server and the passphrase is right.'
                  : 'Check that the agent holds a key authorised on the server.',
            details: { host: ssh.host, port: ssh.port },
          }),
        );
      } else if (/Timed out while waiting for handshake/i.test(error.message)) {
        reject(
          mapConnectionError(Object.assign(error, { code: 'ETIMEDOUT' }), {
            endpoint,
            user: ssh.user,
            timeoutMs: options.timeoutMs,
          }),
        );
      } else if (/passphrase/i.test(error.message) || /privateKey/i.test(error.message)) {
        reject(
          new LupoError('connection/ssh-key', `The SSH private key could not be used: ${error.message}.`, {
            hint: 'Check the key file and its passphrase.',
          }),
        );
      } else reject(mapConnectionError(error, { endpoint, user: ssh.user, timeoutMs: options.timeoutMs }));
    });
    try {
      client.connect(config);
    } catch (error) {
      // ssh2 parses the private key synchronously: a wrong passphrase or a bad file lands here.
      reject(
        new LupoError('connection/ssh-key', `The SSH private key could not be used: ${(error as Error).message}.`, {
          hint: 'Check the key file and its passphrase.',
        }),
      );
    }
  });
  client.on('error', () => {});
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    client.forwardOut('127.0.0.1', socket.remotePort ?? 0, target.host, target.port, (error, stream) => {
      if (error) return socket.destroy();
      socket.pipe(stream).pipe(socket);
      stream.on('error', () => socket.destroy());
      socket.on('error', () => stream.destroy());
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    host: '127.0.0.1',
    port,
    description,
    closed,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.end();
    },
  };
}

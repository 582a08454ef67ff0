import { LupoError } from '../../shared/errors';
import { connect } from '../engine/connection/connect';
import { KnownHosts } from '../engine/connection/known-hosts';
import type { Session } from '../engine/connection/session';
import { defaultUserDataDir } from '../engine/user-data';
import { connectionParamsFromFlags, type ConnectionFlags } from './connection-options';
import type { CliIo } from './runtime';

/**
 * Opens the server named by the connection flags — TCP, socket, TLS or SSH tunnel — the
 * one way every `lupo` command connects. SSH host keys are checked against the same
 * known-hosts file the app uses. A CLI cannot click "trust": on first contact the operator
 * passes the fingerprint they verified with `--ssh-trust-host-key`; only a key with exactly
 * that fingerprint is recorded. A changed key is always refused.
 */
export async function openCliSession(flags: ConnectionFlags, io: CliIo): Promise<Session> {
  const params = connectionParamsFromFlags(flags, io);
  const deps = { knownHosts: new KnownHosts(defaultUserDataDir(io.env)), env: io.env };
  try {
    return await connect(params, deps);
  } catch (error) {
    if (!(error instanceof LupoError) || error.code !== 'connection/ssh-unknown-host' || !params.ssh) throw error;
    const presented = String(error.details?.fingerprint ?? '');
    if (!flags.sshTrustHostKey) {
      throw new LupoError(error.code, error.message, {
        hint: `Verify it on the SSH server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then run again with --ssh-trust-host-key ${presented}`,
        ...(error.details ? { details: { ...error.details } } : {}),
      });
    }
    if (flags.sshTrustHostKey !== presented) {
      throw new LupoError(
        'connection/ssh-host-key-mismatch',
        `The SSH host ${params.ssh.host}:${params.ssh.port} presented ${presented}, not the fingerprint given with --ssh-trust-host-key.`,
        { hint: 'Do not connect: check that you reach the right host, and the fingerprint you were given.' },
      );
    }
    await deps.knownHosts.trust(params.ssh.host, params.ssh.port, presented);
    return connect(params, deps);
  }
}

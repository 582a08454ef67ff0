import { LupoError } from '../../shared/errors';
import type { ResolvedConnectionParams } from '../../shared/contract/connection';
import { connect } from '../engine/connection/connect';
import { KnownHosts } from '../engine/connection/known-hosts';
import type { Session } from '../engine/connection/session';
import { defaultUserDataDir } from '../engine/user-data';
import { connectionParamsFromFlags, type ConnectionFlags } from './connection-options';
import { withPromptedPassword } from './password-prompt';
import type { CliIo } from './runtime';

/**
 * Opens the server named by the connection flags — TCP, socket, TLS or SSH tunnel — the
 * one way every `lupo` command connects. SSH host keys are checked against the same
 * known-hosts file the app uses. A CLI cannot click "trust": on first contact the operator
 * passes the fingerprint they verified with `--ssh-trust-host-key`; only a key with exactly
 * that fingerprint is recorded. A changed key is always refused.
 * The password comes from the URL or LUPO_PASSWORD, else a no-echo prompt on a terminal,
 * else none (scripts); a refusal then says how to give one.
 */
export async function openCliSession(flags: ConnectionFlags, io: CliIo): Promise<Session> {
  const params = await withPromptedPassword(connectionParamsFromFlags(flags, io), io);
  try {
    return await connectWithHostKey(flags, params, io);
  } catch (error) {
    if (error instanceof LupoError && error.code === 'connection/access-denied') throw withPasswordHint(error, params);
    throw error;
  }
}

/** Names where the CLI's password comes from, in the hint of an access-denied error. */
function withPasswordHint(error: LupoError, params: ResolvedConnectionParams): LupoError {
  const hint =
    params.password === undefined
      ? 'No password was given: set LUPO_PASSWORD (or run on a terminal to be asked for it), or check that this user may connect without one.'
      : `${error.hint ?? 'Check the user name and password.'} Set the password in LUPO_PASSWORD (or run on a terminal to be asked for it); keep it out of --url, where shell history and process lists would show it.`;
  return new LupoError(error.code, error.message, {
    hint,
    ...(error.details ? { details: { ...error.details } } : {}),
    cause: error.cause,
  });
}

async function connectWithHostKey(
  flags: ConnectionFlags,
  params: ResolvedConnectionParams,
  io: CliIo,
): Promise<Session> {
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

import { connect } from '../engine/connection/connect';
import { KnownHosts } from '../engine/connection/known-hosts';
import type { Session } from '../engine/connection/session';
import { defaultUserDataDir } from '../engine/user-data';
import { connectionParamsFromFlags, type ConnectionFlags } from './connection-options';
import type { CliIo } from './runtime';

/**
 * Opens the server named by the connection flags — TCP, socket, TLS or SSH tunnel — the
 * one way every `lupo` command connects. SSH host keys are checked against the same
 * known-hosts file the app uses (first contact fails with the fingerprint to verify).
 */
export async function openCliSession(flags: ConnectionFlags, io: CliIo): Promise<Session> {
  return connect(connectionParamsFromFlags(flags, io), {
    knownHosts: new KnownHosts(defaultUserDataDir(io.env)),
    env: io.env,
  });
}

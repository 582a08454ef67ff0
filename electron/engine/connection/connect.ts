import type { ResolvedConnectionParams } from '../../../shared/contract/connection';
import type { KnownHosts } from './known-hosts';
import { describeEndpoint, openSession, type ConnectionTarget, type Session } from './session';
import { openSshTunnel } from './ssh-tunnel';
import { buildSslOptions } from './tls-options';

/** What `connect` needs besides the params. */
export interface ConnectDeps {
  readonly knownHosts: KnownHosts;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Opens a session from full connection params (secrets resolved): SSH tunnel first when
 * configured, then TLS options from the files, then the verified pool. Closing the session
 * closes the tunnel. Every failure is a typed LupoError (see connection-errors.ts).
 */
export async function connect(given: ResolvedConnectionParams, deps: ConnectDeps): Promise<Session> {
  // An IPv6 literal may arrive written as in a URL (`[::1]`); sockets want the bare address.
  const params = { ...given, host: given.host.replace(/^\[(.*)\]$/, '$1') };
  const ssl = await buildSslOptions(params.tls);
  const base: Omit<ConnectionTarget, 'host' | 'port'> = {
    user: params.user,
    ...(params.password === undefined ? {} : { password: params.password }),
    connectTimeoutMs: params.connectTimeoutMs,
    ...(ssl === undefined ? {} : { ssl }),
  };
  if (!params.ssh) {
    return openSession({
      ...base,
      host: params.host,
      port: params.port,
      ...(params.socketPath ? { socketPath: params.socketPath } : {}),
    });
  }
  const tunnel = await openSshTunnel(params.ssh, { host: params.host, port: params.port }, deps.knownHosts, {
    timeoutMs: params.connectTimeoutMs,
    ...(deps.env === undefined ? {} : { env: deps.env }),
  });
  try {
    const session = await openSession({
      ...base,
      host: tunnel.host,
      port: tunnel.port,
      endpointLabel: `${describeEndpoint(params)} via SSH ${tunnel.description}`,
    });
    return {
      ...session,
      close: async () => {
        await session.close().catch(() => {});
        await tunnel.close();
      },
    };
  } catch (error) {
    await tunnel.close();
    throw error;
  }
}

import { LupoError } from '../../../shared/errors';

/** What the error mapper needs to know about the attempt, for the message. */
export interface AttemptDescription {
  readonly endpoint: string;
  readonly user: string;
  readonly database?: string;
  readonly timeoutMs?: number;
}

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  fatal?: boolean;
}

/**
 * Maps a mysql2/socket error to a LupoError that says what to check. Codes are stable
 * (`connection/access-denied`, `connection/refused`, …) so the UI and tests can rely on them.
 */
export function mapConnectionError(error: unknown, attempt: AttemptDescription): LupoError {
  if (error instanceof LupoError) return error;
  const e = (error ?? {}) as DriverError;
  const code = e.code ?? '';
  const details = { endpoint: attempt.endpoint, driverCode: code || null, errno: e.errno ?? null };
  const make = (lupoCode: string, message: string, hint: string): LupoError =>
    new LupoError(lupoCode, message, { hint, details, cause: error });
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return make(
        'connection/access-denied',
        `Access denied for user "${attempt.user}" at ${attempt.endpoint}.`,
        'Check the user name and password, and that this user may connect from this machine (its host part in mysql.user).',
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return make(
        'connection/database-access-denied',
        `User "${attempt.user}" may not use database "${attempt.database ?? ''}".`,
        'Grant the user privileges on that database, or pick another database for this role.',
      );
    case 'ER_BAD_DB_ERROR':
      return make(
        'connection/unknown-database',
        `Database "${attempt.database ?? ''}" does not exist on ${attempt.endpoint}.`,
        'Check the database name for this role, or create it first.',
      );
    case 'ECONNREFUSED':
      return make(
        'connection/refused',
        `Nothing accepted the connection at ${attempt.endpoint}.`,
        'Check the host and port, and that the server is running and listening on TCP (bind-address, skip-networking).',
      );
    case 'ETIMEDOUT':
    case 'PROTOCOL_SEQUENCE_TIMEOUT':
      return make(
        'connection/timeout',
        `No answer from ${attempt.endpoint} within ${attempt.timeoutMs ?? 10_000} ms.`,
        'Check the host and port, and whether a firewall drops the traffic; raise the connect timeout for slow links.',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make(
        'connection/dns',
        `The host name in ${attempt.endpoint} could not be resolved.`,
        'Check the spelling of the host name, or use its IP address.',
      );
    case 'ENOENT':
      return make(
        'connection/socket-missing',
        `No server socket at ${attempt.endpoint}.`,
        'Check the socket path (SELECT @@socket on the server shows it), or connect over TCP.',
      );
    case 'EACCES':
      return make(
        'connection/socket-permission',
        `Permission denied opening ${attempt.endpoint}.`,
        'Run as a user that may open the socket, or connect over TCP.',
      );
    case 'HANDSHAKE_SSL_ERROR':
    case 'HANDSHAKE_NO_SSL_SUPPORT':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
      return make(
        'connection/tls',
        `TLS with ${attempt.endpoint} failed: ${e.message ?? code}.`,
        'Check the CA file and the TLS mode: "verify identity" needs a certificate whose name matches the host; the server must have TLS enabled.',
      );
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ECONNRESET':
    case 'EPIPE':
      return make(
        'connection/lost',
        `The connection to ${attempt.endpoint} was lost.`,
        'The server restarted or the network dropped; reconnect. Nothing in flight was committed unless the server said so.',
      );
    default:
      return make(
        'connection/failed',
        `Could not talk to ${attempt.endpoint}: ${e.message ?? String(error)}`,
        'Check the connection settings; the server error code is in the details.',
      );
  }
}

import { LupoError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { Session } from './session';

/** A connection state change, as the `connection/state` event carries it. */
export interface ConnectionStateEvent {
  readonly connectionId: string;
  readonly state: 'connected' | 'lost';
  readonly message?: string;
}

/** Role database names. */
type RoleNames = Readonly<Record<DatabaseRole, string>>;

/** Where an open connection's role database names come from. */
export type DatabasesFrom = 'workspace' | 'connection';

/** One open connection and what it was opened for. */
export interface OpenConnection {
  readonly session: Session;
  readonly readOnly: boolean;
  /**
   * The role databases this connection reads *now*: the open workspace's names, unless the
   * connection (the profile's Databases tab, or typed params) named other ones — then those,
   * and `databasesFrom` says so, so screens can show the override instead of hiding it.
   */
  readonly databases: RoleNames;
  readonly databasesFrom: DatabasesFrom;
  readonly profileId?: string;
  state: 'connected' | 'lost';
}

/** What a shell registers with an opened session. */
export interface OpenConnectionMeta {
  readonly readOnly: boolean;
  /** Names given at connect (profile or params) with the switch on; absent: follow the workspace. */
  readonly databases?: RoleNames;
  readonly profileId?: string;
}

/** The names a profile gets when nobody typed any (profile store and contract defaults). */
const GENERIC_NAMES: RoleNames = { core: 'core', orchestration: 'orchestration', ephemeral: 'ephemeral' };

/** Driver and socket codes that mean the server cannot be reached any more. */
const LOSS_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);
/** Lupo error codes with the same meaning. */
const LOSS_LUPO_CODES = new Set(['connection/lost', 'connection/refused', 'connection/timeout']);

/** True when `error` (or its cause) says the server went away, not that the request was wrong. */
export function isConnectionLoss(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (LOSS_CODES.has(code) || LOSS_LUPO_CODES.has(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Options of the registry: where state events go and how often idle connections are pinged. */
export interface SessionRegistryOptions {
  readonly emit: (event: ConnectionStateEvent) => void;
  /** Milliseconds between health pings; 0 disables them. Default 15 s. */
  readonly pingIntervalMs?: number;
}

/**
 * The open connections of one app instance, by id. A periodic `SELECT 1` on each pool
 * detects a server that went away while idle and emits `lost`, then `connected` once a ping
 * succeeds again (the pool reconnects by itself on the next query).
 */
export class SessionRegistry {
  private readonly open = new Map<string, OpenConnection>();
  private readonly timer: NodeJS.Timeout | undefined;
  private pinging = false;
  private workspaceNames: () => RoleNames | undefined = () => undefined;

  constructor(private readonly options: SessionRegistryOptions) {
    const interval = options.pingIntervalMs ?? 15_000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.pingAll(), interval);
      this.timer.unref();
    }
  }

  /**
   * Tells the registry where the open workspace's role database names are read, so every
   * connection follows a workspace switch (one source of truth for "which databases").
   */
  followWorkspace(names: () => RoleNames | undefined): void {
    this.workspaceNames = names;
  }

  /**
   * The role databases a connection reads, and why: `override` — the names the connection
   * was given with its explicit "use these names" switch on — else the open workspace's.
   */
  resolveNames(override: RoleNames | undefined): { databases: RoleNames; databasesFrom: DatabasesFrom } {
    if (override) return { databases: override, databasesFrom: 'connection' };
    return { databases: this.workspaceNames() ?? GENERIC_NAMES, databasesFrom: 'workspace' };
  }

  /** Registers an opened session; returns its connection id. */
  add(session: Session, meta: OpenConnectionMeta): string {
    const override = meta.databases;
    const names = (): RoleNames => this.resolveNames(override).databases;
    const entry = {
      session,
      readOnly: meta.readOnly,
      ...(meta.profileId === undefined ? {} : { profileId: meta.profileId }),
      state: 'connected',
      databasesFrom: override ? 'connection' : 'workspace',
    } as Omit<OpenConnection, 'databases'> as OpenConnection;
    Object.defineProperty(entry, 'databases', { get: names, enumerable: true });
    this.open.set(session.id, entry);
    return session.id;
  }

  /** The open connection with this id, or `connection/not-open`. */
  get(connectionId: string): OpenConnection {
    const found = this.open.get(connectionId);
    if (!found) {
      throw new LupoError('connection/not-open', 'This connection is not open (it was closed or the app restarted).', {
        hint: 'Connect again from the connection screen.',
      });
    }
    return found;
  }

  /** Ids of the open connections. */
  ids(): string[] {
    return [...this.open.keys()];
  }

  /** Closes one connection; false when it was not open. */
  async close(connectionId: string): Promise<boolean> {
    const found = this.open.get(connectionId);
    if (!found) return false;
    this.open.delete(connectionId);
    await found.session.close().catch(() => {});
    return true;
  }

  /** Closes everything and stops pinging (app shutdown). */
  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.ids().map((id) => this.close(id)));
  }

  /**
   * What a failed call on an open connection tells the operator. A failure that means the
   * server is gone (refused, reset, timed out, lost) marks the connection lost — one
   * `connection/state` event, whatever screen noticed first — and becomes one
   * `connection/lost` error that says to reconnect; any other error is returned unchanged.
   */
  explainFailure(connectionId: string | undefined, error: unknown): unknown {
    const entry = connectionId === undefined ? undefined : this.open.get(connectionId);
    if (!entry || !isConnectionLoss(error)) return error;
    const detail = error instanceof Error && error.message ? error.message.replace(/\.$/, '') : 'no answer';
    const message =
      error instanceof LupoError && error.code === 'connection/lost'
        ? error.message
        : `The connection to ${entry.session.endpoint} was lost (${detail}).`;
    if (entry.state !== 'lost') {
      entry.state = 'lost';
      this.options.emit({ connectionId: connectionId!, state: 'lost', message });
    }
    return new LupoError('connection/lost', message, {
      hint: 'Check that the server is running and reachable (VPN, SSH tunnel), then choose Reconnect.',
      cause: error,
    });
  }

  /** Pings every open connection once, emitting state changes (also called by the timer). */
  async pingAll(): Promise<void> {
    if (this.pinging) return;
    this.pinging = true;
    try {
      await Promise.all(
        [...this.open.entries()].map(async ([id, entry]) => {
          let ok = true;
          let message: string | undefined;
          try {
            await entry.session.pool.query('SELECT 1');
          } catch (error) {
            ok = false;
            message = `The connection to ${entry.session.endpoint} was lost${error instanceof Error && error.message ? `: ${error.message}` : ''}.`;
          }
          if (!this.open.has(id)) return;
          const next = ok ? 'connected' : 'lost';
          if (next !== entry.state) {
            entry.state = next;
            this.options.emit({ connectionId: id, state: next, ...(message === undefined ? {} : { message }) });
          }
        }),
      );
    } finally {
      this.pinging = false;
    }
  }
}

import { LupoError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { Session } from './session';

/** A connection state change, as the `connection/state` event carries it. */
export interface ConnectionStateEvent {
  readonly connectionId: string;
  readonly state: 'connected' | 'lost';
  readonly message?: string;
}

/** One open connection and what it was opened for. */
export interface OpenConnection {
  readonly session: Session;
  readonly readOnly: boolean;
  readonly databases: Readonly<Record<DatabaseRole, string>>;
  readonly profileId?: string;
  state: 'connected' | 'lost';
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

  constructor(private readonly options: SessionRegistryOptions) {
    const interval = options.pingIntervalMs ?? 15_000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.pingAll(), interval);
      this.timer.unref();
    }
  }

  /** Registers an opened session; returns its connection id. */
  add(session: Session, meta: Omit<OpenConnection, 'session' | 'state'>): string {
    this.open.set(session.id, { session, ...meta, state: 'connected' });
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

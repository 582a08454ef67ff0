import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type {
  ConnectionInfo,
  ConnectionParams,
  ProfileInput,
  ProfileSummary,
} from '../../../shared/contract/connection';
import type { CallRequest, CallResponse, EventPayload } from '../../../shared/contract/index';
import { LupoError } from '../../../shared/errors';
import { toUiError, type UiError } from '../lib/ui-error';

/** Where the connection is in its life. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'error';

/** What to connect to: typed-in parameters, or a saved profile (with one-off secrets). */
export type ConnectionTarget = CallRequest<'connection/open'>;

/** The last connection test: its facts, or the error saying what to fix. */
export type ConnectionTestView = Omit<CallResponse<'connection/test'>, 'error'> & { readonly error?: UiError };

/** An SSH host key the operator must accept or refuse before the call that met it is retried. */
export interface HostKeyPrompt {
  readonly host: string;
  readonly port: number;
  readonly fingerprint: string;
  /** What to retry after trusting. */
  readonly retry: { readonly action: 'open' | 'test'; readonly target: ConnectionTarget };
}

/** State and actions of the connection domain (the renderer never sees a stored password). */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  readonly info?: ConnectionInfo;
  readonly error?: UiError;
  /** Saved profiles, sorted by name (secrets never included: only `hasPassword` flags). */
  readonly profiles: readonly ProfileSummary[];
  readonly profilesLoaded: boolean;
  /** The last profile problem (save/delete/list), shown by the profile form. */
  readonly profileError?: UiError;
  readonly testing: boolean;
  readonly testResult?: ConnectionTestView;
  /** Set when the engine met an unknown SSH host key (`connection/ssh-unknown-host`). */
  readonly hostKeyPrompt?: HostKeyPrompt;
  /**
   * Set while the open connection is lost (health ping failed, or a reconnect attempt
   * failed): what happened and what to do. Cleared when the engine reports it back.
   */
  readonly lost?: UiError;
  /** A reconnect attempt is under way. */
  readonly reconnecting: boolean;
  /** Connects with typed-in parameters or a profile; the password only travels in this one call. */
  open(target: ConnectionTarget): Promise<void>;
  /** Closes the open connection (if any) and forgets it. */
  close(): Promise<void>;
  /** Lists the databases again and updates the role databases' table counts (after an apply, for instance). */
  refreshDatabases(): Promise<void>;
  /** Tries the lost connection again (the pool reconnects on its next query); clears `lost` on success. */
  reconnect(): Promise<boolean>;
  /** Folds a `connection/state` event (events of other connections are ignored). */
  applyConnectionState(event: EventPayload<'connection/state'>): void;
  /** Subscribes to `connection/state`; returns the unsubscribe. Call once at app start. */
  listen(): () => void;
  /** Hides the last error (the operator edits the form again). */
  clearError(): void;
  /** Loads the saved profiles. */
  loadProfiles(): Promise<void>;
  /** Saves (creates or updates) a profile; resolves to its summary, or undefined when it failed. */
  saveProfile(input: ProfileInput): Promise<ProfileSummary | undefined>;
  /** Deletes a profile and its stored secrets. */
  deleteProfile(id: string): Promise<void>;
  /** Tries a target without keeping the connection. */
  test(target: ConnectionTarget): Promise<void>;
  clearTestResult(): void;
  /** Accepts the prompted host key, then retries what met it. */
  trustHostKey(): Promise<void>;
  /** Refuses the prompted host key (nothing is retried). */
  dismissHostKey(): void;
}

/**
 * The connection's role databases with their table counts taken from a fresh database
 * list (the sidebar reads these; a list without a role's database marks it absent).
 */
export function refreshRoles(
  roles: ConnectionInfo['roles'],
  databases: ConnectionInfo['databases'],
): ConnectionInfo['roles'] {
  return roles?.map((role) => {
    const found = databases.find((database) => database.name === role.name);
    return { ...role, exists: found !== undefined, tableCount: found?.tableCount ?? 0 };
  });
}

/**
 * The connection info with a fresh database listing. The engine resolves the role
 * databases anew on every listing (the open workspace may have changed since connect),
 * so its roles win; an older engine's listing only refreshes the counts.
 */
export function withListing(info: ConnectionInfo, listed: CallResponse<'connection/list-databases'>): ConnectionInfo {
  const roles = listed.roles ?? refreshRoles(info.roles, listed.databases);
  return {
    ...info,
    databases: listed.databases,
    ...(roles ? { roles } : {}),
    ...(listed.databasesFrom ? { databasesFrom: listed.databasesFrom } : {}),
  };
}

/** What the banner says when the engine reported a lost connection without a message. */
function lostError(message: string | undefined, endpoint: string): UiError {
  return {
    code: 'connection/lost',
    message: message ?? `The connection to ${endpoint} was lost.`,
    hint: 'Check that the server is running and reachable (VPN, SSH tunnel), then choose Reconnect. Lupo retries every 15 seconds by itself.',
  };
}

/** A store of the connection domain, talking to the engine through `client`. */
export type ConnectionStore = StoreApi<ConnectionState>;

/** The unknown-host prompt an error asks for, if it is `connection/ssh-unknown-host` with its fingerprint. */
export function hostKeyPromptOf(
  error: { readonly code?: string; readonly details?: Readonly<Record<string, unknown>> } | undefined,
  retry: HostKeyPrompt['retry'],
): HostKeyPrompt | undefined {
  if (error?.code !== 'connection/ssh-unknown-host') return undefined;
  const { host, port, fingerprint } = error.details ?? {};
  if (typeof host !== 'string' || typeof fingerprint !== 'string' || !fingerprint.startsWith('SHA256:'))
    return undefined;
  return { host, port: typeof port === 'number' ? port : 22, fingerprint, retry };
}

/**
 * Creates the connection store. One connection at a time: opening a new one closes the
 * previous one, so pools never leak in the main process.
 */
export function createConnectionStore(client: LupoClient): ConnectionStore {
  return createStore<ConnectionState>()((set, get) => ({
    status: 'idle',
    profiles: [],
    profilesLoaded: false,
    testing: false,
    reconnecting: false,
    async open(target) {
      const previous = get().info;
      set({ status: 'connecting', error: undefined, hostKeyPrompt: undefined });
      try {
        const info = await client.call('connection/open', target);
        if (previous && previous.connectionId !== info.connectionId) {
          await client.call('connection/close', { connectionId: previous.connectionId }).catch(() => undefined);
        }
        set({ status: 'connected', info, error: undefined, lost: undefined });
      } catch (error) {
        const prompt = error instanceof LupoError ? hostKeyPromptOf(error, { action: 'open', target }) : undefined;
        set({
          status: previous ? 'connected' : prompt ? 'idle' : 'error',
          ...(prompt ? { hostKeyPrompt: prompt } : { error: toUiError(error) }),
        });
      }
    },
    async close() {
      const info = get().info;
      set({ status: 'idle', info: undefined, error: undefined, lost: undefined, reconnecting: false });
      if (info) await client.call('connection/close', { connectionId: info.connectionId }).catch(() => undefined);
    },
    async refreshDatabases() {
      const info = get().info;
      if (!info) return;
      try {
        const listed = await client.call('connection/list-databases', { connectionId: info.connectionId });
        const current = get().info;
        if (current?.connectionId !== info.connectionId) return;
        set({ info: withListing(current, listed) });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    async reconnect() {
      const info = get().info;
      if (!info) return false;
      set({ reconnecting: true });
      try {
        const listed = await client.call('connection/list-databases', { connectionId: info.connectionId });
        const current = get().info;
        if (current?.connectionId !== info.connectionId) return false;
        set({ info: withListing(current, listed), lost: undefined, reconnecting: false });
        return true;
      } catch (error) {
        const ui = toUiError(error);
        set({
          reconnecting: false,
          lost:
            ui.code === 'connection/not-open'
              ? ui
              : { ...lostError(undefined, info.endpoint), message: `Still unreachable: ${ui.message}` },
        });
        return false;
      }
    },
    applyConnectionState(event) {
      const info = get().info;
      if (!info || event.connectionId !== info.connectionId) return;
      if (event.state === 'lost') set({ lost: lostError(event.message, info.endpoint) });
      else if (get().lost) {
        set({ lost: undefined });
        void get().refreshDatabases();
      }
    },
    listen() {
      return client.on('connection/state', (event) => get().applyConnectionState(event));
    },
    clearError() {
      set({ error: undefined, status: get().info ? 'connected' : 'idle' });
    },
    async loadProfiles() {
      try {
        const { profiles } = await client.call('profile/list', {});
        set({ profiles, profilesLoaded: true, profileError: undefined });
      } catch (error) {
        set({ profilesLoaded: true, profileError: toUiError(error) });
      }
    },
    async saveProfile(input) {
      try {
        const saved = await client.call('profile/save', input);
        const others = get().profiles.filter((profile) => profile.id !== saved.id);
        set({
          profiles: [...others, saved].sort((a, b) => a.name.localeCompare(b.name)),
          profileError: undefined,
        });
        return saved;
      } catch (error) {
        set({ profileError: toUiError(error) });
        return undefined;
      }
    },
    async deleteProfile(id) {
      try {
        await client.call('profile/delete', { id });
        set({ profiles: get().profiles.filter((profile) => profile.id !== id), profileError: undefined });
      } catch (error) {
        set({ profileError: toUiError(error) });
      }
    },
    async test(target) {
      set({ testing: true, testResult: undefined, hostKeyPrompt: undefined });
      try {
        const { error, ...result } = await client.call('connection/test', target);
        const prompt = hostKeyPromptOf(error, { action: 'test', target });
        set({
          testing: false,
          ...(prompt
            ? { hostKeyPrompt: prompt }
            : { testResult: { ...result, ...(error ? { error: toUiError(error) } : {}) } }),
        });
      } catch (error) {
        set({ testing: false, testResult: { ok: false, elapsedMs: 0, error: toUiError(error) } });
      }
    },
    clearTestResult: () => set({ testResult: undefined }),
    async trustHostKey() {
      const prompt = get().hostKeyPrompt;
      if (!prompt) return;
      set({ hostKeyPrompt: undefined });
      try {
        await client.call('connection/trust-host-key', {
          host: prompt.host,
          port: prompt.port,
          fingerprint: prompt.fingerprint,
        });
      } catch (error) {
        set({ error: toUiError(error), status: get().info ? 'connected' : 'error' });
        return;
      }
      if (prompt.retry.action === 'open') await get().open(prompt.retry.target);
      else await get().test(prompt.retry.target);
    },
    dismissHostKey: () => set({ hostKeyPrompt: undefined }),
  }));
}

/** Typed-in parameters, as opposed to a saved profile reference. */
export function isDirectTarget(target: ConnectionTarget): target is ConnectionParams {
  return !('profileId' in target);
}

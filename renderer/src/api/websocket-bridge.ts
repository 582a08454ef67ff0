import type { Envelope } from '../../../shared/contract/envelope';
import type { LupoBridge } from '../../../shared/contract/client';

/** Messages of the browser-mode wire protocol (mirrors electron/browser-host/protocol.ts). */
type ServerMessage =
  { type: 'result'; id: number; envelope: Envelope } | { type: 'event'; event: string; payload: unknown };

/** Subprotocols of the handshake (mirror electron/browser-host/token-auth.ts): the app's, and the token's. */
const APP_PROTOCOL = 'lupo.v1';
const TOKEN_PROTOCOL_PREFIX = 'lupo-token.';

/**
 * Browser mode's bridge: the same invoke/subscribe pair Electron's preload provides, over
 * one WebSocket to the loopback host. The per-launch token travels on the handshake
 * itself, as a `lupo-token.<token>` subprotocol (the host does not accept its cookie for
 * the API); calls made while the socket is (re)connecting wait for it, and a lost host
 * fails them with a clear error.
 */
export function createWebSocketBridge(location: Pick<Location, 'protocol' | 'host'>, token?: string): LupoBridge {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const pending = new Map<number, (envelope: Envelope) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket> | undefined;

  const failAll = (message: string): void => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: {
          name: 'LupoError',
          code: 'host/disconnected',
          message,
          hint: 'The Lupo Admin host stopped or the page lost its connection: restart `npm start` and reload.',
        },
      });
    }
    pending.clear();
  };

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(url, token ? [APP_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token] : [APP_PROTOCOL]);
      ws.addEventListener('open', () => {
        socket = ws;
        resolve(ws);
      });
      ws.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as ServerMessage;
        if (message.type === 'result') {
          pending.get(message.id)?.(message.envelope);
          pending.delete(message.id);
        } else {
          for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
        }
      });
      ws.addEventListener('close', () => {
        socket = undefined;
        opened = undefined;
        failAll('The connection to the Lupo Admin host was closed.');
        reject(new Error('closed'));
      });
    });
    return opened;
  };

  return {
    async invoke(channel, payload) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return {
          ok: false,
          error: {
            name: 'LupoError',
            code: 'host/unreachable',
            message: 'Could not reach the Lupo Admin host.',
            hint: 'Check that `npm start` is still running, then reload this page with the URL it printed.',
          },
        };
      }
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, channel, payload }));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      void connect().catch(() => {});
      return () => set.delete(listener);
    },
  };
}

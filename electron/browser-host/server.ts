import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatchCall, type HandlerMap } from '../../shared/contract/server';
import type { EventName, EventPayload } from '../../shared/contract/index';
import { contentSecurityPolicy } from '../common/content-security-policy';
import { clientMessage, MAX_CLIENT_MESSAGE_BYTES } from './protocol';
import { resolveStaticFile } from './static-files';
import { hostAllowed, originAllowed, presentedToken, TOKEN_COOKIE, tokenMatches } from './token-auth';

/** Options of the browser-mode host. */
export interface BrowserHostOptions {
  /** Folder of the built renderer (index.html + assets). */
  readonly rendererDir: string;
  /** Builds the call handlers; `emit` broadcasts an event to every connected page. */
  readonly createHandlers: (emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void) => HandlerMap;
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Token to require; default: 32 random bytes, new per launch. */
  readonly token?: string;
}

/** A running browser-mode host. */
export interface BrowserHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and the engine's API on 127.0.0.1 only. Every request must
 * carry the per-launch token (URL `?token=` once, then an HttpOnly SameSite=Strict
 * cookie); the Host header must name the loopback port (DNS rebinding) and WebSocket
 * upgrades must come from our own origin. Everything else gets 401/403.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const text = JSON.stringify({ type: 'event', event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const handlers = options.createHandlers(emit);
  let port = 0;

  const refuse = (response: ServerResponse, status: 401 | 403 | 404, text: string): void => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end(text + '\n');
  };

  const authenticated = (request: IncomingMessage): { ok: boolean; setCookie: boolean } => {
    const { fromQuery, fromCookie } = presentedToken(request);
    if (tokenMatches(fromQuery, token)) return { ok: true, setCookie: !tokenMatches(fromCookie, token) };
    return { ok: tokenMatches(fromCookie, token), setCookie: false };
  };

  const server = createServer((request, response) => {
    void (async () => {
      if (!hostAllowed(request, port)) return refuse(response, 403, 'Forbidden: unexpected Host header.');
      const auth = authenticated(request);
      if (!auth.ok) {
        return refuse(
          response,
          401,
          'Unauthorized: open the URL printed by `npm start` (it carries the launch token).',
        );
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 403, 'Forbidden method.');
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = await resolveStaticFile(rendererDir, path);
      if (!file) return refuse(response, 404, 'Not found.');
      const headers: Record<string, string> = {
        'content-type': file.contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
      };
      if (auth.setCookie) {
        headers['set-cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
      }
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : file.body);
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const deny = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(request, port) || !originAllowed(request, port)) return deny(403, 'Forbidden');
    if (!authenticated(request).ok) return deny(401, 'Unauthorized');
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/ws') return deny(404, 'Not Found');
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        void (async () => {
          let parsed;
          try {
            parsed = clientMessage.safeParse(JSON.parse(String(data)));
          } catch {
            parsed = undefined;
          }
          if (!parsed?.success) {
            ws.close(1008, 'Invalid message');
            return;
          }
          const { id, channel, payload } = parsed.data;
          const envelope = await dispatchCall(handlers, channel, payload, { emit });
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, envelope }));
        })();
      });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatchCall, type HandlerMap } from '../../shared/contract/server';
import type { EventName, EventPayload } from '../../shared/contract/index';
import { contentSecurityPolicy } from '../common/content-security-policy';
import { clientMessage, MAX_CLIENT_MESSAGE_BYTES } from './protocol';
import { resolveStaticFile } from './static-files';
import {
  APP_PROTOCOL,
  handshakeToken,
  hostAllowed,
  originAllowed,
  parseRequestTarget,
  presentedToken,
  tokenCookieName,
  tokenMatches,
} from './token-auth';

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
  /** Where the host reports a request or socket it dropped (one line each); default stderr. */
  readonly log?: (line: string) => void;
}

/** A running browser-mode host. */
export interface BrowserHost {
  /** The URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** The port asked for is taken by another process: a user error with a remedy, not a crash. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use on 127.0.0.1: stop the program using it, ` +
        `or start with another --port (or leave --port out to pick a free one).`,
    );
    this.name = 'PortInUseError';
  }
}

/** One short line describing an error, never a stack. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}

/**
 * Serves the built renderer and the engine's API on 127.0.0.1 only.
 *
 * Trust: the page is opened once with `?token=`; the host then sets an HttpOnly
 * SameSite=Strict cookie named after its port, good for static files only. The API (the
 * WebSocket) needs the token on the handshake itself (`lupo-token.<token>` subprotocol,
 * which the page keeps in sessionStorage after removing it from the address bar), so a
 * cookie leaked to another service on 127.0.0.1 opens nothing. The Host header must name
 * the loopback port (DNS rebinding) and upgrades must come from our own origin.
 *
 * Robustness: no byte sequence stops the process. Every request and upgrade handler
 * catches, the server, the WebSocket server and every socket have error listeners, and
 * oversized or malformed frames close that socket with the WebSocket close code (1009,
 * 1002, 1007) while the host logs one line and serves on.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const log = options.log ?? ((line: string) => process.stderr.write(`[lupo] ${line}\n`));
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const text = JSON.stringify({ type: 'event', event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const handlers = options.createHandlers(emit);
  let port = 0;

  const refuse = (response: ServerResponse, status: 400 | 401 | 403 | 404 | 500, text: string): void => {
    if (response.headersSent) return void response.destroy();
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end(text + '\n');
  };

  const pageAuthenticated = (request: IncomingMessage): { ok: boolean; setCookie: boolean } => {
    const { fromQuery, fromCookie } = presentedToken(request, port);
    if (tokenMatches(fromQuery, token)) return { ok: true, setCookie: !tokenMatches(fromCookie, token) };
    return { ok: tokenMatches(fromCookie, token), setCookie: false };
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!hostAllowed(request, port)) return refuse(response, 403, 'Forbidden: unexpected Host header.');
    const target = parseRequestTarget(request.url);
    if (!target) return refuse(response, 400, 'Bad request.');
    const auth = pageAuthenticated(request);
    if (!auth.ok) {
      return refuse(response, 401, 'Unauthorized: open the URL printed by `npm start` (it carries the launch token).');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 403, 'Forbidden method.');
    const file = await resolveStaticFile(rendererDir, target.pathname);
    if (!file) return refuse(response, 404, 'Not found.');
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
    };
    if (auth.setCookie) {
      headers['set-cookie'] =
        `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer((request, response) => {
    request.on('error', (error) => log(`request dropped: ${describe(error)}`));
    response.on('error', (error) => log(`response dropped: ${describe(error)}`));
    serve(request, response).catch((error: unknown) => {
      log(`request failed: ${describe(error)}`);
      refuse(response, 500, 'Internal error.');
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET') log(`malformed request: ${describe(error)}`);
    if ((socket as Socket).writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    // The page offers the app protocol plus the token protocol; select the former so the token is never echoed.
    handleProtocols: (protocols) => (protocols.has(APP_PROTOCOL) ? APP_PROTOCOL : false),
  });
  wss.on('error', (error) => log(`websocket server error: ${describe(error)}`));

  const onMessage = async (ws: WebSocket, data: unknown): Promise<void> => {
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
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const deny = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(request, port) || !originAllowed(request, port)) return deny(403, 'Forbidden');
    const target = parseRequestTarget(request.url);
    if (!target) return deny(400, 'Bad Request');
    if (!tokenMatches(handshakeToken(request), token)) return deny(401, 'Unauthorized');
    if (target.pathname !== '/ws') return deny(404, 'Not Found');
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      // ws closes the socket itself (1009 too big, 1002 unmasked/bad frame, 1007 bad UTF-8) and then emits 'error':
      // the listener is what keeps that from becoming an uncaught exception.
      ws.on('error', (error) => log(`websocket closed: ${describe(error)}`));
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        onMessage(ws, data).catch((error: unknown) => {
          log(`websocket message failed: ${describe(error)}`);
          ws.close(1011, 'Internal error');
        });
      });
    });
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log(`upgrade socket dropped: ${describe(error)}`));
    try {
      upgrade(request, socket, head);
    } catch (error) {
      log(`upgrade failed: ${describe(error)}`);
      socket.destroy();
    }
  });

  await new Promise<void>((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException): void =>
      reject(error.code === 'EADDRINUSE' && options.port ? new PortInUseError(options.port) : error);
    server.once('error', onError);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolveListen();
    });
  });
  server.on('error', (error) => log(`server error: ${describe(error)}`));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

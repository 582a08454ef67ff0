import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Name of the cookie that lets a page load the app's static files after the first visit.
 * Cookies ignore ports, so the name carries the port: another browser-mode instance (or
 * anything else on 127.0.0.1) never reads this one's cookie as its own. The cookie alone
 * never opens the API: the WebSocket handshake must present the token itself.
 */
export function tokenCookieName(port: number): string {
  return `lupo_token_${port}`;
}

/** Subprotocol prefix that carries the token on the WebSocket handshake (`lupo-token.<token>`). */
export const TOKEN_PROTOCOL_PREFIX = 'lupo-token.';
/** The subprotocol the host selects (so the token is never echoed back). */
export const APP_PROTOCOL = 'lupo.v1';

/** Constant-time comparison of a presented token with the launch token. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The path and query of a request-target, or undefined when it is not a valid one (e.g.
 * `//[`, which `new URL()` rejects). Never throws: a hostile request-target is a 400.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (!target || !target.startsWith('/')) return undefined;
  try {
    // A leading `//` would be read as an authority; the path is all we want.
    return new URL(target.replace(/^\/+/, '/'), 'http://localhost');
  } catch {
    return undefined;
  }
}

/** The value of cookie `name` in a Cookie header, undefined when absent or not decodable. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  const match = (header ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`));
  if (!match) return undefined;
  try {
    return decodeURIComponent(match.slice(name.length + 1));
  } catch {
    return undefined;
  }
}

/** The token a page request presents: `?token=` in the URL, else this port's cookie. Never throws. */
export function presentedToken(request: IncomingMessage, port: number): { fromQuery?: string; fromCookie?: string } {
  const fromQuery = parseRequestTarget(request.url)?.searchParams.get('token') ?? undefined;
  const fromCookie = cookieValue(request.headers.cookie, tokenCookieName(port));
  return {
    ...(fromQuery === undefined ? {} : { fromQuery }),
    ...(fromCookie === undefined ? {} : { fromCookie }),
  };
}

/**
 * The token a WebSocket handshake presents on its own channel: the `lupo-token.<token>`
 * subprotocol (what the page sends) or `?token=` on the /ws URL (non-browser clients).
 * Cookies are deliberately not accepted here.
 */
export function handshakeToken(request: IncomingMessage): string | undefined {
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  if (fromProtocol) return fromProtocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  return parseRequestTarget(request.url)?.searchParams.get('token') ?? undefined;
}

/**
 * Defends against DNS rebinding: only requests addressed to the loopback host and port
 * we listen on are served.
 */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/** A WebSocket upgrade must come from a page we served (same origin), or carry no Origin (non-browser clients with the token). */
export function originAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

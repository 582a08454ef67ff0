import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the cookie that carries the per-launch token after the first visit. */
export const TOKEN_COOKIE = 'lupo_token';

/** Constant-time comparison of a presented token with the launch token. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents: `?token=` in the URL, else the cookie. */
export function presentedToken(request: IncomingMessage): { fromQuery?: string; fromCookie?: string } {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('token') ?? undefined;
  const cookies = request.headers.cookie ?? '';
  const match = cookies
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  const fromCookie = match ? decodeURIComponent(match.slice(TOKEN_COOKIE.length + 1)) : undefined;
  return {
    ...(fromQuery === undefined ? {} : { fromQuery }),
    ...(fromCookie === undefined ? {} : { fromCookie }),
  };
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

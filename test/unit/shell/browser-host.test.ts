import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/server';
import type { HandlerMap } from '../../../shared/contract/server';

let host: BrowserHost;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lupo-host-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lupo</title>');
  const handlers = {
    'app/info': async () => ({ version: '9.9.9', mode: 'browser', platform: 'test' }),
    'job/cancel': async () => ({ accepted: 'not-a-boolean' }),
  } as unknown as HandlerMap;
  host = await startBrowserHost({ rendererDir: dir, createHandlers: () => handlers, log: () => {} });
});

afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function openSocket(headers: Record<string, string>, protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(
  ws: WebSocket,
  id: number,
  channel: string,
  payload: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  return new Promise((resolve) => {
    ws.on('message', function onMessage(data) {
      const message = JSON.parse(String(data));
      if (message.type === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.envelope);
      }
    });
    ws.send(JSON.stringify({ type: 'call', id, channel, payload }));
  });
}

describe('browser-mode host', () => {
  it('listens on loopback only and prints a URL with the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{40,}$`));
  });

  it('refuses HTTP requests without the token (401) and with a foreign Host (403)', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    // fetch() cannot forge Host; a raw request can, as a DNS-rebinding page would.
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('serves the page with the token, sets an HttpOnly cookie and a CSP', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(
      new RegExp(`^lupo_token_${host.port}=.*HttpOnly; SameSite=Strict`),
    );
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = `lupo_token_${host.port}=${encodeURIComponent(host.token)}`;
    // Another port's cookie name is not ours, even with the right value.
    const foreign = `lupo_token_${host.port + 1}=${encodeURIComponent(host.token)}`;
    expect((await fetch(`http://127.0.0.1:${host.port}/index.html`, { headers: { cookie: foreign } })).status).toBe(
      401,
    );
    expect((await fetch(`http://127.0.0.1:${host.port}/index.html`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${host.port}/../../etc/passwd`, { headers: { cookie } })).status).toBe(404);
  });

  it('refuses WebSocket upgrades without the token on the handshake, or from another origin', async () => {
    await expect(openSocket({})).rejects.toThrow('401');
    // The page cookie alone does not open the API: a cookie leaked to another port's service is useless.
    await expect(openSocket({ cookie: `lupo_token_${host.port}=${host.token}` }, ['lupo.v1'])).rejects.toThrow('401');
    await expect(
      openSocket({ origin: 'http://evil.example' }, ['lupo.v1', `lupo-token.${host.token}`]),
    ).rejects.toThrow('403');
  });

  it('answers calls, validating requests and responses instead of crashing', async () => {
    const ws = await openSocket({ origin: `http://127.0.0.1:${host.port}` }, ['lupo.v1', `lupo-token.${host.token}`]);
    expect(ws.protocol).toBe('lupo.v1'); // the token is never echoed back
    expect(await call(ws, 1, 'app/info', {})).toEqual({
      ok: true,
      value: { version: '9.9.9', mode: 'browser', platform: 'test' },
    });
    expect((await call(ws, 2, 'no/such-call', {})).error?.code).toBe('contract/unknown-call');
    expect((await call(ws, 3, 'job/cancel', { jobId: 42 })).error?.code).toBe('contract/invalid-request');
    expect((await call(ws, 4, 'job/cancel', { jobId: 'x' })).error?.code).toBe('contract/invalid-response');
    ws.close();
  });
});

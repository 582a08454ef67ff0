import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/server';
import type { HandlerMap } from '../../../shared/contract/server';

/**
 * Issue 11 §6: browser mode must stay up under any byte sequence. Each case writes raw
 * bytes over a net.Socket (no HTTP or WebSocket library smoothing them), reads what the
 * host answers, and then checks the host still serves the page.
 */
let host: BrowserHost;
let dir: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lupo-hostile-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lupo</title>');
  const handlers = { 'app/info': async () => ({ version: '1', mode: 'browser', platform: 'test' }) };
  host = await startBrowserHost({
    rendererDir: dir,
    createHandlers: () => handlers as unknown as HandlerMap,
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens a raw TCP socket to the host. */
function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes `bytes`, collects everything the host sends until it closes the socket (or 3 s pass). */
async function exchange(bytes: Buffer | string): Promise<Buffer> {
  const socket = await rawSocket();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks));
    }, 3000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.write(bytes);
  });
}

/** The status line's code of a raw HTTP answer. */
function statusOf(answer: Buffer): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer.toString('latin1'))?.[1] ?? 0);
}

/** The host still serves the page (with the token) afterwards. */
async function stillServing(): Promise<void> {
  expect((await fetch(host.url)).status).toBe(200);
}

function get(target: string, extra = ''): string {
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n${extra}\r\n`;
}

/** A raw WebSocket handshake with the token; resolves with the socket once the 101 arrived. */
async function openRawWebSocket(): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = await rawSocket();
  const chunks: Buffer[] = [];
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  const upgraded = new Promise<void>((resolve, reject) => {
    socket.on('data', (c) => {
      chunks.push(c);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) resolve();
    });
    socket.once('close', () => reject(new Error('closed before upgrade')));
  });
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
      `Sec-WebSocket-Protocol: lupo.v1, lupo-token.${host.token}\r\n\r\n`,
  );
  await upgraded;
  expect(Buffer.concat(chunks).toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  chunks.length = 0;
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** A client frame: FIN + opcode, masked unless told otherwise, with a 16/64-bit length when needed. */
function frame(opcode: number, payload: Buffer, options: { masked?: boolean; announcedLength?: number } = {}): Buffer {
  const masked = options.masked ?? true;
  const length = options.announcedLength ?? payload.length;
  const head: number[] = [0x80 | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(maskBit | 127, ...big);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(head), mask, body]);
}

/** The close code of the server's close frame in `bytes` (server frames are unmasked). */
function closeCode(bytes: Buffer): number | undefined {
  const at = bytes.indexOf(0x88);
  return at >= 0 && bytes.length >= at + 4 ? bytes.readUInt16BE(at + 2) : undefined;
}

describe('browser-mode host under hostile bytes', () => {
  it('answers `GET //[` (which `new URL()` rejects) like any other path, and serves on', async () => {
    expect(statusOf(await exchange(get('//[')))).toBe(401);
    expect(statusOf(await exchange(get(`//[?token=${host.token}`)))).toBe(404);
    expect(statusOf(await exchange(get('*')))).toBe(400);
    await stillServing();
  });

  it('treats an undecodable token cookie as no token (401) and serves on', async () => {
    expect(statusOf(await exchange(get('/', `Cookie: lupo_token_${host.port}=%E0%A4%A\r\n`)))).toBe(401);
    expect(statusOf(await exchange(get('/', 'Cookie: lupo_token=%E0%A4%A\r\n')))).toBe(401);
    await stillServing();
  });

  it('answers overlong-UTF-8 and NUL paths with 404, never a file outside the folder', async () => {
    const cookie = `Cookie: lupo_token_${host.port}=${host.token}\r\n`;
    expect(statusOf(await exchange(get('/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', cookie)))).toBe(404);
    expect(statusOf(await exchange(get('/index.html%00.js', cookie)))).toBe(404);
    expect(statusOf(await exchange(get('/%', cookie)))).toBe(404);
    await stillServing();
  });

  it('answers garbage and truncated requests with 400, and survives abrupt resets', async () => {
    expect(statusOf(await exchange(Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a])))).toBe(400);
    expect(statusOf(await exchange('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'))).toBe(400);
    for (const partial of ['GET / HT', `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\n`]) {
      const socket = await rawSocket();
      socket.write(partial);
      await new Promise((r) => setTimeout(r, 50));
      socket.resetAndDestroy();
    }
    await stillServing();
  });

  it('closes a WebSocket whose message is over the size limit with 1009, and serves on', async () => {
    const ws = await openRawWebSocket();
    // Announce 5 MiB (over the 4 MiB limit): the host must refuse on the header, before reading it.
    ws.socket.write(frame(0x1, Buffer.alloc(16), { announcedLength: 5 * 1024 * 1024 }));
    await ws.closed;
    expect(closeCode(ws.received())).toBe(1009);
    await stillServing();
  });

  it('closes a WebSocket that sends an unmasked frame with 1002, and serves on', async () => {
    const ws = await openRawWebSocket();
    ws.socket.write(frame(0x1, Buffer.from('{"type":"call"}'), { masked: false }));
    await ws.closed;
    expect(closeCode(ws.received())).toBe(1002);
    await stillServing();
  });

  it('closes a WebSocket that sends invalid UTF-8 in a text frame with 1007, and serves on', async () => {
    const ws = await openRawWebSocket();
    ws.socket.write(frame(0x1, Buffer.from([0x7b, 0xc0, 0xae, 0xff, 0x7d])));
    await ws.closed;
    expect(closeCode(ws.received())).toBe(1007);
    await stillServing();
  });

  it('closes a WebSocket that sends a reserved opcode with 1002, and one that sends bad JSON with 1008', async () => {
    const reserved = await openRawWebSocket();
    reserved.socket.write(frame(0x3, Buffer.from('x')));
    await reserved.closed;
    expect(closeCode(reserved.received())).toBe(1002);
    const json = await openRawWebSocket();
    json.socket.write(frame(0x1, Buffer.from('{"type":"call","id":-1')));
    // A policy close waits for the client's close frame: the code is what matters.
    await expect.poll(() => closeCode(json.received())).toBe(1008);
    json.socket.destroy();
    await stillServing();
  });

  it('survives a WebSocket reset in the middle of a frame, then answers a call on a new one', async () => {
    const broken = await openRawWebSocket();
    broken.socket.write(frame(0x1, Buffer.alloc(1000)).subarray(0, 300));
    broken.socket.resetAndDestroy();
    await broken.closed;
    const ws = await openRawWebSocket();
    ws.socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'call', id: 7, channel: 'app/info', payload: {} }))));
    await expect.poll(() => ws.received().toString('utf8')).toContain('"id":7');
    ws.socket.destroy();
    await stillServing();
  });

  it('logged each dropped socket in one line, without a stack', () => {
    expect(logged.length).toBeGreaterThanOrEqual(4);
    for (const line of logged) expect(line).not.toMatch(/\n|\s+at /);
  });
});

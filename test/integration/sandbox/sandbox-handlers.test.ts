import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxHandlers } from '../../../electron/engine/api/sandbox-handlers';
import { sandboxStatePath, stopSandbox } from '../../../electron/engine/sandbox/sandbox-state';
import { createLupoClient, type LupoBridge } from '../../../shared/contract/client';
import { dispatchCall, type HandlerMap } from '../../../shared/contract/server';

describe('sandbox/* handlers (the local playground)', () => {
  let userDataDir = '';
  afterAll(async () => {
    if (userDataDir) {
      // Never leave a detached server behind, even when an assertion failed midway.
      await stopSandbox(userDataDir).catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    }
  });

  it('starts the playground, reports it running, serves connections, stops it and cleans up', async () => {
    userDataDir = await mkdtemp(join(tmpdir(), 'lupo-sandbox-handlers-'));
    const handlers = createSandboxHandlers({ userDataDir });
    // Through the real contract dispatch and client, so request/response schemas are checked too.
    const bridge: LupoBridge = {
      invoke: (channel, payload) => dispatchCall(handlers as HandlerMap, channel, payload, { emit: () => {} }),
      subscribe: () => () => {},
    };
    const client = createLupoClient(bridge);

    expect(await client.call('sandbox/status', {})).toEqual({ running: false });

    // Two starts at once (a double click) give one server.
    const [started, again] = await Promise.all([client.call('sandbox/start', {}), client.call('sandbox/start', {})]);
    expect(started.running).toBe(true);
    expect(started.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+$/);
    expect(started.url).toBe(`mysql://root@127.0.0.1:${started.port}`);
    expect(Date.parse(started.startedAt ?? '')).not.toBeNaN();
    expect(started.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(again).toEqual(started);
    expect(existsSync(sandboxStatePath(userDataDir))).toBe(true);

    const status = await client.call('sandbox/status', {});
    expect(status).toEqual(started);

    const connection = await mysql.createConnection({ uri: started.url!, connectTimeout: 5000 });
    try {
      await connection.query('CREATE DATABASE playground_probe');
      const [rows] = await connection.query<mysql.RowDataPacket[]>(
        "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'playground_probe'",
      );
      expect(rows.map((row) => row.name)).toEqual(['playground_probe']);
    } finally {
      await connection.end();
    }

    expect(await client.call('sandbox/stop', {})).toEqual({ stopped: true });
    expect(await client.call('sandbox/status', {})).toEqual({ running: false });
    expect(existsSync(sandboxStatePath(userDataDir))).toBe(false);
    await expect(mysql.createConnection({ uri: started.url!, connectTimeout: 2000 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(await client.call('sandbox/stop', {})).toEqual({ stopped: false });
  });
});

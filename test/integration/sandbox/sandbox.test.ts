import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxStatePath, stopSandbox } from '../../../electron/engine/sandbox/sandbox-state';
import { captureIo } from '../../support/cli-io';
import { runCli } from '../../../electron/cli/program';

describe('lupo sandbox start|status|stop', () => {
  let userData = '';
  afterAll(async () => {
    if (userData) {
      await stopSandbox(userData).catch(() => undefined);
      await rm(userData, { recursive: true, force: true });
    }
  });

  it('starts a detached server, refuses a second one, connects, stops and cleans up', async () => {
    userData = await mkdtemp(join(tmpdir(), 'lupo-sandbox-'));
    const env = { LUPO_USER_DATA: userData };
    const run = async (...argv: string[]) => {
      const io = captureIo({ env });
      const code = await runCli(argv, io);
      return { code, out: io.out.join(''), err: io.err.join('') };
    };

    expect((await run('sandbox', 'status')).code).toBe(1);
    const started = await run('--json', 'sandbox', 'start');
    expect(started.code).toBe(0);
    const { sandbox, alreadyRunning } = JSON.parse(started.out) as {
      sandbox: { url: string; pid: number; dataDir: string };
      alreadyRunning: boolean;
    };
    expect(alreadyRunning).toBe(false);
    expect(sandbox.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+$/);
    expect(existsSync(sandboxStatePath(userData))).toBe(true);
    expect(sandbox.dataDir.startsWith(userData)).toBe(true);

    const again = await run('sandbox', 'start');
    expect(again.code).toBe(0);
    expect(again.out).toContain(`Already running: ${sandbox.url}`);
    const status = await run('sandbox', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(`pid ${sandbox.pid}`);

    const connection = await mysql.createConnection({ uri: sandbox.url });
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    expect(String(rows[0]?.v)).toMatch(/^\d+\.\d+/);
    await connection.end();

    const stopped = await run('sandbox', 'stop');
    expect(stopped.code).toBe(0);
    expect(stopped.out).toContain('Stopped and removed');
    await expect(mysql.createConnection({ uri: sandbox.url, connectTimeout: 2000 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(existsSync(sandboxStatePath(userData))).toBe(false);
    expect(existsSync(sandbox.dataDir)).toBe(false);
    expect((await run('sandbox', 'stop')).out).toContain('No sandbox was running.');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { lockName } from '../../../electron/engine/orchestrator/advisory-lock';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

const LUPO = resolve(import.meta.dirname, '../../../bin/lupo.mjs');

/**
 * Issue 11 §6: a runner SIGKILLed while its server connection lingers half-open (as when
 * its host or network dies) kept the lock for up to wait_timeout while the message said
 * "wait for it". A real `lupo apply` child talks through a forwarder that, like a dead
 * network, never passes the close on; the test kills it with SIGKILL mid-statement.
 */
describe('a lock left by a dead runner', () => {
  const url = inject('mysqlUrl');
  const server = new URL(url);
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let core: string;
  let orchestration: string;
  let cwd: string;
  let proxy: Server;
  const upstreams = new Set<Socket>();
  let admin: Connection;
  let child: ChildProcess | undefined;

  const lupo = (...argv: string[]) => {
    const io = captureIo({ cwd });
    return runCli([...argv, '--url', url, '--core-db', core, '--orchestration-db', orchestration], io).then((code) => ({
      code,
      out: io.out.join(''),
      err: io.err.join(''),
    }));
  };
  const holder = async (): Promise<{ id?: number; command?: string }> => {
    const [rows] = await admin.query<RowDataPacket[]>('SELECT IS_USED_LOCK(?) AS id', [lockName(core)]);
    const id = rows[0]?.id === null ? undefined : Number(rows[0]?.id);
    if (id === undefined) return {};
    const [list] = await admin.query<RowDataPacket[]>(
      'SELECT COMMAND AS command FROM information_schema.PROCESSLIST WHERE ID = ?',
      [id],
    );
    return { id, command: list[0] ? String(list[0].command) : undefined };
  };
  const until = async <T>(what: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await what();
      if (ok(value)) return value;
      if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['stale_core', 'stale_orch']);
    [core, orchestration] = scratch.names as [string, string];
    cwd = await mkdtemp(join(tmpdir(), 'lupo-stale-lock-'));
    await writeFile(join(cwd, 'V1__slow.sql'), '-- a slow migration\nDO 1;\nDO SLEEP(4);\nDO 2;\n');
    admin = await mysql.createConnection({ uri: url });
    // Client → server bytes are forwarded, but the client's close is not: the server keeps a half-open connection.
    proxy = createServer((client) => {
      const upstream = connect(Number(server.port), '127.0.0.1');
      upstreams.add(upstream);
      client.pipe(upstream, { end: false });
      upstream.pipe(client);
      client.on('error', () => {});
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const socket of upstreams) socket.destroy();
    proxy?.close();
    await admin?.end();
    await scratch?.drop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('is named stale with the exact remedy, and `lupo unlock` frees it only once the runner is provably gone', async () => {
    const port = (proxy.address() as { port: number }).port;
    const auth = `${server.username || 'root'}${server.password ? `:${server.password}` : ''}`;
    child = spawn(
      process.execPath,
      [LUPO, 'apply', 'V1__slow.sql', '--yes', '--url', `mysql://${auth}@127.0.0.1:${port}`].concat([
        '--core-db',
        core,
        '--orchestration-db',
        orchestration,
      ]),
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', () => {});
    const pid = child.pid!;
    await until(
      async () => stdout,
      (text) => /statement 2\/3 start/.test(text),
    );
    const [batches] = await admin.query<RowDataPacket[]>(
      `SELECT batch_id AS id FROM \`${orchestration}\`.migration_batches WHERE batch_status = 'running'`,
    );
    const batch = Number(batches[0]!.id);

    // The runner is alive: the message says wait, and unlock refuses.
    const busy = await lupo('apply', '--resume', '--yes');
    expect(busy.code).toBe(2);
    expect(busy.err).toMatch(/hint: Wait for it to finish/);
    const refused = await lupo('unlock', '--batch', String(batch));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`Its process (pid ${pid}) is still running here.`);

    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // Killed mid-SLEEP: the statement still runs server-side, so unlock still refuses (without --force).
    const running = await holder();
    expect(running.command).toBe('Query');
    const orphan = await lupo('unlock', '--batch', String(batch));
    expect(orphan.code).toBe(2);
    expect(orphan.err).toMatch(/its last statement still runs on the server/);

    // The statement ends; the connection stays (half-open), idle, holding the lock.
    const stale = await until(holder, (h) => h.command === 'Sleep');
    const locked = await lupo('apply', '--resume', '--yes');
    expect(locked.code).toBe(2);
    expect(locked.err).toContain(
      `Its process (pid ${pid}) is gone; its server connection ${stale.id} still holds the lock`,
    );
    expect(locked.err).toContain(`Run \`lupo unlock --batch ${batch}\``);
    expect(locked.err).toContain(`\`KILL ${stale.id}\``);

    const unlocked = await lupo('unlock', '--batch', String(batch));
    expect(unlocked.code, unlocked.err).toBe(0);
    expect(unlocked.out).toContain(`Ended connection ${stale.id}: the lock of ${core} is free.`);
    expect(await holder()).toEqual({});

    // And the interrupted batch resumes to the end.
    const resumed = await lupo('apply', '--resume', '--yes', '--in-flight=rerun');
    expect(resumed.code, resumed.err).toBe(0);
    expect(await lupo('unlock', '--batch', String(batch))).toMatchObject({ code: 2 });
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mysql from 'mysql2/promise';
import { connectionParams, type ConnectionParams } from '../../../shared/contract/connection';
import { LupoError } from '../../../shared/errors';
import { connect } from '../../../electron/engine/connection/connect';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { startLocalServer, type LocalServer } from '../../../electron/engine/sandbox/local-server';

const run = promisify(execFile);

async function failure(params: ConnectionParams, knownHosts: KnownHosts): Promise<LupoError> {
  try {
    const session = await connect(connectionParams.parse(params), { knownHosts });
    await session.close();
  } catch (error) {
    expect(error).toBeInstanceOf(LupoError);
    return error as LupoError;
  }
  throw new Error('expected the connection to fail');
}

/** A CA and a server certificate for 127.0.0.1 signed by it, plus an unrelated CA. */
async function makeCertificates(dir: string): Promise<void> {
  const sh = (script: string) => run('sh', ['-c', script], { cwd: dir });
  await sh(
    'openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Lupo Test CA" -keyout ca.key -out ca.pem 2>/dev/null',
  );
  await sh('openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null');
  await sh(
    'printf "subjectAltName=IP:127.0.0.1" > ext.cnf && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf -out server.pem 2>/dev/null',
  );
  await sh(
    'openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Bogus CA" -keyout bogus.key -out bogus.pem 2>/dev/null',
  );
}

describe('connection test failures say what to fix', () => {
  let url: URL;
  let dir: string;
  let knownHosts: KnownHosts;
  let silent: Server;
  let silentPort: number;
  const silentSockets: Socket[] = [];
  let tlsServer: LocalServer;
  const user = `lupo_err_${Math.random().toString(16).slice(2, 8)}`;

  beforeAll(async () => {
    url = new URL(inject('mysqlUrl'));
    dir = await mkdtemp(join(tmpdir(), 'lupo-conn-errors-'));
    knownHosts = new KnownHosts(dir);
    const c = await mysql.createConnection({ uri: url.toString() });
    await c.query(`CREATE USER ?@'%' IDENTIFIED BY 'Right-Pass-1'`, [user]);
    await c.end();
    // Accepts TCP connections and never says a word: a connect timeout without the internet.
    silent = createServer((socket) => silentSockets.push(socket));
    silentPort = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)),
    );
    await makeCertificates(dir);
    tlsServer = await startLocalServer({
      baseDir: join(dir, 'tls-server'),
      extraArgs: [
        `--ssl-ca=${join(dir, 'ca.pem')}`,
        `--ssl-cert=${join(dir, 'server.pem')}`,
        `--ssl-key=${join(dir, 'server.key')}`,
      ],
    });
  });

  afterAll(async () => {
    for (const s of silentSockets) s.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await tlsServer?.destroy();
    const c = await mysql.createConnection({ uri: url.toString() });
    await c.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await c.end();
    await rm(dir, { recursive: true, force: true });
  });

  const base = () => ({ host: '127.0.0.1', port: Number(url.port), connectTimeoutMs: 3000 });

  it('wrong password → connection/access-denied', async () => {
    const error = await failure({ ...base(), user, password: 'Wrong-Pass-9' }, knownHosts);
    expect(error.code).toBe('connection/access-denied');
    expect(error.message).toContain(user);
    expect(error.hint).toMatch(/password/);
  });

  it('right password works', async () => {
    const session = await connect(connectionParams.parse({ ...base(), user, password: 'Right-Pass-1' }), {
      knownHosts,
    });
    expect(session.flavor).toBe('mariadb');
    await session.close();
  });

  it('closed port → connection/refused', async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure({ ...base(), port, user: 'root' }, knownHosts);
    expect(error.code).toBe('connection/refused');
  });

  it('unknown database → connection/unknown-database', async () => {
    const { openSession } = await import('../../../electron/engine/connection/session');
    const error = await openSession({ ...base(), user: 'root', database: 'no_such_db_xyz' }).catch(
      (e: unknown) => e as LupoError,
    );
    expect(error).toBeInstanceOf(LupoError);
    expect((error as LupoError).code).toBe('connection/unknown-database');
    expect((error as LupoError).message).toContain('no_such_db_xyz');
  });

  it('a server that never answers → connection/timeout', async () => {
    const started = Date.now();
    const error = await failure({ ...base(), port: silentPort, user: 'root', connectTimeoutMs: 800 }, knownHosts);
    expect(error.code).toBe('connection/timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('unresolvable host name → connection/dns', async () => {
    const error = await failure({ ...base(), host: 'no-such-host.invalid', user: 'root' }, knownHosts);
    expect(error.code).toBe('connection/dns');
  });

  it('TLS required on a server without TLS → connection/tls', async () => {
    const error = await failure({ ...base(), user: 'root', tls: { mode: 'required' } }, knownHosts);
    expect(error.code).toBe('connection/tls');
  });

  it('TLS verify-ca with a CA that did not sign the server → connection/tls', async () => {
    const error = await failure(
      { ...base(), port: tlsServer.port, user: 'root', tls: { mode: 'verify-ca', caFile: join(dir, 'bogus.pem') } },
      knownHosts,
    );
    expect(error.code).toBe('connection/tls');
    expect(error.hint).toMatch(/CA/);
  });

  it('TLS verify-identity with the right CA connects encrypted', async () => {
    const session = await connect(
      connectionParams.parse({
        ...base(),
        port: tlsServer.port,
        user: 'root',
        tls: { mode: 'verify-identity', caFile: join(dir, 'ca.pem') },
      }),
      { knownHosts },
    );
    const [rows] = await session.pool.query<mysql.RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    expect(String(rows[0]?.Value ?? '')).not.toBe('');
    await session.close();
  });

  it('a missing CA file → connection/tls-file', async () => {
    const error = await failure(
      { ...base(), user: 'root', tls: { mode: 'verify-ca', caFile: join(dir, 'nope.pem') } },
      knownHosts,
    );
    expect(error.code).toBe('connection/tls-file');
  });
});

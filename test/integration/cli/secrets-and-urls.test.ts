import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { connect as connectServer } from '../../../electron/engine/connection/connect';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

/**
 * Issue 11 §7 (secrets never in a message) and the URL cases of §8, through `runCli`:
 * malformed --url / LUPO_URL never echo the password (human and --json), `:0` is an
 * error, IPv6 literals connect, and a migration setting a password leaves it out of
 * progress output, errors and the statement journal.
 */
const SECRET = 'Zq7-very-secret-pw';

describe('secrets and connection URLs', () => {
  const url = inject('mysqlUrl');
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: string;
  let proxy: Server;

  beforeAll(async () => {
    scratch = await createScratchDatabases(url, ['sec_core', 'sec_orch']);
    workspace = await mkdtemp(join(tmpdir(), 'lupo-secrets-'));
    const server = new URL(url);
    // The throwaway server listens on 127.0.0.1 only: a [::1] forwarder stands in for an IPv6-only server.
    proxy = createServer((client) => {
      const upstream = connect(Number(server.port), '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '::1', resolve));
  });

  afterAll(async () => {
    proxy?.close();
    await scratch?.drop();
    await rm(workspace, { recursive: true, force: true });
    const c = await mysql.createConnection({ uri: url });
    await c.query("DROP USER IF EXISTS 'lupo_sec_user'@'localhost'").finally(() => c.end());
  });

  it.each([
    [`mysql://root:${SECRET}@127.0.0.1:99999`, /port|not a connection URL/],
    [`mysql://root:${SECRET}@[::1`, /not a connection URL/],
    [`http://root:${SECRET}@127.0.0.1:3306`, /Unsupported URL scheme/],
    [`mysql://root:${SECRET}%E0%A4%A@127.0.0.1:3306`, /malformed %-escape/],
    [`mysql://root:p@${SECRET}@no such host`, /not a connection URL/],
  ])('a malformed --url (%#) is exit 2 and never echoes the password, in text or --json', async (bad, message) => {
    const human = captureIo();
    expect(await runCli(['status', '--url', bad], human)).toBe(2);
    expect(human.err.join('')).toMatch(message);
    const json = captureIo();
    expect(await runCli(['--json', 'status', '--url', bad], json)).toBe(2);
    expect(JSON.parse(json.out.join('')).error.message).toMatch(message);
    const fromEnv = captureIo({ env: { LUPO_URL: bad } });
    expect(await runCli(['status'], fromEnv)).toBe(2);
    for (const io of [human, json, fromEnv]) {
      const all = [...io.out, ...io.err].join('');
      expect(all).not.toContain(SECRET);
      expect(all).not.toContain(encodeURIComponent(SECRET));
      expect(all).not.toMatch(/this is a bug/i);
    }
  });

  it('masks LUPO_PASSWORD wherever it would show (a wrong password for a real server)', async () => {
    const io = captureIo({ env: { LUPO_PASSWORD: SECRET } });
    const server = new URL(url);
    expect(await runCli(['--json', 'status', '--url', `mysql://nobody_here@127.0.0.1:${server.port}`], io)).toBe(2);
    expect(JSON.parse(io.out.join('')).error.message).toMatch(/Access denied/);
    expect(io.out.join('') + io.err.join('')).not.toContain(SECRET);
  });

  it('refuses port 0 instead of connecting to 3306', async () => {
    const io = captureIo();
    expect(await runCli(['status', '--url', 'mysql://root@127.0.0.1:0'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/port in "mysql:\/\/root@127\.0\.0\.1:0" must be between 1 and 65535, got 0/);
  });

  it('connects to an IPv6 literal', async () => {
    const server = new URL(url);
    const port = (proxy.address() as { port: number }).port;
    const auth = `${server.username || 'root'}${server.password ? `:${server.password}` : ''}`;
    const io = captureIo();
    expect(await runCli(['--json', 'status', '--url', `mysql://${auth}@[::1]:${port}`], io)).toBe(0);
    expect(JSON.parse(io.out.join('')).server.version).toMatch(/\d+\.\d+/);
    // The app's connection form may hold the literal with its brackets, as typed from a URL.
    const session = await connectServer(
      {
        host: '[::1]',
        port,
        user: decodeURIComponent(server.username || 'root'),
        ...(server.password ? { password: decodeURIComponent(server.password) } : {}),
        connectTimeoutMs: 5000,
        tls: { mode: 'off' },
        databases: { core: 'c', orchestration: 'o', ephemeral: 'e' },
      },
      { knownHosts: new KnownHosts(workspace) },
    );
    await session.close();
  });

  it('keeps a password set by a migration out of progress output, errors and the statement journal', async () => {
    const [core, orchestration] = scratch.names as [string, string];
    await writeFile(
      join(workspace, 'V1__user.sql'),
      [
        '-- creates the app user',
        `CREATE USER IF NOT EXISTS 'lupo_sec_user'@'localhost' IDENTIFIED BY '${SECRET}';`,
        `ALTER USER 'lupo_sec_user'@'localhost' IDENTIFIED BY '${SECRET}' PASSWORD EXPIRE NEVR;`,
        '',
      ].join('\n'),
    );
    const io = captureIo({ cwd: workspace });
    const code = await runCli(
      ['apply', 'V1__user.sql', '--yes', '--url', url, '--core-db', core, '--orchestration-db', orchestration],
      io,
    );
    const all = io.out.join('') + io.err.join('');
    expect(code).toBe(2);
    // The first statement ran and was reported, the second failed with a syntax error quoting it: both masked.
    expect(all).toMatch(/IDENTIFIED BY '\*\*\*'/);
    expect(all).toMatch(/V1__user\.sql:3/);
    expect(all).not.toContain(SECRET);
    const c = await mysql.createConnection({ uri: url });
    try {
      const [ledgers] = await c.query<RowDataPacket[]>(
        "SELECT TABLE_SCHEMA AS s FROM information_schema.TABLES WHERE TABLE_NAME = 'migration_statement_journal' AND TABLE_SCHEMA IN (?, ?)",
        [core, orchestration],
      );
      expect(ledgers.length).toBeGreaterThan(0);
      for (const { s } of ledgers) {
        const [rows] = await c.query<RowDataPacket[]>(
          `SELECT statement_sql, error_message FROM \`${String(s)}\`.migration_statement_journal`,
        );
        expect(rows.length).toBe(2);
        const text = JSON.stringify(rows);
        expect(text).toContain("IDENTIFIED BY '***'");
        expect(text).not.toContain(SECRET);
      }
    } finally {
      await c.end();
    }
    // Resuming would rebuild statement 2 from the journal, whose password is masked: refused, never run as '***'.
    const resume = captureIo({ cwd: workspace });
    expect(
      await runCli(
        [
          'apply',
          '--resume',
          '--yes',
          '--in-flight=rerun',
          '--url',
          url,
          '--core-db',
          core,
          '--orchestration-db',
          orchestration,
        ],
        resume,
      ),
    ).toBe(2);
    expect(resume.err.join('')).toMatch(/V1__user\.sql:3 sets a password, which the statement journal stores masked/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { dispatchCall, type HandlerMap } from '../../../shared/contract/server';
import { createConnectionHandlers } from '../../../electron/engine/api/connection-handlers';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { ProfileStore } from '../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../../electron/engine/connection/secret-cipher';
import { SessionRegistry } from '../../../electron/engine/connection/session-registry';
import { ADVICE_MIN_TABLES, tableCacheAdvice } from '../../../electron/engine/connection/table-cache-advice';
import { startLocalServer, type LocalServer } from '../../../electron/engine/sandbox/local-server';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';

/** Just over the advice's threshold, in the core role database. */
const TABLES = ADVICE_MIN_TABLES + 50;
const DATABASES = { core: 'tc_core', orchestration: 'tc_orch', ephemeral: 'tc_eph' };

describe('connect advises raising MariaDB table caches smaller than the role databases', () => {
  let server: LocalServer;
  let dir: string;

  beforeAll(async () => {
    // The server's default definition cache (400), and an open-table cache below the tables too.
    server = await startLocalServer({ extraArgs: ['--table-definition-cache=400', '--table-open-cache=1000'] });
    dir = await mkdtemp(join(tmpdir(), 'lupo-table-cache-'));
    const admin = await mysql.createConnection({ uri: server.url });
    for (const name of Object.values(DATABASES)) await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.end();
    const creators = await Promise.all(
      [0, 1, 2, 3].map(() =>
        mysql.createConnection({ uri: server.url, database: 'tc_core', multipleStatements: true }),
      ),
    );
    await Promise.all(
      creators.map(async (connection, worker) => {
        for (let start = worker * 100; start < TABLES; start += 400) {
          const batch: string[] = [];
          for (let i = start; i < Math.min(start + 100, TABLES); i++)
            batch.push(`CREATE TABLE t${i} (t${i}_id bigint NOT NULL PRIMARY KEY) ENGINE=InnoDB`);
          await connection.query(batch.join(';\n'));
        }
        await connection.end();
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names the caches below the table count on connect, and nothing once they are raised', async () => {
    const sessions = new SessionRegistry({ emit: () => {}, pingIntervalMs: 0 });
    const handlers = createConnectionHandlers({
      profiles: new ProfileStore(dir, createOwnerOnlyFileCipher()),
      sessions,
      knownHosts: new KnownHosts(dir),
    }) as unknown as HandlerMap;
    const open = async () => {
      const envelope = await dispatchCall(
        handlers,
        'connection/open',
        {
          host: '127.0.0.1',
          port: server.port,
          user: 'root',
          password: '',
          databases: DATABASES,
          overrideDatabases: true,
        },
        { emit: () => {} },
      );
      expect(envelope.ok).toBe(true);
      return (envelope as { value: { connectionId: string; tableCache?: unknown } }).value;
    };
    try {
      const small = await open();
      expect(small.tableCache).toEqual({ tables: TABLES, tableDefinitionCache: 400, tableOpenCache: 1000 });

      const admin = await mysql.createConnection({ uri: server.url });
      await admin.query(`SET GLOBAL table_definition_cache = ${TABLES + 100}`);
      await admin.query(`SET GLOBAL table_open_cache = ${TABLES + 100}`);
      await admin.end();
      const raised = await open();
      expect(raised.tableCache).toBeUndefined();
    } finally {
      for (const id of sessions.ids()) await sessions.close(id);
    }
  });

  it('lupo commands with --db say it on stderr (not with --quiet, nor once the caches hold the tables)', async () => {
    const admin = await mysql.createConnection({ uri: server.url });
    const setCaches = async (size: number) => {
      await admin.query(`SET GLOBAL table_definition_cache = ${size}`);
      await admin.query(`SET GLOBAL table_open_cache = ${size}`);
    };
    const inspect = async (...extra: string[]) => {
      const io = captureIo({ cwd: dir });
      const flags = ['--core-db', 'tc_core', '--orchestration-db', 'tc_orch', '--ephemeral-db', 'tc_eph'];
      expect(await runCli([...extra, 'inspect', '--db', '--url', server.url, ...flags], io)).toBe(0);
      return { out: io.out.join(''), err: io.err.join('') };
    };
    try {
      await setCaches(1000);
      const small = await inspect('--json');
      expect(small.err).toContain(`lupo: note: The role databases hold ${TABLES.toLocaleString('en-US')} tables`);
      expect(small.err).toContain('every read of the schema (every lupo command with --db)');
      expect(small.err).toContain('Raise table_definition_cache and table_open_cache above');
      // stdout stays the command's own document.
      expect(() => JSON.parse(small.out) as unknown).not.toThrow();

      expect((await inspect('--quiet')).err).not.toContain('table_definition_cache');

      await setCaches(TABLES + 100);
      expect((await inspect()).err).not.toContain('table_definition_cache');
    } finally {
      await admin.end();
    }
  }, 60_000);

  it('says nothing below the threshold, nor for MySQL (its data dictionary opens no table)', async () => {
    const pool = mysql.createPool({ uri: server.url, connectionLimit: 1 });
    try {
      await pool.query('SET GLOBAL table_definition_cache = 400');
      expect(await tableCacheAdvice(pool, 'mariadb', ADVICE_MIN_TABLES - 1)).toBeUndefined();
      expect(await tableCacheAdvice(pool, 'mariadb', ADVICE_MIN_TABLES)).toMatchObject({ tableDefinitionCache: 400 });
      expect(await tableCacheAdvice(pool, 'mysql', 100_000)).toBeUndefined();
    } finally {
      await pool.end();
    }
  });
});

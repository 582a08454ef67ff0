import { describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { startLocalServer } from '../../electron/engine/sandbox/local-server';

describe('throwaway local server', () => {
  it('starts, survives SIGKILL with committed rows, restarts and is removed', async () => {
    const server = await startLocalServer();
    try {
      const c = await mysql.createConnection({ uri: server.url });
      await c.query('CREATE DATABASE crash_check');
      await c.query('CREATE TABLE crash_check.t (t_id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB');
      await c.query('INSERT INTO crash_check.t VALUES (1)');
      await c.end();
      await server.kill();
      await server.restart();
      const c2 = await mysql.createConnection({ uri: server.url });
      const [rows] = await c2.query('SELECT COUNT(*) AS n FROM crash_check.t');
      expect((rows as Array<{ n: number }>)[0]?.n).toBe(1);
      await c2.end();
    } finally {
      await server.destroy();
    }
  });

  it('refuses a port another server answers on instead of handing out that server', async () => {
    const first = await startLocalServer();
    try {
      await expect(startLocalServer({ port: first.port })).rejects.toMatchObject({ code: 'sandbox/start-failed' });
      // The first server is untouched and still the one answering on its port.
      const c = await mysql.createConnection({ uri: first.url });
      const [rows] = await c.query('SELECT @@datadir AS d');
      await c.end();
      expect(String((rows as Array<{ d: string }>)[0]?.d)).toContain(first.dataDir);
    } finally {
      await first.destroy();
    }
  });
});

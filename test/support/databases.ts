import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { openSession, type Session } from '../../electron/engine/connection/session';

/**
 * Creates uniquely named databases on the test server so test files can run in parallel
 * against one server without seeing each other's tables. Returns a cleanup function.
 */
export async function createScratchDatabases(
  url: string,
  prefixes: readonly string[],
): Promise<{ names: string[]; drop: () => Promise<void> }> {
  const suffix = randomBytes(4).toString('hex');
  const names = prefixes.map((prefix) => `${prefix}_${suffix}`);
  const connection = await mysql.createConnection({ uri: url });
  try {
    for (const name of names) {
      await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    }
  } finally {
    await connection.end();
  }
  return {
    names,
    drop: async () => {
      const c = await mysql.createConnection({ uri: url });
      try {
        for (const name of names) await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

/** Opens an engine session on a server URL (root, no default database). */
export function sessionFor(url: string): Promise<Session> {
  const u = new URL(url);
  return openSession({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    connectTimeoutMs: 5_000,
  });
}

/**
 * Setup and timing shared by the introspection and fleet-status benches: doctrine-style
 * tables created in a live database, and interleaved rounds with medians.
 */
import mysql from 'mysql2/promise';

/** One doctrine-style table of `database`: ~12 columns, primary key + 4 secondary indexes. */
export function doctrineTableSql(database: string, i: number): string {
  const t = `thing_${i}`;
  return `CREATE TABLE ${database}.${t} (
    ${t}_id BIGINT NOT NULL AUTO_INCREMENT, actor_id BIGINT NOT NULL, parent_id BIGINT NULL,
    title VARCHAR(255) NOT NULL DEFAULT '', slug VARCHAR(191) NOT NULL, body TEXT NULL,
    status ENUM('draft','live','gone') NOT NULL DEFAULT 'draft', score INT NOT NULL DEFAULT 0,
    created_ymdhis BIGINT NOT NULL, updated_ymdhis BIGINT NOT NULL, is_deleted TINYINT(1) NOT NULL DEFAULT 0,
    deleted_ymdhis BIGINT NULL,
    PRIMARY KEY (${t}_id), UNIQUE KEY uq_slug (slug), KEY idx_actor (actor_id, created_ymdhis),
    KEY idx_parent (parent_id), KEY idx_status (status, is_deleted)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`;
}

/** Creates `database` with `count` doctrine-style tables (`connections` at once, 50 statements a round trip). */
export async function createDoctrineTables(
  url: string,
  database: string,
  count: number,
  connections = 4,
): Promise<void> {
  const admin = await mysql.createConnection({ uri: url });
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const creators = await Promise.all(
    Array.from({ length: connections }, () => mysql.createConnection({ uri: url, multipleStatements: true })),
  );
  await Promise.all(
    creators.map(async (c, worker) => {
      for (let start = worker * 50; start < count; start += 50 * connections) {
        const batch: string[] = [];
        for (let i = start; i < Math.min(start + 50, count); i++) batch.push(doctrineTableSql(database, i));
        await c.query(batch.join(';\n'));
      }
      await c.end();
    }),
  );
}

/** The median of some samples. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Runs each contender once unmeasured (JIT, pool connections, server caches), then `rounds`
 * measured rounds interleaved, the order reversed every other round (a b, b a, a b, …), so
 * that load from other processes on the machine falls on every contender alike instead of
 * on whichever happened to run during a spike. `measure` wraps each measured call (wall
 * time by default; it is told which contender) and returns its sample.
 */
export async function timeInterleaved<S = number>(
  contenders: readonly (() => Promise<unknown>)[],
  rounds: number,
  measure: (run: () => Promise<unknown>, contender: number) => Promise<S> = wallTime as unknown as (
    run: () => Promise<unknown>,
  ) => Promise<S>,
): Promise<S[][]> {
  for (const fn of contenders) await fn();
  const samples = contenders.map((): S[] => []);
  for (let i = 0; i < rounds; i++) {
    const order = [...contenders.keys()];
    if (i % 2 === 1) order.reverse();
    for (const k of order) samples[k]?.push(await measure(contenders[k]!, k));
  }
  return samples;
}

/** Wall time of one call, in ms. */
export async function wallTime(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

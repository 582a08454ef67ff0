import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { readMigrationFile } from '../../../electron/engine/migrations/migration-folder';
import { planApply } from '../../../electron/engine/orchestrator/apply-plan';
import { validateApply } from '../../../electron/engine/orchestrator/apply-validate';
import { executeApply, type ApplyOutcome } from '../../../electron/engine/orchestrator/apply-execute';

/** A pool on a server URL (no default database). */
export function poolFor(url: string): Pool {
  return mysql.createPool({
    uri: url,
    connectionLimit: 4,
    multipleStatements: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
}

/** Writes a migration file into a new temp folder and returns its path. */
export async function writeMigration(name: string, text: string, dir?: string): Promise<string> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'lupo-mig-')));
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** plan → validate → execute with --yes semantics. */
export async function applyFile(
  pool: Pool,
  path: string,
  target: string,
  ledger: string,
  options: { sink?: EngineSink; signal?: AbortSignal; allowDestructive?: boolean } = {},
): Promise<ApplyOutcome> {
  const file = await readMigrationFile(path);
  const plan = await planApply(pool, { file, targetDatabase: target, ledgerDatabase: ledger });
  const validation = await validateApply(pool, plan, {
    config: workspaceConfigSchema.parse({}),
    allowDestructive: options.allowDestructive ?? false,
  });
  return executeApply(pool, {
    plan,
    validation,
    confirmation: { typedDatabase: target, allowDestructive: options.allowDestructive ?? false },
    sink: options.sink ?? silentSink,
    signal: options.signal ?? new AbortController().signal,
  });
}

/** SHOW CREATE TABLE of every table of a database, by name (AUTO_INCREMENT counters masked). */
export async function schemaSnapshot(pool: Pool, database: string): Promise<Record<string, string>> {
  const [tables] = await pool.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
    [database],
  );
  const result: Record<string, string> = {};
  for (const row of tables) {
    const [rows] = await pool.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${database}\`.\`${String(row.t)}\``);
    result[String(row.t)] = String(rows[0]?.['Create Table']).replace(/ AUTO_INCREMENT=\d+/, '');
  }
  return result;
}

/** Table names of a database. */
export async function tableNames(pool: Pool, database: string): Promise<string[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
    [database],
  );
  return rows.map((r) => String(r.t));
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { loadDefinitions } from '../../../electron/engine/definitions/load-definitions';
import { quoteIdentifier } from '../../../electron/engine/sql/identifier';
import { renderCreateTable } from '../../../electron/engine/sqlgen/create-table';

const FIXTURES = resolve(__dirname, '../../fixtures');

/** How a test builds the orchestration database: as Lupopedia's `.toon` files (no keys) or its 4.0.25 SQL (keys). */
export type LupopediaShape = 'toon' | 'sql';

/** Creates the 8 tables of definition files (`.toon`) in `database` (a straight .toon→SQL conversion). */
async function createFromToon(url: string, database: string, folder: string): Promise<void> {
  const result = await loadDefinitions(folder, workspaceConfigSchema.parse({}));
  const tables = Object.values(result.model.databases).flatMap((d) => d.tables);
  const connection = await mysql.createConnection({ uri: url });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`);
    for (const table of tables) await connection.query(renderCreateTable(table, { database }));
  } finally {
    await connection.end();
  }
}

/**
 * Builds Lupopedia's orchestration ledger in `database`, as a real Lupopedia system holds
 * it: from its published `.toon` files (no keys) or from its
 * `migration_orchestrator_schema_4_0_25.sql` (PRIMARY KEY DEFAULT 0, no AUTO_INCREMENT).
 */
export async function createLupopediaLedger(url: string, database: string, shape: LupopediaShape): Promise<void> {
  if (shape === 'toon') return createFromToon(url, database, resolve(FIXTURES, 'lupopedia-ledger/toon'));
  const sql = await readFile(resolve(FIXTURES, 'lupopedia-ledger/migration_orchestrator_schema_4_0_25.sql'), 'utf8');
  const statements = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => /^CREATE TABLE/i.test(s));
  const connection = await mysql.createConnection({ uri: url });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`);
    await connection.query(`USE ${quoteIdentifier(database)}`);
    for (const statement of statements) await connection.query(statement);
  } finally {
    await connection.end();
  }
}

/** Builds Lupo Admin 0.1's own ledger (its invented columns and journal) in `database`. */
export async function createLegacyLedger(url: string, database: string): Promise<void> {
  return createFromToon(url, database, resolve(FIXTURES, 'ledger-0.1'));
}

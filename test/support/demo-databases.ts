import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { loadWorkspaceConfig } from '../../electron/engine/config/index';
import { loadDefinitions } from '../../electron/engine/definitions/index';
import { quoteIdentifier } from '../../electron/engine/sql/identifier';
import { renderCreateTable } from '../../electron/engine/sqlgen/create-table';
import { DATABASE_ROLES } from '../../shared/schema/model';
import { createScratchDatabases } from './databases';

/** The demo workspace that ships with the app. */
export const DEMO_WORKSPACE = resolve(import.meta.dirname, '../../toon/demo');

/**
 * Creates scratch databases (one per role, named from `prefixes`: core, orchestration,
 * ephemeral) holding the demo definitions' tables, except the core tables listed in
 * `missingCore` — so a test sees a known drift. `drop()` removes the databases.
 */
export async function createDemoDatabases(
  url: string,
  prefixes: readonly [string, string, string],
  missingCore: readonly string[] = [],
): Promise<{ names: string[]; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabases(url, prefixes);
  const { config } = await loadWorkspaceConfig({ cwd: DEMO_WORKSPACE });
  const { model } = await loadDefinitions(config.definitions, config);
  const connection = await mysql.createConnection({ uri: url });
  try {
    for (const [i, role] of DATABASE_ROLES.entries()) {
      await connection.query(`USE ${quoteIdentifier(scratch.names[i]!)}`);
      for (const table of model.databases[role].tables) {
        if (role === 'core' && missingCore.includes(table.name)) continue;
        await connection.query(renderCreateTable(table));
      }
    }
  } finally {
    await connection.end();
  }
  return scratch;
}

/** The CLI flags that point a command at the live server `url` with the three role databases `names`. */
export function liveDatabaseFlags(url: string, names: readonly string[]): string[] {
  return ['--db', '--url', url, '--core-db', names[0]!, '--orchestration-db', names[1]!, '--ephemeral-db', names[2]!];
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { Table } from '../../../shared/schema/model';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../../shared/workspace-config';
import { loadDefinitions } from '../definitions/load-definitions';
import { quoteIdentifier } from '../sql/identifier';
import { renderCreateTable } from '../sqlgen/create-table';

let cachedDir: string | undefined;

/** The shipped `toon/orchestration/` folder: Electron's resources folder when packaged, else found by walking up from this module. */
export function orchestrationDefinitionsDir(): string {
  if (cachedDir) return cachedDir;
  // In a packaged app `toon/` ships beside app.asar, in Electron's resources folder.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(join(resourcesPath, 'toon', 'orchestration'))) {
    return (cachedDir = join(resourcesPath, 'toon', 'orchestration'));
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'toon', 'orchestration');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return (cachedDir = candidate);
    dir = dirname(dir);
  }
  throw new LupoError(
    'ledger/definitions-missing',
    'The orchestration ledger definitions (toon/orchestration/) were not found.',
    {
      hint: 'Reinstall Lupo Admin; the folder ships with the app.',
    },
  );
}

let cachedTables: Promise<readonly Table[]> | undefined;

/** The ledger tables (the 8 orchestrator tables + the statement journal) from their definitions. */
export async function ledgerTableDefinitions(): Promise<readonly Table[]> {
  cachedTables ??= (async () => {
    const config: WorkspaceConfig = workspaceConfigSchema.parse({});
    const result = await loadDefinitions(orchestrationDefinitionsDir(), config);
    const errors = result.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      throw new LupoError(
        'ledger/bad-definitions',
        `The shipped ledger definitions do not load: ${errors[0]!.message}`,
        {
          hint: 'Reinstall Lupo Admin.',
        },
      );
    }
    const all = Object.values(result.model.databases).flatMap((d) => d.tables);
    return all.map((t) => ({ ...t, options: { engine: 'InnoDB', charset: 'utf8mb4', ...t.options } }));
  })();
  cachedTables.catch(() => (cachedTables = undefined));
  return cachedTables;
}

/**
 * Creates the orchestration database and the ledger tables that are absent (idempotent:
 * `CREATE TABLE IF NOT EXISTS` from the shipped definitions via `renderCreateTable`; present
 * tables are not touched). Returns the names it created.
 */
export async function ensureLedger(db: Pick<Connection, 'query'>, ledgerDatabase: string): Promise<string[]> {
  const tables = await ledgerTableDefinitions();
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [ledgerDatabase],
  );
  const present = new Set(rows.map((r) => String(r.t).toLowerCase()));
  const missing = tables.filter((t) => !present.has(t.name.toLowerCase()));
  if (missing.length === 0) return [];
  await db.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(ledgerDatabase)} CHARACTER SET utf8mb4`);
  for (const table of missing)
    await db.query(renderCreateTable(table, { ifNotExists: true, database: ledgerDatabase }));
  return missing.map((t) => t.name);
}

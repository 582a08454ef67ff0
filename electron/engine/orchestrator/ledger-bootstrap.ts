import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import type { Table } from '../../../shared/schema/model';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../../shared/workspace-config';
import { loadDefinitions } from '../definitions/load-definitions';
import { quoteIdentifier, quoteQualified } from '../sql/identifier';
import { JOURNAL_TABLE_NAME, LUPOPEDIA_LEDGER_TABLES } from './ledger-columns';
import { withLedgerLock, type LedgerDb } from './ledger-ids';
import { requireWritableLedger } from './ledger-shape';
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
    return all.map((t) => ({
      ...t,
      options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', ...t.options },
    }));
  })();
  cachedTables.catch(() => (cachedTables = undefined));
  return cachedTables;
}

/** Which key the created ledger tables get (LEDGER §5b.3): `pk` as the 4.0.25 SQL, `nokey` as Lupopedia's `.toon` files. */
export type LedgerKeyStyle = 'pk' | 'nokey';

/** Options of `ensureLedger`. */
export interface EnsureLedgerOptions {
  /**
   * The key style the workspace's own definitions declare for the 8 tables (a Lupopedia
   * workspace declares them without keys), so a fresh ledger shows no drift against the
   * operator's source. Ignored when some ledger tables already exist: then the existing
   * tables' style wins.
   */
  readonly declaredKeyStyle?: LedgerKeyStyle;
}

/** The key style a workspace declares for the ledger tables, if it declares all 8 (else undefined). */
export function declaredLedgerKeyStyle(tables: readonly Table[]): LedgerKeyStyle | undefined {
  const ledger = tables.filter((t) => (LUPOPEDIA_LEDGER_TABLES as readonly string[]).includes(t.name));
  if (ledger.length !== LUPOPEDIA_LEDGER_TABLES.length) return undefined;
  return ledger.every((t) => t.primaryKey) ? 'pk' : ledger.every((t) => !t.primaryKey) ? 'nokey' : undefined;
}

/**
 * The key style the workspace's definitions declare for the ledger (LEDGER §5b.3), read
 * from its definitions folder; undefined when the folder is absent, does not load, or
 * does not declare all 8 tables. Only consulted when the ledger does not exist yet.
 */
export async function workspaceLedgerKeyStyle(config: WorkspaceConfig): Promise<LedgerKeyStyle | undefined> {
  if (!existsSync(config.definitions)) return undefined;
  try {
    const result = await loadDefinitions(config.definitions, config);
    return declaredLedgerKeyStyle(Object.values(result.model.databases).flatMap((d) => d.tables));
  } catch {
    return undefined;
  }
}

/**
 * Makes the orchestration database hold a writable ledger (LEDGER §5a-5b), idempotently:
 * classifies what is there first and refuses unknown, 0.1, renamed or inconsistent ledgers
 * before creating anything (typed `ledger/*` errors naming tables and columns); repairs the
 * stray empty 0.1 journal that Lupo Admin 0.1 left beside Lupopedia's tables; then, under
 * the ledger-wide lock, creates the database (utf8mb4_unicode_ci) and each absent table
 * from the shipped definitions with `CREATE TABLE IF NOT EXISTS`, keyed like the tables
 * already there (or as the workspace declares them). Returns the names it created.
 */
export async function ensureLedger(
  db: LedgerDb,
  ledgerDatabase: string,
  options: EnsureLedgerOptions = {},
): Promise<string[]> {
  const shape = await requireWritableLedger(db, ledgerDatabase);
  const missingL = shape.tables.filter((t) => t.verdict === 'absent').map((t) => t.table);
  const journalOk = shape.journal === 'j1';
  if (missingL.length === 0 && journalOk) return [];
  const tables = await ledgerTableDefinitions();
  const keyStyle: LedgerKeyStyle =
    shape.keyStyle === 'nokey' ? 'nokey' : shape.keyStyle === 'none' ? (options.declaredKeyStyle ?? 'pk') : 'pk';
  return withLedgerLock(db, ledgerDatabase, async (session) => {
    await session.query(
      `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(ledgerDatabase)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    if (shape.journal === 'j0-empty') {
      // Lupo Admin 0.1 left its own, empty journal here: replace it with the current one.
      const [rows] = await session.query<RowDataPacket[]>(
        `SELECT COUNT(*) AS n FROM ${quoteQualified(ledgerDatabase, JOURNAL_TABLE_NAME)}`,
      );
      if (Number(rows[0]?.n) === 0)
        await session.query(`DROP TABLE ${quoteQualified(ledgerDatabase, JOURNAL_TABLE_NAME)}`);
    }
    const wanted = [...missingL, ...(journalOk ? [] : [JOURNAL_TABLE_NAME])];
    const created: string[] = [];
    for (const name of wanted) {
      const table = tables.find((t) => t.name === name);
      if (!table) continue;
      const { primaryKey, ...rest } = table;
      const keyed = name === JOURNAL_TABLE_NAME || keyStyle === 'pk' ? table : (rest as Table);
      void primaryKey;
      await session.query(renderCreateTable(keyed, { ifNotExists: true, database: ledgerDatabase }));
      created.push(name);
    }
    return created;
  });
}

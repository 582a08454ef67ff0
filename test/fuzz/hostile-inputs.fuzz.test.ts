import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentSink } from '../../shared/engine-events';
import { workspaceConfigSchema, type WorkspaceConfig } from '../../shared/workspace-config';
import { openSession, type Session } from '../../electron/engine/connection/session';
import { loadDefinitions } from '../../electron/engine/definitions/index';
import { diffDatabase } from '../../electron/engine/diff/index';
import { introspectDatabase } from '../../electron/engine/introspect/index';
import { readMigrationFile } from '../../electron/engine/migrations/migration-folder';
import { planApply } from '../../electron/engine/orchestrator/apply-plan';
import { executeApply } from '../../electron/engine/orchestrator/apply-execute';
import { validateApply } from '../../electron/engine/orchestrator/apply-validate';
import { planMigration, renderMigrationFile } from '../../electron/engine/planner/index';
import type { LocalServer } from '../../electron/engine/sandbox/local-server';
import { clearGeneralLog, loggedStatements, startLoggedServer, undeclared } from '../integration/security/support';
import { hostileDefinition, hostileSqlFile, prng } from './generators';

const LEDGER = 'fz_ledger';
/** Wall-clock budget per part (the whole suite stays under 90 s). */
const BUDGET_MS = 30_000;
const SEED = Number(process.env.LUPO_FUZZ_SEED ?? 20261202);

/** Every doctrine rule off: the fuzz tests escaping and classification, not table shapes. */
const config: WorkspaceConfig = workspaceConfigSchema.parse({
  doctrine: Object.fromEntries(
    [
      'audit-timestamps',
      'bigint-ids',
      'idempotent-migration',
      'innodb-utf8mb4',
      'no-cascading-deletes',
      'no-events',
      'no-foreign-keys',
      'no-routines',
      'no-triggers',
      'primary-key-named-after-table',
      'soft-delete',
      'table-budget',
      'ymdhis-timestamps',
    ].map((rule) => [rule, { enabled: false }]),
  ),
});

describe('fuzz: hostile names, options, definitions and SQL files through loader → plan → apply', () => {
  let server: LocalServer;
  let admin: mysql.Connection;
  let session: Session;
  let dir: string;
  const serverErrors: string[] = [];
  const counts = {
    definitions: 0,
    rejectedAtLoad: 0,
    planned: 0,
    serverErrors: 0,
    sqlFiles: 0,
    refused: 0,
    applied: 0,
    statementsSeen: 0,
  };

  const users = async (): Promise<number> => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM mysql.user');
    return Number(rows[0]!.n);
  };
  /** A fresh target database with a sentinel table of rows the inputs try to destroy. */
  const target = async (name: string): Promise<string> => {
    await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.query(
      `CREATE TABLE \`${name}\`.lupo_sentinel (sentinel_id bigint NOT NULL PRIMARY KEY, sentinel_value int NOT NULL) ENGINE=InnoDB`,
    );
    await admin.query(
      `INSERT INTO \`${name}\`.lupo_sentinel VALUES ${Array.from({ length: 20 }, (_, i) => `(${i + 1}, ${(i + 1) * 1000})`).join(', ')}`,
    );
    return name;
  };
  const sentinel = async (database: string): Promise<string> => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(`CHECKSUM TABLE \`${database}\`.lupo_sentinel EXTENDED`);
    return String(rows[0]?.Checksum);
  };
  const apply = async (database: string, path: string) => {
    const file = await readMigrationFile(path);
    const plan = await planApply(session.pool, { file, targetDatabase: database, ledgerDatabase: LEDGER });
    const validation = await validateApply(session.pool, plan, { config, allowDestructive: false });
    if (!validation.ok) return { refused: true as const, plan };
    const outcome = await executeApply(session.pool, {
      plan,
      validation,
      confirmation: { typedDatabase: database, allowDestructive: false },
      sink: silentSink,
      signal: new AbortController().signal,
    }).catch((error: unknown) => ({ error }));
    return { refused: false as const, plan, outcome };
  };

  beforeAll(async () => {
    server = await startLoggedServer();
    admin = await mysql.createConnection({ uri: server.url });
    await admin.query(`CREATE DATABASE ${LEDGER}`);
    session = await openSession({
      host: '127.0.0.1',
      port: server.port,
      user: 'root',
      password: '',
      connectTimeoutMs: 5_000,
    });
    dir = await mkdtemp(join(tmpdir(), 'lupo-fuzz-'));
  }, 60_000);
  afterAll(async () => {
    console.log(`fuzz (seed ${SEED}): ${JSON.stringify(counts)}`);
    await session?.close();
    await admin?.end();
    await server?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('hostile definitions (JSON and TOON): refused at load with a location, or applied with only declared statements', async () => {
    const r = prng(SEED);
    const before = await users();
    const started = Date.now();
    for (let i = 0; Date.now() - started < BUDGET_MS && i < 400; i++) {
      counts.definitions++;
      const folder = join(dir, `defs${i}`, 'core');
      await mkdir(folder, { recursive: true });
      const { file, text } = hostileDefinition(r, i);
      await writeFile(join(folder, file), text);
      const loaded = await loadDefinitions(join(dir, `defs${i}`), config);
      const errors = loaded.findings.filter((f) => f.severity === 'error');
      for (const error of errors)
        expect(error.location, error.message).toMatchObject({ kind: 'file', line: expect.any(Number) });
      if (errors.length > 0 || loaded.model.databases.core.tables.length === 0) {
        counts.rejectedAtLoad++;
        continue;
      }
      const database = await target(`fz_d${i}`);
      const guard = await sentinel(database);
      const live = await introspectDatabase(session, 'core', database);
      const desired = {
        ...loaded.model.databases.core,
        name: database,
        tables: [...loaded.model.databases.core.tables, ...live.tables],
      };
      const plan = planMigration(diffDatabase(live, desired), {
        generatedAt: new Date(),
        version: 'fuzz',
        source: 'fuzz',
      });
      const migration = join(dir, `V${i}__defs.sql`);
      const content = renderMigrationFile(plan, { config });
      await writeFile(migration, content);
      counts.planned++;
      await clearGeneralLog(admin);
      const result = await apply(database, migration);
      if (!result.refused && 'outcome' in result && result.outcome && 'error' in result.outcome) {
        counts.serverErrors++;
        serverErrors.push(String((result.outcome.error as Error).message).slice(0, 300));
      }
      const logged = await loggedStatements(admin);
      counts.statementsSeen += logged.length;
      expect(undeclared(logged, content, LEDGER), text).toEqual([]);
      expect(await sentinel(database), text).toBe(guard);
    }
    expect(await users()).toBe(before);
    expect(counts.definitions).toBeGreaterThan(50);
    // What loads must run: a definition the server refuses should have been a load error.
    expect(serverErrors).toEqual([]);
  }, 80_000);

  it('hostile SQL files: whatever the classifier lets through without --allow-destructive removes no row', async () => {
    const r = prng(SEED + 1);
    const before = await users();
    const started = Date.now();
    for (let i = 0; Date.now() - started < BUDGET_MS && i < 400; i++) {
      counts.sqlFiles++;
      const text = hostileSqlFile(r);
      const database = await target(`fz_s${i}`);
      const guard = await sentinel(database);
      const path = join(dir, `V${i}__sql.sql`);
      await writeFile(path, text);
      await clearGeneralLog(admin);
      const result = await apply(database, path);
      const logged = await loggedStatements(admin);
      counts.statementsSeen += logged.length;
      if (result.refused) {
        counts.refused++;
        // Refused: nothing of the file reached the server.
        expect(undeclared(logged, '', LEDGER), text).toEqual([]);
      } else {
        counts.applied++;
        expect(undeclared(logged, text, LEDGER), text).toEqual([]);
      }
      expect(await sentinel(database), text).toBe(guard);
    }
    expect(await users()).toBe(before);
    expect(counts.sqlFiles).toBeGreaterThan(50);
  }, 80_000);
});

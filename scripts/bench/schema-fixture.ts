/**
 * The bench's synthetic workspace: N doctrine-style tables (12 columns, a primary key, one
 * unique and three secondary indexes), written as a definitions folder (one legacy-JSON
 * `.toon` file per table) and created in a live database of a throwaway server. One table
 * in 50 drifts (the live table has an extra column), one in 200 is missing live, so every
 * command has real differences to find and the output grows with N like a real system's.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/** Database names of the synthetic workspace's roles (only core holds tables). */
export const BENCH_DATABASES = { core: 'bench_core', orchestration: 'bench_orch', ephemeral: 'bench_eph' } as const;

/** The table name of table `i` (sorted names interleave, as real schemas do). */
export function tableName(i: number): string {
  return `lupo_thing${i}_records`;
}

function columns(i: number): string[] {
  const pk = `thing${i}_record_id`;
  return [
    `\`${pk}\` bigint NOT NULL AUTO_INCREMENT`,
    "`actor_id` bigint NOT NULL DEFAULT 0 COMMENT 'Owner actor'",
    '`parent_id` bigint DEFAULT NULL',
    "`record_key` varchar(64) NOT NULL DEFAULT ''",
    "`record_name` varchar(255) NOT NULL DEFAULT ''",
    "`record_status` varchar(32) NOT NULL DEFAULT 'new'",
    '`record_count` int NOT NULL DEFAULT 0',
    '`record_notes` text',
    '`created_ymdhis` bigint NOT NULL DEFAULT 0',
    '`updated_ymdhis` bigint NOT NULL DEFAULT 0',
    '`is_deleted` tinyint NOT NULL DEFAULT 0',
    '`deleted_ymdhis` bigint DEFAULT NULL',
  ];
}

const INDEXES = [
  { index_name: 'uq_record_key', columns: ['record_key'], is_unique: true },
  { index_name: 'idx_actor_created', columns: ['actor_id', 'created_ymdhis'], is_unique: false },
  { index_name: 'idx_parent', columns: ['parent_id'], is_unique: false },
  { index_name: 'idx_status_deleted', columns: ['record_status', 'is_deleted'], is_unique: false },
];

function definitionDocument(i: number): string {
  const pk = `thing${i}_record_id`;
  return JSON.stringify(
    {
      table_name: tableName(i),
      fields: columns(i),
      data: [],
      primary_key: { column_name: pk, expected_name: pk, is_correct: true, needs_rename: false },
      indexes: INDEXES.map((index) => ({ ...index, index_type: 'BTREE' })),
    },
    null,
    4,
  );
}

function createTableSql(i: number): string {
  const extra = i % 50 === 7 ? ',\n  `legacy_flag` tinyint NOT NULL DEFAULT 0' : '';
  const keys = INDEXES.map(
    (index) =>
      `${index.is_unique ? 'UNIQUE KEY' : 'KEY'} \`${index.index_name}\` (${index.columns.map((c) => `\`${c}\``).join(', ')})`,
  );
  return `CREATE TABLE \`${BENCH_DATABASES.core}\`.\`${tableName(i)}\` (
  ${columns(i).join(',\n  ')}${extra},
  PRIMARY KEY (\`thing${i}_record_id\`),
  ${keys.join(',\n  ')}
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
}

/** Writes the workspace (config + definitions folder) for `tables` tables into `dir`. */
export async function writeWorkspace(dir: string, tables: number): Promise<void> {
  await mkdir(join(dir, 'toon'), { recursive: true });
  await writeFile(
    join(dir, 'lupo.config.json'),
    JSON.stringify({ definitions: 'toon', databases: BENCH_DATABASES, tableBudget: { total: 50_000 } }, null, 2),
  );
  for (let start = 0; start < tables; start += 200) {
    const batch = [];
    for (let i = start; i < Math.min(start + 200, tables); i++) {
      batch.push(writeFile(join(dir, 'toon', `${tableName(i)}.toon`), definitionDocument(i)));
    }
    await Promise.all(batch);
  }
}

/** Creates the role databases and the live tables (4 connections, 50 statements a round trip). */
export async function createLiveSchema(url: string, tables: number): Promise<void> {
  const admin = await mysql.createConnection({ uri: url });
  for (const db of Object.values(BENCH_DATABASES)) {
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.query(`CREATE DATABASE \`${db}\``);
  }
  await admin.end();
  const creators = await Promise.all(
    [0, 1, 2, 3].map(() => mysql.createConnection({ uri: url, multipleStatements: true })),
  );
  await Promise.all(
    creators.map(async (connection, worker) => {
      for (let start = worker * 50; start < tables; start += 200) {
        const batch: string[] = [];
        for (let i = start; i < Math.min(start + 50, tables); i++) if (i % 200 !== 13) batch.push(createTableSql(i));
        if (batch.length > 0) await connection.query(batch.join(';\n'));
      }
      await connection.end();
    }),
  );
}

/**
 * Extra server options of the benches that hold thousands of tables: with `--table-cache N`
 * the throwaway server keeps N tables open and N definitions cached (`table_open_cache`,
 * `table_definition_cache`), as a server holding that many tables should be configured.
 * Without it the server's defaults (2,000 / 400) apply and MariaDB reopens tables for every
 * information_schema read of their options and index types (docs/dialect-differences.md).
 */
export function tableCacheArgs(argv: readonly string[] = process.argv): string[] {
  const at = argv.indexOf('--table-cache');
  if (at < 0) return [];
  const size = Number(argv[at + 1]);
  if (!Number.isInteger(size) || size < 1) throw new Error('--table-cache needs a positive number of tables');
  return [`--table-open-cache=${size}`, `--table-definition-cache=${size}`];
}

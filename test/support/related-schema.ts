/**
 * A synthetic workspace shaped like a real doctrine system for the relationship map: tables
 * in name families (`lupo_actors`, `lupo_actor_roles`, …) that refer to their family's main
 * table and, now and then, to `lupo_actors` through `*_id` columns — about 0.9 inferred
 * relationships per table, like the 184-table Lupopedia (164 edges). Definitions only (one
 * legacy-JSON `.toon` file per table); `createRelatedLiveSchema` creates the same tables live.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

const FAMILY_WORDS = [
  'actor',
  'content',
  'channel',
  'analytics',
  'agent',
  'document',
  'memory',
  'search',
  'federation',
  'dialog',
  'crafty',
  'help',
  'label',
  'pack',
  'doctrine',
  'anubis',
  'campaign',
  'session',
  'permission',
  'tag',
];
const CHILD_WORDS = [
  'edges',
  'moods',
  'properties',
  'snapshots',
  'logs',
  'links',
  'events',
  'revisions',
  'votes',
  'flags',
];

/** One table of the synthetic system: its name, primary key and the `*_id` columns that point elsewhere. */
export interface RelatedTable {
  readonly name: string;
  readonly pk: string;
  readonly refs: readonly string[];
}

/** The tables of a `count`-table system: families of 1 main + up to 10 children, some lone tables, some `migration_*`. */
export function relatedTables(count: number): RelatedTable[] {
  const tables: RelatedTable[] = [];
  const lone = Math.round(count * 0.1);
  const migration = Math.min(8, Math.round(count * 0.05));
  let family = 0;
  while (tables.length < count - lone - migration) {
    const base = FAMILY_WORDS[family % FAMILY_WORDS.length]!;
    const word = family < FAMILY_WORDS.length ? base : `${base}${Math.floor(family / FAMILY_WORDS.length)}`;
    const children = 1 + ((family * 7) % 9);
    tables.push({ name: `lupo_${word}s`, pk: `${word}_id`, refs: family === 0 ? [] : ['actor_id'] });
    for (let c = 0; c < children && tables.length < count - lone - migration; c++) {
      const child = CHILD_WORDS[c]!;
      tables.push({ name: `lupo_${word}_${child}`, pk: `${word}_${child.replace(/s$/, '')}_id`, refs: [`${word}_id`] });
    }
    family++;
  }
  for (let i = 0; tables.length < count - migration; i++)
    tables.push({ name: `lupo_misc${i}_settings`, pk: 'id', refs: [] });
  const steps = [
    'batches',
    'files',
    'alerts',
    'progress',
    'dependencies',
    'rollback_log',
    'system_state',
    'validation_log',
  ];
  for (let i = 0; tables.length < count; i++) {
    tables.push({ name: `migration_${steps[i]!}`, pk: i === 0 ? 'batch_id' : 'id', refs: i === 0 ? [] : ['batch_id'] });
  }
  return tables;
}

function fields(table: RelatedTable): string[] {
  return [
    `\`${table.pk}\` bigint NOT NULL AUTO_INCREMENT`,
    ...table.refs.map((ref) => `\`${ref}\` bigint NOT NULL DEFAULT 0`),
    "`record_name` varchar(255) NOT NULL DEFAULT ''",
    '`created_ymdhis` bigint NOT NULL DEFAULT 0',
    '`is_deleted` tinyint NOT NULL DEFAULT 0',
  ];
}

/** Writes `lupo.config.json` and one definition file per table into `dir` (core holds every table). */
export async function writeRelatedWorkspace(
  dir: string,
  count: number,
  databases: { core: string; orchestration: string; ephemeral: string },
): Promise<void> {
  await mkdir(join(dir, 'toon'), { recursive: true });
  await writeFile(
    join(dir, 'lupo.config.json'),
    JSON.stringify({ definitions: 'toon', databases, tableBudget: { total: 50_000 } }, null, 2),
  );
  const tables = relatedTables(count);
  for (let start = 0; start < tables.length; start += 200) {
    await Promise.all(
      tables.slice(start, start + 200).map((table) =>
        writeFile(
          join(dir, 'toon', `${table.name}.toon`),
          JSON.stringify({
            table_name: table.name,
            fields: fields(table),
            data: [],
            primary_key: { column_name: table.pk, expected_name: table.pk, is_correct: true, needs_rename: false },
            indexes: table.refs.map((ref) => ({
              index_name: `idx_${ref}`,
              columns: [ref],
              is_unique: false,
              index_type: 'BTREE',
            })),
          }),
        ),
      ),
    );
  }
}

/** Creates the role databases and every table of the system live in `databases.core` (4 connections, 50 a round trip). */
export async function createRelatedLiveSchema(
  url: string,
  count: number,
  databases: { core: string; orchestration: string; ephemeral: string },
): Promise<void> {
  const admin = await mysql.createConnection({ uri: url });
  for (const db of Object.values(databases)) {
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.query(`CREATE DATABASE \`${db}\``);
  }
  await admin.end();
  const tables = relatedTables(count);
  const creators = await Promise.all(
    [0, 1, 2, 3].map(() => mysql.createConnection({ uri: url, multipleStatements: true })),
  );
  await Promise.all(
    creators.map(async (connection, worker) => {
      for (let start = worker * 50; start < tables.length; start += 200) {
        const batch = tables
          .slice(start, start + 50)
          .map(
            (table) =>
              `CREATE TABLE \`${databases.core}\`.\`${table.name}\` (${fields(table).join(', ')}, PRIMARY KEY (\`${table.pk}\`)${table.refs.map((ref) => `, KEY \`idx_${ref}\` (\`${ref}\`)`).join('')}) ENGINE=InnoDB`,
          );
        if (batch.length > 0) await connection.query(batch.join(';\n'));
      }
      await connection.end();
    }),
  );
}

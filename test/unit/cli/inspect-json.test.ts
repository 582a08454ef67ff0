import { describe, expect, it } from 'vitest';
import { emptySchemaModel, type SchemaModel, type Table } from '../../../shared/schema/model';
import {
  buildInspectDocument,
  writeInspectDocument,
  type InspectSources,
} from '../../../electron/cli/commands/inspect';

function table(name: string, file?: string): Table {
  return {
    name,
    columns: [
      {
        name: `${name}_id`,
        type: 'bigint',
        unsigned: false,
        zerofill: false,
        nullable: false,
        autoIncrement: true,
        ...(file ? { source: { kind: 'file' as const, file, line: 3, column: 5 } } : {}),
      },
      {
        name: 'note',
        type: 'varchar',
        length: 64,
        unsigned: false,
        zerofill: false,
        nullable: true,
        autoIncrement: false,
        comment: 'a "quoted"\nline',
      },
    ],
    primaryKey: { columns: [`${name}_id`] },
    indexes: [{ name: 'idx_note', columns: [{ name: 'note' }], unique: false, kind: 'btree' }],
    foreignKeys: [],
    options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' },
    ...(file ? { source: { kind: 'file' as const, file, line: 1 } } : {}),
  };
}

function model(core: Table[], orchestration: Table[] = []): SchemaModel {
  const base = emptySchemaModel({ core: 'app_core', orchestration: 'app_orch', ephemeral: 'app_eph' });
  return {
    databases: {
      ...base.databases,
      core: { ...base.databases.core, tables: core },
      orchestration: { ...base.databases.orchestration, tables: orchestration },
    },
  };
}

/** What `lupo inspect --json` printed before it wrote the document piece by piece. */
const oneString = (sources: InspectSources): string => JSON.stringify(buildInspectDocument(sources), null, 2) + '\n';

function streamed(sources: InspectSources): { text: string; pieces: number } {
  const pieces: string[] = [];
  writeInspectDocument(sources, (piece) => pieces.push(piece));
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('lupo inspect --json written table by table', () => {
  it('prints exactly the one-string document, in one piece per table', () => {
    const definitions = model([table('users', 'toon/users.toon'), table('posts', 'toon/posts.toon')], [table('jobs')]);
    const sources: InspectSources = {
      definitions,
      sql: { model: model([table('users')]), createTableCount: 1 },
      live: model([table('users')]),
      findings: [
        {
          code: 'definition/x',
          severity: 'warning',
          message: 'careful',
          hint: 'look',
          location: { kind: 'file', file: 'toon/posts.toon', line: 2 },
        },
        { code: 'definition/y', severity: 'error', message: 'broken', location: { kind: 'database', database: 'x' } },
      ],
    };
    const { text, pieces } = streamed(sources);
    expect(text).toBe(oneString(sources));
    expect(JSON.parse(text).databases.core.tables).toHaveLength(2);
    // 3 definition tables, 1 SQL table and 1 live table are written one by one.
    expect(pieces).toBeGreaterThan(5);
  });

  it('prints empty table lists and absent sources as the one-string document does', () => {
    for (const sources of [
      { findings: [] },
      { live: model([]), findings: [] },
      { definitions: model([table('only')]), findings: [] },
    ] satisfies InspectSources[]) {
      expect(streamed(sources).text).toBe(oneString(sources));
    }
  });
});

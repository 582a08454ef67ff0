import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveIndexKind } from '../../../electron/engine/ddl/index-kind';
import { parseCreateTable } from '../../../electron/engine/ddl/create-table';
import { parseDefinitionDocument } from '../../../electron/engine/definitions/definition-document';
import { documentToTable } from '../../../electron/engine/definitions/document-to-table';
import { renderCreateTable } from '../../../electron/engine/sqlgen/create-table';
import { readSqlFile } from '../../../electron/engine/sqlfile/index';
import { workspaceConfigSchema } from '../../../shared/workspace-config';

const kinds = (table: { indexes: readonly { name: string; kind: string }[] }) =>
  Object.fromEntries(table.indexes.map((i) => [i.name, i.kind]));

describe('index kinds as the engine makes them (MariaDB 10.11, measured)', () => {
  it('MEMORY: undeclared is HASH, USING BTREE stays B-tree; other engines: B-tree unless a UNIQUE USING HASH', () => {
    expect(effectiveIndexKind(undefined, 'MEMORY', false)).toBe('hash');
    expect(effectiveIndexKind(undefined, 'heap', true)).toBe('hash');
    expect(effectiveIndexKind('btree', 'Memory', false)).toBe('btree');
    expect(effectiveIndexKind('hash', 'MEMORY', false)).toBe('hash');
    expect(effectiveIndexKind(undefined, 'InnoDB', true)).toBe('btree');
    expect(effectiveIndexKind(undefined, undefined, false)).toBe('btree');
    expect(effectiveIndexKind('hash', 'InnoDB', false)).toBe('btree');
    expect(effectiveIndexKind('hash', 'MyISAM', false)).toBe('btree');
    // MariaDB's long unique.
    expect(effectiveIndexKind('hash', 'InnoDB', true)).toBe('hash');
    expect(effectiveIndexKind('hash', undefined, true)).toBe('hash');
  });

  it('definitions: index_type left out takes the engine default; a declared one is kept', () => {
    const document = (engine: string) =>
      parseDefinitionDocument(
        JSON.stringify({
          table_name: 'm',
          engine,
          fields: ['`id` int NOT NULL', '`a` int', '`b` int', '`c` varchar(20) UNIQUE'],
          primary_key: { column_name: 'id' },
          indexes: [
            { index_name: 'ka', columns: ['a'], is_unique: false },
            { index_name: 'kb', columns: ['b'], is_unique: false, index_type: 'BTREE' },
            { index_name: 'kh', columns: ['b'], is_unique: false, index_type: 'HASH' },
          ],
          unique_constraints: [{ constraint_name: 'uq', columns: ['a', 'b'] }],
        }),
      );
    const memory = documentToTable(document('MEMORY'), 'm.toon');
    expect(memory.findings).toEqual([]);
    expect(kinds(memory.table!)).toEqual({ ka: 'hash', kb: 'btree', kh: 'hash', uq: 'hash', c: 'hash' });
    const innodb = documentToTable(document('InnoDB'), 'm.toon');
    expect(kinds(innodb.table!)).toEqual({ ka: 'btree', kb: 'btree', kh: 'btree', uq: 'btree', c: 'btree' });
  });

  it('SQL: the engine named after the indexes decides; ALTER TABLE ADD and CREATE INDEX on a MEMORY table too', async () => {
    const memory = parseCreateTable(
      'CREATE TABLE m (id INT NOT NULL, a INT, b INT, PRIMARY KEY (id), KEY ka (a), KEY kb USING BTREE (b), UNIQUE KEY uq (a, b)) ENGINE=MEMORY',
    );
    expect(kinds(memory)).toEqual({ ka: 'hash', kb: 'btree', uq: 'hash' });
    const innodb = parseCreateTable(
      'CREATE TABLE i (id INT NOT NULL, a INT, PRIMARY KEY (id), KEY ka (a) USING HASH, UNIQUE KEY uq (a) USING HASH)',
    );
    expect(kinds(innodb)).toEqual({ ka: 'btree', uq: 'hash' });

    const path = join(await mkdtemp(join(tmpdir(), 'lupo-kinds-')), 'install.sql');
    await writeFile(
      path,
      [
        'CREATE TABLE m (id INT NOT NULL, a INT, b INT, PRIMARY KEY (id)) ENGINE=MEMORY;',
        'ALTER TABLE m ADD KEY ka (a), ADD KEY kb (b) USING BTREE;',
        'CREATE INDEX kc ON m (a, b);',
      ].join('\n'),
    );
    const file = await readSqlFile(path, workspaceConfigSchema.parse({}));
    const tables = Object.values(file.model.databases).flatMap((database) => database.tables);
    expect(tables.map((table) => kinds(table))).toEqual([{ ka: 'hash', kb: 'btree', kc: 'hash' }]);
  });

  it('generated DDL writes USING BTREE on MEMORY only (elsewhere it is the default)', () => {
    const memory = parseCreateTable(
      'CREATE TABLE m (id INT NOT NULL, a INT, PRIMARY KEY (id), KEY kb USING BTREE (a)) ENGINE=MEMORY',
    );
    expect(renderCreateTable(memory)).toContain('KEY `kb` (`a`) USING BTREE');
    const innodb = parseCreateTable(
      'CREATE TABLE i (id INT NOT NULL, a INT, PRIMARY KEY (id), KEY kb USING BTREE (a))',
    );
    expect(renderCreateTable(innodb)).toContain('KEY `kb` (`a`)\n');
  });
});

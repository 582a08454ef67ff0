import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../../shared/workspace-config';
import { loadDefinitions } from '../../../electron/engine/definitions/index';

const config = workspaceConfigSchema.parse({});

async function load(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-limits-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const result = await loadDefinitions(dir, config);
  return { dir, result };
}

const json = (name: string, fields: string[], extra = ''): string =>
  `{\n  "table_name": ${JSON.stringify(name)},${extra}\n  "fields": [\n${fields.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]\n}\n`;

describe('definitions the server would reject are located errors at load time', () => {
  it('long names, control characters, absurd sizes and bad expressions: one error each, on the field line', async () => {
    const long = 'c'.repeat(65);
    const { dir, result } = await load({
      'lupo_names.toon': json('lupo_names', [
        '`names_id` bigint NOT NULL',
        `\`${long}\` int`,
        '`x\nGRANT ALL ON *.* TO app` int',
        '`nul\u0000` int',
      ]),
      'lupo_sizes.toon': json('lupo_sizes', [
        '`sizes_id` bigint NOT NULL',
        '`huge` varchar(1e+21)',
        '`money` decimal(200,100)',
        '`d` int DEFAULT (1); DROP TABLE t; --',
      ]),
      'lupo_sizes2.toon': json('lupo_sizes2', [
        '`sizes2_id` bigint NOT NULL',
        '`money` decimal(200,100)',
        '`wide` varchar(70000)',
        '`at` datetime(9)',
      ]),
    });
    const errors = result.findings.filter((f) => f.severity === 'error');
    const located = errors.map((f) => [
      ('file' in f.location ? f.location.file : '').split('/').pop(),
      'line' in f.location ? f.location.line : 0,
      f.code,
    ]);
    expect(located).toEqual(
      expect.arrayContaining([
        ['lupo_names.toon', 5, 'definition/invalid-name'],
        ['lupo_names.toon', 6, 'definition/invalid-name'],
        ['lupo_names.toon', 7, 'definition/invalid-name'],
        ['lupo_sizes.toon', 5, 'definition/invalid-column'],
        ['lupo_sizes.toon', 7, 'definition/invalid-column'],
        ['lupo_sizes2.toon', 5, 'definition/invalid-size'],
        ['lupo_sizes2.toon', 6, 'definition/invalid-size'],
        ['lupo_sizes2.toon', 7, 'definition/invalid-size'],
      ]),
    );
    expect(errors.every((f) => 'file' in f.location && f.location.file.startsWith(dir))).toBe(true);
    expect(result.model.databases.core.tables).toEqual([]);
  });

  it('engine, charset and collation that are not plain names are errors on their line (JSON and TOON)', async () => {
    const hostile = 'InnoDB;\nCREATE USER evil;\nUPDATE victim.accounts SET balance=0';
    const { result } = await load({
      'lupo_a.toon': json('lupo_a', ['`a_id` bigint NOT NULL'], `\n  "engine": ${JSON.stringify(hostile)},`),
      'lupo_b.toon': [
        'table_name: lupo_b',
        'charset: "utf8mb4 COLLATE x; DROP TABLE y"',
        'fields[1]: "`b_id` bigint NOT NULL"',
        '',
      ].join('\n'),
    });
    const options = result.findings.filter((f) => f.code === 'definition/invalid-option');
    expect(options.map((f) => ['line' in f.location ? f.location.line : 0, f.message])).toEqual([
      [3, `Table "lupo_a": the engine ${JSON.stringify(hostile)} is not a valid name`],
      [2, 'Table "lupo_b": the character set "utf8mb4 collate x; drop table y" is not a valid name'],
    ]);
    expect(result.model.databases.core.tables).toEqual([]);
  });

  it('JSON duplicate keys and deep nesting are located errors (as TOON duplicates are)', async () => {
    const deep = `{\n  "table_name": "lupo_deep",\n  "x": ${'['.repeat(5000)}${']'.repeat(5000)},\n  "fields": ["\`deep_id\` bigint"]\n}\n`;
    const { result } = await load({
      'lupo_dup.toon': '{\n  "table_name": "lupo_dup",\n  "fields": ["`dup_id` bigint"],\n  "table_name": "other"\n}\n',
      'lupo_deep.toon': deep,
      'lupo_tdeep.toon': `table_name: lupo_tdeep\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')}\n${'  '.repeat(40)}v: 1\n`,
    });
    const byFile = Object.fromEntries(
      result.findings.map((f) => [
        ('file' in f.location ? f.location.file : '').split('/').pop(),
        [f.code, 'line' in f.location ? f.location.line : 0, f.message],
      ]),
    );
    expect(byFile['lupo_dup.toon']).toEqual([
      'definition/invalid-json',
      4,
      'Invalid definition: Duplicate key "table_name" in one object',
    ]);
    expect(byFile['lupo_deep.toon']?.slice(0, 2)).toEqual(['definition/invalid-json', 3]);
    expect(byFile['lupo_tdeep.toon']?.slice(0, 2)).toEqual(['definition/invalid-toon', 35]);
  });
});

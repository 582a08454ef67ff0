import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderColumnDefinition, renderCreateTable } from '../../../electron/engine/sqlgen/create-table';
import { allTypeTables } from '../../fixtures/introspect/all-types';

const golden = fileURLToPath(new URL('../../fixtures/introspect/create-table.sql.golden', import.meta.url));

describe('renderCreateTable', () => {
  it('renders every fixture table canonically (golden; UPDATE_GOLDEN=1 to regenerate)', async () => {
    const text = allTypeTables
      .map((t) => renderCreateTable(t, { ifNotExists: true, database: 'core_db' }) + ';\n')
      .join('\n');
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(golden, text);
    expect(text).toBe(await readFile(golden, 'utf8'));
  });

  it('is deterministic and quotes identifiers and literals', () => {
    const column = {
      name: 'we`ird',
      type: 'varchar',
      length: 10,
      unsigned: false,
      zerofill: false,
      nullable: false,
      autoIncrement: false,
      default: { kind: 'literal', value: "o'k" },
      comment: 'c',
    } as const;
    expect(renderColumnDefinition(column)).toBe("`we``ird` varchar(10) NOT NULL DEFAULT 'o''k' COMMENT 'c'");
    const table = { name: 't', columns: [column], indexes: [], foreignKeys: [], options: {} };
    expect(renderCreateTable(table)).toBe(renderCreateTable(table));
    expect(renderCreateTable(table)).toBe(
      "CREATE TABLE `t` (\n  `we``ird` varchar(10) NOT NULL DEFAULT 'o''k' COMMENT 'c'\n)",
    );
  });

  it('renders numbers bare on numeric columns and bit literals as written', () => {
    const base = { unsigned: false, zerofill: false, nullable: false, autoIncrement: false } as const;
    expect(renderColumnDefinition({ ...base, name: 'n', type: 'int', default: { kind: 'literal', value: '-3' } })).toBe(
      '`n` int NOT NULL DEFAULT -3',
    );
    expect(
      renderColumnDefinition({
        ...base,
        name: 'b',
        type: 'bit',
        length: 2,
        default: { kind: 'literal', value: "b'10'" },
      }),
    ).toBe("`b` bit(2) NOT NULL DEFAULT b'10'");
    expect(
      renderColumnDefinition({
        ...base,
        name: 's',
        type: 'varchar',
        length: 3,
        default: { kind: 'literal', value: '12' },
      }),
    ).toBe("`s` varchar(3) NOT NULL DEFAULT '12'");
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LupoError } from '../../../shared/errors';
import { parseDependencyHeaders, readMigrationFolder } from '../../../electron/engine/migrations/migration-folder';
import { naturalCompare } from '../../../electron/engine/migrations/natural-sort';
import { migrationChecksum } from '../../../electron/engine/migrations/checksum';

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lupo-migs-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('migrations folder', () => {
  it('sorts naturally: V2 before V10, case-insensitive', () => {
    expect(['V10__b.sql', 'v2__a.sql', 'V1__z.sql', 'V2__b.sql'].sort(naturalCompare)).toEqual([
      'V1__z.sql',
      'v2__a.sql',
      'V2__b.sql',
      'V10__b.sql',
    ]);
  });

  it('reads *.sql in order, pairs X.down.sql, checksums ignore CRLF', async () => {
    const dir = await folder({
      'V10__c.sql': 'SELECT 1;',
      'V2__b.sql': 'SELECT 2;\r\n',
      'V2__b.down.sql': 'SELECT 3;',
      'notes.txt': 'x',
    });
    const files = await readMigrationFolder(dir);
    expect(files.map((f) => f.name)).toEqual(['V2__b.sql', 'V10__c.sql']);
    expect(files[0]!.downPath).toBe(join(dir, 'V2__b.down.sql'));
    expect(files[1]!.downPath).toBeUndefined();
    expect(files[0]!.sha256).toBe(migrationChecksum('SELECT 2;\n'));
  });

  it('orders by -- depends headers (only in the leading comment block)', async () => {
    expect(
      parseDependencyHeaders(
        '-- title\n-- depends: A.sql, B.sql\n-- depends-optional: C.sql\nSELECT 1;\n-- depends: D.sql',
      ),
    ).toEqual([
      { file: 'A.sql', type: 'required', line: 2 },
      { file: 'B.sql', type: 'required', line: 2 },
      { file: 'C.sql', type: 'optional', line: 3 },
    ]);
    const dir = await folder({
      'V1__a.sql': '-- depends: V3__c.sql\nSELECT 1;',
      'V2__b.sql': 'SELECT 2;',
      'V3__c.sql': 'SELECT 3;',
    });
    expect((await readMigrationFolder(dir)).map((f) => f.name)).toEqual(['V3__c.sql', 'V1__a.sql', 'V2__b.sql']);
  });

  it('rejects a cycle naming it, and a missing required dependency naming file and line', async () => {
    const cyclic = await folder({
      'V1__a.sql': '-- depends: V2__b.sql\n',
      'V2__b.sql': '-- depends: V3__c.sql\n',
      'V3__c.sql': '-- depends: V1__a.sql\n',
    });
    const error = (await readMigrationFolder(cyclic).catch((e: unknown) => e)) as LupoError;
    expect(error.code).toBe('migrations/dependency-cycle');
    expect(error.message).toContain('V1__a.sql → V2__b.sql → V3__c.sql → V1__a.sql');
    const missing = await folder({ 'V1__a.sql': '-- x\n-- depends: V9__gone.sql\n' });
    const e2 = (await readMigrationFolder(missing).catch((e: unknown) => e)) as LupoError;
    expect(e2.code).toBe('migrations/missing-dependency');
    expect(e2.details?.line).toBe(2);
  });
});

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../support/cli-io';
import { runCli } from '../../../electron/cli/program';

/**
 * Lupopedia's real case: a stale copy (`lupo_anibus_redirects.toon`) edited in place
 * declares the same table as `lupo_anubis_redirects.toon`. The duplicate is an input error
 * (exit 2, so CI fails), but the rest of the comparison still runs and is printed.
 */

function definition(table: string, id: string, extra: string[] = []): string {
  return JSON.stringify({
    table_name: table,
    fields: [`\`${id}\` bigint NOT NULL`, '`url` varchar(255) NOT NULL', ...extra],
    data: [],
    primary_key: { column_name: id },
  });
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lupo-bad-files-'));
  mkdirSync(join(root, 'toon'), { recursive: true });
  writeFileSync(join(root, 'lupo.config.json'), JSON.stringify({ definitions: 'toon' }));
  writeFileSync(join(root, 'toon/lupo_anubis_redirects.toon'), definition('lupo_anubis_redirects', 'redirect_id'));
  writeFileSync(join(root, 'toon/lupo_anibus_redirects.toon'), definition('lupo_anubis_redirects', 'redirect_id'));
  writeFileSync(
    join(root, 'toon/lupo_pages.toon'),
    definition('lupo_pages', 'page_id', ['`title` varchar(100) NOT NULL']),
  );
  writeFileSync(join(root, 'toon/broken.toon'), '{"table_name": "lupo_broken", ');
  writeFileSync(
    join(root, 'install.sql'),
    'CREATE TABLE lupo_pages (page_id bigint NOT NULL, url varchar(255) NOT NULL, PRIMARY KEY (page_id));\n' +
      'CREATE TABLE lupo_anubis_redirects (redirect_id bigint NOT NULL, url varchar(255) NOT NULL, PRIMARY KEY (redirect_id));\n',
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bad definition files do not stop the comparison', () => {
  it('diff lists the bad files, still reports the drift of the rest, and exits 2', async () => {
    const io = captureIo({ cwd: root });
    expect(await runCli(['--verbose', 'diff', '--toon', 'toon', '--sql', 'install.sql'], io)).toBe(2);
    const err = io.err.join('');
    expect(err).toContain('Table "lupo_anubis_redirects" is also declared in lupo_anibus_redirects.toon');
    expect(err).toContain('broken.toon');
    expect(err).toContain('The file is named "lupo_anibus_redirects.toon" but declares table "lupo_anubis_redirects"');
    expect(io.out.join('')).toContain('column `title` varchar(100) is missing');
  });

  it('lint and report still run on what loaded, and exit 2', async () => {
    const lint = captureIo({ cwd: root });
    expect(await runCli(['lint', '--toon', 'toon'], lint)).toBe(2);
    expect(lint.out.join('')).toMatch(/error\(s\)/);
    const report = captureIo({ cwd: root });
    expect(await runCli(['report', '--toon', 'toon', '--sql', 'install.sql', '--out', 'r.md'], report)).toBe(2);
    expect(report.out.join('')).toContain('Wrote md report');
  });
});

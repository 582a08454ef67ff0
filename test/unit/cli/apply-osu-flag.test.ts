import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';

/** `lupo apply --osu`: refused before any connection when the value or the combination makes no sense. */
describe('lupo apply --osu', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lupo-osu-flag-'));
    await writeFile(join(dir, 'V1__a.sql'), 'CREATE TABLE IF NOT EXISTS `a` (`a_id` bigint NOT NULL);\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  // An unreachable port: reaching the server would be a connection error, not these refusals.
  const url = ['--db', '--url', 'mysql://root@127.0.0.1:1'];

  it('refuses an unknown method, naming both', async () => {
    const io = captureIo({ cwd: dir });
    expect(await runCli(['apply', 'V1__a.sql', '--osu', 'pt-osc', ...url], io)).toBe(2);
    expect(io.err.join('')).toContain('Unknown schema upgrade method "pt-osc".');
    expect(io.err.join('')).toContain('--osu toi (Total Order Isolation, the default) or --osu rsu');
  });

  it.each([['--resume'], ['--pending']])('refuses rsu with %s (a resumed batch keeps its method)', async (flag) => {
    const io = captureIo({ cwd: dir });
    expect(await runCli(['apply', flag, '--osu', 'rsu', ...url], io)).toBe(2);
    expect(io.err.join('')).toContain('--osu rsu chooses the method of one new batch.');
  });
});

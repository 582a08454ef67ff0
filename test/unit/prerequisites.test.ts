import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeMissing, findMissing, testPrerequisites } from '../support/prerequisites';

/** Issue 13 item 16: a newcomer without Chromium or sshd gets one message with the fix. */
describe('test prerequisites check', () => {
  it('names what is missing, what needs it, and one command that installs it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lupo-no-path-'));
    const env = { PATH: empty, LUPO_CHROMIUM: join(empty, 'chromium') };
    // Only programs looked up on PATH (absolute paths such as /usr/sbin/sshd exist on this machine).
    const onPath = testPrerequisites(env).filter((entry) =>
      entry.candidates.every((candidate) => !candidate.startsWith('/usr/')),
    );
    const missing = findMissing(onPath, env);
    expect(missing.map((entry) => entry.debianPackage)).toEqual(['mariadb-client', 'openssl', 'chromium']);
    const message = describeMissing(missing);
    expect(message).toContain('Chromium: for the end-to-end tests');
    expect(message).toContain('apt-get install -y --no-install-recommends mariadb-client openssl chromium');
    expect(message).toContain('npm run setup');
  });

  it('finds programs on PATH and skips the server when LUPO_TEST_MYSQL_URL is set', () => {
    const bin = mkdtempSync(join(tmpdir(), 'lupo-path-'));
    for (const name of ['openssl', 'mariadb-dump', 'chromium'])
      writeFileSync(join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
    const env = { PATH: bin, LUPO_TEST_MYSQL_URL: 'mysql://root@127.0.0.1:3306', LUPO_CHROMIUM: join(bin, 'chromium') };
    const names = findMissing(testPrerequisites(env), env).map((entry) => entry.name);
    expect(names.every((name) => name === 'sshd')).toBe(true);
  });
});

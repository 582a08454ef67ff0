import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** One program the tests need, where they look for it, and the Debian package that provides it. */
export interface Prerequisite {
  readonly name: string;
  /** What needs it (shown to the newcomer). */
  readonly neededBy: string;
  /** Absolute paths or names looked up on PATH; the first executable one wins. */
  readonly candidates: readonly string[];
  readonly debianPackage: string;
}

/** A prerequisite that was not found. */
export interface MissingPrerequisite extends Prerequisite {
  readonly searched: readonly string[];
}

/** What the integration and end-to-end tests start or call (see README "Prerequisites"). */
export function testPrerequisites(env: NodeJS.ProcessEnv): Prerequisite[] {
  const list: Prerequisite[] = [];
  if (!env.LUPO_TEST_MYSQL_URL) {
    list.push(
      {
        name: 'mariadbd (or mysqld)',
        neededBy: 'the throwaway test server (or set LUPO_TEST_MYSQL_URL to a server you own)',
        candidates: ['mariadbd', 'mysqld', '/usr/sbin/mariadbd', '/usr/sbin/mysqld'],
        debianPackage: 'mariadb-server',
      },
      {
        name: 'mariadb-install-db (or mysql_install_db)',
        neededBy: 'the throwaway test server’s data directory',
        candidates: ['mariadb-install-db', 'mysql_install_db', '/usr/bin/mariadb-install-db'],
        debianPackage: 'mariadb-server',
      },
    );
  }
  list.push(
    {
      name: 'mariadb-dump (or mysqldump)',
      neededBy: 'rollback backups and the sandbox copy',
      candidates: ['mariadb-dump', 'mysqldump'],
      debianPackage: 'mariadb-client',
    },
    {
      name: 'sshd',
      neededBy: 'the SSH tunnel tests (they start their own sshd on a loopback port)',
      candidates: ['/usr/sbin/sshd'],
      debianPackage: 'openssh-server',
    },
    {
      name: 'openssl',
      neededBy: 'the TLS tests (they make their own certificates)',
      candidates: ['openssl'],
      debianPackage: 'openssl',
    },
    {
      name: 'Chromium',
      neededBy: 'the end-to-end tests (browser mode in a real Chromium; LUPO_CHROMIUM overrides the path)',
      candidates: [env.LUPO_CHROMIUM ?? '/usr/bin/chromium'],
      debianPackage: 'chromium',
    },
  );
  return list;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The prerequisites not found (absolute candidates checked as is, bare names on PATH). */
export function findMissing(prerequisites: readonly Prerequisite[], env: NodeJS.ProcessEnv): MissingPrerequisite[] {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const missing: MissingPrerequisite[] = [];
  for (const prerequisite of prerequisites) {
    const searched = prerequisite.candidates.flatMap((candidate) =>
      candidate.includes('/') ? [candidate] : dirs.map((dir) => join(dir, candidate)),
    );
    if (!searched.some(executable)) missing.push({ ...prerequisite, searched: prerequisite.candidates });
  }
  return missing;
}

/** The message a newcomer reads: each missing program, what needs it, and one command that installs them all. */
export function describeMissing(missing: readonly MissingPrerequisite[]): string {
  const packages = [...new Set(missing.map((entry) => entry.debianPackage))];
  return [
    'The tests need programs this machine does not have:',
    ...missing.map((entry) => `  - ${entry.name}: for ${entry.neededBy} (looked for ${entry.searched.join(', ')})`),
    'Install them (Debian/Ubuntu, as root) with:',
    `  apt-get install -y --no-install-recommends ${packages.join(' ')}`,
    'or run `npm run setup`, which does that; then run the tests again.',
  ].join('\n');
}

#!/usr/bin/env node
// `npm run setup`: installs on Debian/Ubuntu what the tests need (server, client tools,
// sshd, openssl, Chromium) when missing; elsewhere prints what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const packages = [];
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
if (!process.env.LUPO_TEST_MYSQL_URL && !has('mariadbd') && !has('mysqld') && !existsSync('/usr/sbin/mariadbd'))
  packages.push('mariadb-server');
if (!has('mariadb-dump') && !has('mysqldump')) packages.push('mariadb-client');
if (!existsSync('/usr/sbin/sshd')) packages.push('openssh-server');
if (!has('openssl')) packages.push('openssl');
if (!existsSync(process.env.LUPO_CHROMIUM ?? '/usr/bin/chromium')) packages.push('chromium');

if (packages.length === 0) {
  console.log('setup: every test prerequisite is installed.');
  process.exit(0);
}
const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
if (!has('apt-get')) {
  console.error(`setup: missing ${packages.join(', ')}; install them with your package manager (Debian: ${command}).`);
  process.exit(1);
}
const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
console.log(`setup: ${[...asRoot, 'apt-get update && ' + command].join(' ')}`);
const update = spawnSync([...asRoot, 'apt-get', 'update', '-qq'].join(' '), { shell: true, stdio: 'inherit' });
const install =
  update.status === 0 ? spawnSync([...asRoot, command].join(' '), { shell: true, stdio: 'inherit' }) : update;
process.exit(install.status ?? 1);

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';

const execFileAsync = promisify(execFile);
const binary = new URL('../../../bin/lupo.mjs', import.meta.url).pathname;

describe('lupo status / exit codes', () => {
  it('prints the server version and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['status', '--url', inject('mysqlUrl')], io)).toBe(0);
    expect(io.out.join('')).toMatch(/Server: \d+\.\d+\.\d+/);
  });

  it('prints JSON with --json', async () => {
    const io = captureIo();
    expect(await runCli(['--json', 'status', '--url', inject('mysqlUrl')], io)).toBe(0);
    expect(JSON.parse(io.out.join('')).server.version).toMatch(/\d+\.\d+/);
  });

  it('exits 2 with a hint on a refused connection and on usage errors', async () => {
    const io = captureIo();
    expect(await runCli(['status', '--url', 'mysql://root@127.0.0.1:1'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/hint: Check the host and port/);
    expect(await runCli(['status'], captureIo())).toBe(2);
    expect(await runCli(['no-such-command'], captureIo())).toBe(2);
  });

  it('runs as `lupo` through its bin launcher (--version, --help)', async () => {
    const version = await execFileAsync(process.execPath, [binary, '--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await execFileAsync(process.execPath, [binary, '--help']);
    expect(help.stdout).toContain('status');
    const failed = await execFileAsync(process.execPath, [binary, 'status', '--url', 'mysql://root@127.0.0.1:1']).catch(
      (e) => e,
    );
    expect(failed.code).toBe(2);
  });
});

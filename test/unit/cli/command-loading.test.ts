import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandEntries, commandsFor } from '../../../electron/cli/commands/index';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/cli-io';

const run = promisify(execFile);
const names = (argv: string[]) => commandsFor(argv).map((c) => c.name);

describe('lazy command loading', () => {
  it('loads only the command argv names', () => {
    expect(names(['inspect', '--db'])).toEqual(['inspect']);
    expect(names(['--json', '-c', 'plan', 'diff'])).toEqual(['diff']);
    expect(names(['--config', 'x.json', 'sandbox', 'start'])).toEqual(['sandbox']);
  });

  it('loads none for a bare --version and all for help or an unknown command', () => {
    expect(names(['--version'])).toEqual([]);
    expect(names(['-V'])).toEqual([]);
    expect(names([])).toHaveLength(commandEntries.length);
    expect(names(['--help'])).toHaveLength(commandEntries.length);
    expect(names(['help', 'diff'])).toHaveLength(commandEntries.length);
    expect(names(['difff'])).toHaveLength(commandEntries.length);
  });

  it('names each entry after the command its module registers', async () => {
    for (const entry of commandEntries) {
      const program = new Command('lupo');
      (await entry.load())(program, captureIo(), () => undefined);
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    }
  });

  it('still lists every command in the help and answers --version', async () => {
    const help = captureIo();
    expect(await runCli(['--help'], help)).toBe(0);
    for (const entry of commandEntries) expect(help.out.join('')).toContain(entry.name);
    const version = captureIo();
    expect(await runCli(['--version'], version)).toBe(0);
    expect(version.out.join('')).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('runs the same from source as from the bundle launcher', async () => {
    const bin = new URL('../../../bin/lupo.mjs', import.meta.url).pathname;
    const fromSource = await run(process.execPath, [bin, '--help'], { env: { ...process.env, LUPO_FROM_SOURCE: '1' } });
    const launched = await run(process.execPath, [bin, '--help']);
    expect(launched.stdout).toBe(fromSource.stdout);
    // Two cold starts of node (one through tsx): slow on a loaded 2-core machine.
  }, 60_000);
});

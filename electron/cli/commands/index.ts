import type { RegisterCommand } from '../runtime';

/** One `lupo` command: its name on the command line and how to load its module. */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/**
 * Every `lupo` command, in help order. Each command lives in its own file, imported only
 * when that command runs (or for the full help): loading every command's dependencies
 * (mysql2, zod schemas, report renderers…) was most of the start-up time of every command,
 * `--version` included.
 */
export const commandEntries: readonly CommandEntry[] = [
  { name: 'init', load: async () => (await import('./init')).registerInit },
  { name: 'inspect', load: async () => (await import('./inspect')).registerInspect },
  { name: 'lint', load: async () => (await import('./lint')).registerLint },
  { name: 'diff', load: async () => (await import('./diff')).registerDiff },
  { name: 'report', load: async () => (await import('./report')).registerReport },
  { name: 'plan', load: async () => (await import('./plan')).registerPlan },
  { name: 'apply', load: async () => (await import('./apply')).registerApply },
  { name: 'rollback', load: async () => (await import('./rollback')).registerRollback },
  { name: 'status', load: async () => (await import('./status')).registerStatus },
  { name: 'adopt', load: async () => (await import('./adopt')).registerAdopt },
  { name: 'sandbox', load: async () => (await import('./sandbox')).registerSandbox },
  { name: 'query', load: async () => (await import('./query')).registerQuery },
  { name: 'ledger', load: async () => (await import('./ledger')).registerLedger },
  { name: 'unlock', load: async () => (await import('./unlock')).registerUnlock },
  { name: 'fleet', load: async () => (await import('./fleet')).registerFleet },
];

/** Global options that take a value: their value is not the command name. */
const VALUE_OPTIONS = new Set(['-c', '--config']);

/**
 * The commands `argv` needs registered: the one it names; none for a bare `--version`;
 * all of them otherwise (help, `lupo help x`, an unknown command so commander can suggest).
 */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const entry = commandEntries.find((c) => c.name === arg);
    return entry ? [entry] : commandEntries;
  }
  return argv.includes('-V') || argv.includes('--version') ? [] : commandEntries;
}

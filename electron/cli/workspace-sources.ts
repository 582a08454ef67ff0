import type { Command } from 'commander';
import path from 'node:path';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel } from '../../shared/schema/model';
import { loadFileSources, type LoadedFileSources } from '../engine/analysis/load-sources';
import { loadWorkspaceConfig, type LoadedConfig } from '../engine/config/index';
import { introspectSession } from '../engine/introspect/index';
import { roleTableCount, tableCacheAdvice } from '../engine/connection/table-cache-advice';
import { tableCacheAdviceText } from '../../shared/table-cache-advice';
import { openCliSession } from './cli-session';
import { createCliSink } from './progress-sink';
import { addConnectionOptions, roleNamesFromFlags, type ConnectionFlags } from './connection-options';
import type { CliIo } from './runtime';

/** Flags of the commands that read schema sources: `inspect`, `lint`, `diff`, `report`, `plan`. */
export interface SourceFlags extends ConnectionFlags {
  readonly toon?: string;
  readonly sql?: string;
  readonly db?: boolean;
}

/** Adds --toon, --sql, --db and the connection flags to a command. */
export function addSourceOptions(command: Command): Command {
  return addConnectionOptions(
    command
      .option('--toon <dir>', 'folder of .toon table definitions (default: "definitions" from the config)')
      .option('--sql <file>', 'install/dump SQL file (default: "sqlFiles" from the config)')
      .option('--db', 'read the live databases (connection flags below)'),
  );
}

/**
 * Finds the workspace config: --config, else `lupo.config.*` in the current folder, else
 * (when --toon names a folder) in that folder or its parent — so `lupo diff --toon
 * ws/toon` works from anywhere. No file at all means the defaults.
 */
export async function loadCliConfig(flags: SourceFlags, command: Command, io: CliIo): Promise<LoadedConfig> {
  const globals = command.optsWithGlobals() as { config?: string };
  if (globals.config) return loadWorkspaceConfig({ path: globals.config, cwd: io.cwd });
  const here = await loadWorkspaceConfig({ cwd: io.cwd });
  if (here.path || !flags.toon) return here;
  const toonDir = path.resolve(io.cwd, flags.toon);
  for (const dir of [toonDir, path.dirname(toonDir)]) {
    const found = await loadWorkspaceConfig({ cwd: dir });
    if (found.path) return found;
  }
  return here;
}

/** The sources a command loaded, with input problems as findings. */
export interface CliSources extends LoadedFileSources {
  readonly loaded: LoadedConfig;
  readonly live?: SchemaModel;
}

/**
 * Loads what the flags ask for: definitions (--toon, else the config's folder when
 * `defaults.definitions`), SQL (--sql, else the config's sqlFiles when `defaults.sql`) and,
 * with --db, the live role databases through the CLI's one connection path (TLS/SSH aware).
 */
export async function loadCliSources(
  flags: SourceFlags,
  command: Command,
  io: CliIo,
  defaults: { readonly definitions: boolean; readonly sql: boolean } = { definitions: true, sql: true },
): Promise<CliSources> {
  const found = await loadCliConfig(flags, command, io);
  // Without a workspace config there is no definitions folder to default to.
  const definitionsDir = flags.toon
    ? path.resolve(io.cwd, flags.toon)
    : defaults.definitions && found.path
      ? found.config.definitions
      : undefined;
  const sqlFiles = flags.sql ? [path.resolve(io.cwd, flags.sql)] : defaults.sql ? found.config.sqlFiles : [];
  // --core-db & co. name the live databases, and so what reports say was compared …
  const config = { ...found.config, databases: roleNamesFromFlags(flags, found.config.databases) };
  const loaded = { ...found, config };
  // … read while the files load: introspection mostly waits on the server, loading on the disk.
  const live = flags.db ? introspectLive(flags, command, io, config.databases) : undefined;
  // Files are read with the workspace's own names (a SQL file's `USE db` maps to roles by them).
  const [files, liveModel] = await Promise.all([
    loadFileSources({ config: found.config, ...(definitionsDir ? { definitionsDir } : {}), sqlFiles }),
    live,
  ]);
  return { ...files, loaded, ...(liveModel ? { live: liveModel } : {}) };
}

/**
 * Reads the live role databases named by the flags (else `databases`) through the CLI's
 * one connection path, showing per-database progress on a terminal (a bar on stderr) and,
 * without one, only the engine's warnings on stderr — stdout stays the command's own.
 */
export async function introspectLive(
  flags: ConnectionFlags,
  command: Command,
  io: CliIo,
  databases: Partial<Record<DatabaseRole, string>>,
): Promise<SchemaModel> {
  const { json = false, quiet = false } = command.optsWithGlobals() as { json?: boolean; quiet?: boolean };
  const session = await openCliSession(flags, io);
  try {
    const sink = createCliSink(io, { json, title: 'Introspecting', plain: 'warnings' });
    let model: SchemaModel;
    try {
      model = await introspectSession(session, roleNamesFromFlags(flags, databases), sink);
    } finally {
      sink.done(); // the progress bar ends before anything else is written on stderr
    }
    // Said after the read, whose model gives the table count for free; on stderr, so stdout stays the command's.
    const tables = roleTableCount(
      DATABASE_ROLES.map((role) => [model.databases[role].name, model.databases[role].tables.length]),
    );
    const advice = quiet ? undefined : await tableCacheAdvice(session.pool, session.flavor, tables);
    if (advice) io.stderr(`lupo: note: ${tableCacheAdviceText(advice, 'every lupo command with --db')}\n`);
    return model;
  } finally {
    await session.close().catch(() => {});
  }
}

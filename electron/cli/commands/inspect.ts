import type { Command } from 'commander';
import { formatLocation, type Finding } from '../../../shared/schema/findings';
import { DATABASE_ROLES, type SchemaModel, type Table } from '../../../shared/schema/model';
import { action, EXIT_ERROR, EXIT_OK, type RegisterCommand } from '../runtime';
import { addSourceOptions, loadCliSources, type SourceFlags } from '../workspace-sources';

/** The sources `lupo inspect` can show; `live` is for the lead's `--db`. */
export interface InspectSources {
  readonly definitions?: SchemaModel;
  readonly sql?: { readonly model: SchemaModel; readonly createTableCount: number };
  readonly live?: SchemaModel;
  readonly findings: readonly Finding[];
}

function tableJson(table: Table, role?: string) {
  return {
    name: table.name,
    ...(role ? { database: role } : {}),
    columns: table.columns.map(({ source: _s, ...c }) => c),
    primaryKey: table.primaryKey ?? null,
    indexes: table.indexes,
    foreignKeys: table.foreignKeys,
    options: table.options,
    source: table.source ? { file: table.source.file, line: table.source.line } : null,
  };
}

function databasesJson(model: SchemaModel) {
  return Object.fromEntries(
    DATABASE_ROLES.map((role) => [
      role,
      {
        name: model.databases[role].name,
        tables: model.databases[role].tables.map((t) => tableJson(t)),
        forbiddenObjects: model.databases[role].forbiddenObjects,
      },
    ]),
  );
}

function findingJson(f: Finding) {
  return {
    file: f.location.kind === 'file' ? f.location.file : formatLocation(f.location),
    line: f.location.kind === 'file' ? f.location.line : null,
    column: f.location.kind === 'file' ? (f.location.column ?? null) : null,
    code: f.code,
    message: f.message,
    ...(f.hint ? { hint: f.hint } : {}),
  };
}

/**
 * Builds the `lupo inspect --json` document: {databases (definitions, or live when only
 * live is given), sql: {createTableCount, tables}, live?, errors, warnings}. Exported so
 * a live model (`--db`) plugs in without touching the CLI.
 */
export function buildInspectDocument(sources: InspectSources) {
  const primary = sources.definitions ?? sources.live;
  return {
    databases: primary ? databasesJson(primary) : null,
    sql: sources.sql
      ? {
          createTableCount: sources.sql.createTableCount,
          tables: DATABASE_ROLES.flatMap((role) =>
            sources.sql!.model.databases[role].tables.map((t) => tableJson(t, role)),
          ),
          forbiddenObjects: DATABASE_ROLES.flatMap((role) => sources.sql!.model.databases[role].forbiddenObjects),
        }
      : null,
    ...(sources.live && sources.definitions ? { live: databasesJson(sources.live) } : {}),
    errors: sources.findings.filter((f) => f.severity === 'error').map(findingJson),
    warnings: sources.findings.filter((f) => f.severity !== 'error').map(findingJson),
  };
}

/** Indexes of a table, its primary key included (the model keeps it apart; it may be inferred). */
function indexCount(table: Table): number {
  const primaryListed = table.indexes.some((index) => index.name.toUpperCase() === 'PRIMARY');
  return table.indexes.length + (table.primaryKey && !primaryListed ? 1 : 0);
}

function summary(sources: InspectSources): string {
  const lines: string[] = [];
  const model = (title: string, m: SchemaModel) => {
    lines.push(`${title}:`);
    for (const role of DATABASE_ROLES) {
      const db = m.databases[role];
      lines.push(`  ${role} (${db.name}): ${db.tables.length} tables`);
      for (const t of db.tables)
        lines.push(
          `    ${t.name} — ${t.columns.length} columns, ${indexCount(t)} indexes${t.primaryKey ? ' (incl. primary key)' : ', no primary key'}`,
        );
      for (const o of db.forbiddenObjects) lines.push(`    ${o.kind} ${o.name}`);
    }
  };
  if (sources.definitions) model('Definitions', sources.definitions);
  if (sources.sql) {
    lines.push(`SQL file: ${sources.sql.createTableCount} CREATE TABLE statements`);
    model('SQL model', sources.sql.model);
  }
  if (sources.live) model('Live', sources.live);
  const errors = sources.findings.filter((f) => f.severity === 'error');
  const warnings = sources.findings.filter((f) => f.severity === 'warning');
  if (errors.length > 0) {
    lines.push(`Errors (${errors.length}):`);
    for (const f of errors) lines.push(`  ${formatLocation(f.location)}: ${f.message}`);
  }
  if (warnings.length > 0) {
    lines.push(`Warnings (${warnings.length}):`);
    for (const f of warnings) lines.push(`  ${formatLocation(f.location)}: ${f.message}`);
  }
  return lines.join('\n') + '\n';
}

/** `lupo inspect [--toon DIR] [--sql FILE] [--db]`: prints the schema model; exit 2 when any input failed to load. */
export const registerInspect: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program
      .command('inspect')
      .description(
        'Print the schema model read from definitions (--toon), an install SQL file (--sql) and/or the live databases (--db).',
      ),
  ).action(
    action(io, setExit, async (flags: SourceFlags, command: Command) => {
      const globals = command.optsWithGlobals() as { json?: boolean };
      // With an explicit source, show just that; with none, the workspace's definitions.
      const explicit = Boolean(flags.toon || flags.sql || flags.db);
      const loaded = await loadCliSources(flags, command, io, { definitions: !explicit, sql: false });
      const findings = [...loaded.findings];
      const sources: InspectSources = {
        ...(loaded.definitions ? { definitions: loaded.definitions } : {}),
        ...(loaded.sql ? { sql: { model: loaded.sql.model, createTableCount: loaded.sql.createTableCount } } : {}),
        ...(loaded.live ? { live: loaded.live } : {}),
        findings,
      };
      if (globals.json) io.stdout(JSON.stringify(buildInspectDocument(sources), null, 2) + '\n');
      else io.stdout(summary(sources));
      const failed = findings.filter((f) => f.severity === 'error');
      if (failed.length > 0 && !globals.json)
        io.stderr(`lupo: ${failed.length} input problem(s); the files listed above failed to load\n`);
      return failed.length > 0 ? EXIT_ERROR : EXIT_OK;
    }),
  );
};

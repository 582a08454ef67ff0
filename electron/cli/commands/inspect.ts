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

/**
 * An array rendered one element at a time (see writeJson): the tables of a model, so the
 * document never holds a second copy of every table at once.
 */
class LazyArray {
  constructor(
    readonly length: number,
    readonly item: (index: number) => unknown,
  ) {}
}

function tablesJson(tables: readonly Table[], role?: string): LazyArray {
  return new LazyArray(tables.length, (i) => tableJson(tables[i]!, role));
}

function databasesJson(model: SchemaModel) {
  return Object.fromEntries(
    DATABASE_ROLES.map((role) => [
      role,
      {
        name: model.databases[role].name,
        tables: tablesJson(model.databases[role].tables),
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

/** The `lupo inspect --json` document with its table lists still lazy (see writeJson). */
function inspectDocument(sources: InspectSources) {
  const primary = sources.definitions ?? sources.live;
  return {
    databases: primary ? databasesJson(primary) : null,
    sql: sources.sql
      ? {
          createTableCount: sources.sql.createTableCount,
          tables: sqlTables(sources.sql.model),
          forbiddenObjects: DATABASE_ROLES.flatMap((role) => sources.sql!.model.databases[role].forbiddenObjects),
        }
      : null,
    ...(sources.live && sources.definitions ? { live: databasesJson(sources.live) } : {}),
    errors: sources.findings.filter((f) => f.severity === 'error').map(findingJson),
    warnings: sources.findings.filter((f) => f.severity !== 'error').map(findingJson),
  };
}

/** The SQL model's tables of every role, each tagged with its role. */
function sqlTables(model: SchemaModel): LazyArray {
  const tagged = DATABASE_ROLES.flatMap((role) => model.databases[role].tables.map((table) => ({ table, role })));
  return new LazyArray(tagged.length, (i) => tableJson(tagged[i]!.table, tagged[i]!.role));
}

/** `value` with every LazyArray in it made a plain array. */
function materialize(value: unknown): unknown {
  if (value instanceof LazyArray) return Array.from({ length: value.length }, (_, i) => value.item(i));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, materialize(entry)]));
}

/**
 * Builds the `lupo inspect --json` document: {databases (definitions, or live when only
 * live is given), sql: {createTableCount, tables}, live?, errors, warnings}. Exported so
 * a live model (`--db`) plugs in without touching the CLI.
 */
export function buildInspectDocument(sources: InspectSources) {
  return materialize(inspectDocument(sources)) as Record<string, unknown>;
}

function holdsLazy(value: unknown): boolean {
  if (value instanceof LazyArray) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).some(holdsLazy);
}

/**
 * Writes `value` as JSON.stringify(materialize(value), null, 2) would, at nesting `indent`,
 * in pieces: each element of a LazyArray is rendered and written on its own. At 10,000
 * tables the one-string form held the model, a copy of it and a ~50 MB string at once.
 */
function writeJson(value: unknown, indent: string, write: (text: string) => void): void {
  const inner = `${indent}  `;
  if (value instanceof LazyArray) {
    if (value.length === 0) return write('[]');
    for (let i = 0; i < value.length; i++) write(`${i === 0 ? '[' : ','}\n${inner}${nestedJson(value.item(i), inner)}`);
    return write(`\n${indent}]`);
  }
  if (!holdsLazy(value)) return write(nestedJson(value, indent));
  const entries = Object.entries(value as Record<string, unknown>).filter(([, entry]) => entry !== undefined);
  entries.forEach(([key, entry], i) => {
    write(`${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    writeJson(entry, inner, write);
  });
  write(`\n${indent}}`);
}

/** JSON.stringify(value, null, 2) for a value nested at `indent` (strings hold no raw line breaks). */
function nestedJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/** Writes the `lupo inspect --json` document (the text of JSON.stringify(buildInspectDocument(…), null, 2) plus a newline). */
export function writeInspectDocument(sources: InspectSources, write: (text: string) => void): void {
  writeJson(inspectDocument(sources), '', write);
  write('\n');
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
      if (globals.json) writeInspectDocument(sources, io.stdout);
      else io.stdout(summary(sources));
      const failed = findings.filter((f) => f.severity === 'error');
      if (failed.length > 0 && !globals.json)
        io.stderr(`lupo: ${failed.length} input problem(s); the files listed above failed to load\n`);
      return failed.length > 0 ? EXIT_ERROR : EXIT_OK;
    }),
  );
};

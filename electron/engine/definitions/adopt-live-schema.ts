import type { JsonObject } from '@toon-format/toon';
import { access, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import type { SchemaChange } from '../../../shared/schema/changes';
import type { Finding } from '../../../shared/schema/findings';
import {
  DATABASE_ROLES,
  type Database,
  type DatabaseRole,
  type Index,
  type SchemaModel,
  type Table,
} from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { APP_MANAGED_TABLES } from '../analysis/app-managed-tables';
import { formatColumnDefinition } from '../ddl/index';
import { columnDifferences, diffDatabase, indexDifferences, nameKey, normalizePrimaryKey } from '../diff/index';
import { normalizeCheck, normalizePartitioning } from '../diff/normalize';
import { expectedPrimaryKeyName } from '../doctrine/naming';
import { describeChange } from '../reports/describe-change';
import { parseDefinitionDocument, type DocumentStyle } from './definition-document';
import type { DefinitionFile } from './definition-file';
import { documentToTable } from './document-to-table';
import { caseVariantFileName, type DefinitionsResult } from './load-definitions';
import { resolveRole, roleFromPath } from './role';
import { declaredOptions } from './table-defaults';
import { SEQUENCE_NOTE } from '../introspect/schema-builder';
import { renderDefinition, writeDefinition } from './write-definition';
import { isInsideFolder, isReallyInsideFolder, unsafeFileNameReason } from './safe-file-name';

/** A definition file adopt will create for a live table no definition declares. */
export interface AdoptionCreate {
  readonly role: DatabaseRole;
  readonly table: string;
  /** Absolute path of the new file. */
  readonly path: string;
  /** Path relative to the definitions folder (forward slashes). */
  readonly relativePath: string;
  /** The file's full text (legacy JSON encoding). */
  readonly text: string;
}

/** A definition file adopt will rewrite because its table differs from the live one. */
export interface AdoptionRewrite extends AdoptionEntry {
  readonly file: DefinitionFile;
  /** The table written back (live shape; unchanged columns/indexes keep the definition's spelling). */
  readonly adopted: Table;
  /** The file's new text, rendered in its own encoding, key order and style. */
  readonly text: string;
  /** What the definition lacks or has wrong, seen from the live table (`column \`note\` … is missing`). */
  readonly changes: readonly string[];
}

/** A definition that needs nothing, or a definition without a live table. */
export interface AdoptionEntry {
  readonly role: DatabaseRole;
  readonly table: string;
  readonly relativePath: string;
}

/** What adopting the live schema would do; pure data, written by {@link writeAdoption}. */
export interface AdoptionPlan {
  readonly definitionsDir: string;
  readonly create: readonly AdoptionCreate[];
  readonly rewrite: readonly AdoptionRewrite[];
  readonly unchanged: readonly AdoptionEntry[];
  /** Definitions whose table is not live: reported, never deleted. */
  readonly orphaned: readonly AdoptionEntry[];
  /** Warnings (what a definition cannot hold) and errors (tables skipped, with why). */
  readonly findings: readonly Finding[];
}

/** What {@link writeAdoption} wrote (absolute paths). */
export interface AdoptionResult {
  readonly created: readonly string[];
  readonly rewritten: readonly string[];
  readonly unchanged: number;
  readonly orphaned: readonly AdoptionEntry[];
  readonly findings: readonly Finding[];
}

/** Options of {@link planAdoption}. */
export interface PlanAdoptionOptions {
  readonly definitions: DefinitionsResult;
  readonly live: SchemaModel;
  readonly definitionsDir: string;
  readonly config: WorkspaceConfig;
  /** Only these tables (case-insensitive); every name must be live or defined. */
  readonly tables?: readonly string[];
}

/** The generator's formatting: 4-space indent, LF, no final newline. */
const GENERATOR_STYLE: DocumentStyle = { indent: '    ', eol: '\n', trailingNewline: false };

interface Defined {
  readonly role: DatabaseRole;
  readonly file: DefinitionFile;
  /** Absent when the file has errors. */
  readonly table?: Table;
}

const liveLocation = (database: string, table: string) => ({ kind: 'database' as const, database, table });

/**
 * Definitions by exact table name, plus a case-insensitive fallback used only when one
 * definition has that spelling (`Users` and `users` are two tables on
 * lower_case_table_names=0); the loaded table is matched to the file it came from.
 */
function indexDefinitions(definitions: DefinitionsResult): {
  readonly find: (name: string) => Defined | undefined;
  readonly all: ReadonlyMap<string, Defined>;
} {
  const byName = new Map<string, Defined>();
  for (const file of definitions.files) {
    if (!file.tableName) continue;
    const table = definitions.model.databases[file.role].tables.find(
      (t) => t.name === file.tableName && (t.source?.file ?? file.path) === file.path,
    );
    const seen = byName.get(file.tableName);
    if (!seen || (!seen.table && table))
      byName.set(file.tableName, { role: file.role, file, ...(table ? { table } : {}) });
  }
  const loose = new Map<string, Defined | null>();
  for (const [name, entry] of byName) loose.set(nameKey(name), loose.has(nameKey(name)) ? null : entry);
  return { find: (name) => byName.get(name) ?? loose.get(nameKey(name)) ?? undefined, all: byName };
}

/**
 * The live table in the definition's spelling wherever they agree: a column or index
 * equal after normalisation keeps the definition's value (so its field string and index
 * object are reused), indexes keep the definition's order (new ones follow), engine,
 * charset and collation are written only where the definition declares them.
 */
export function mergeLiveIntoDefinition(live: Table, defined: Table): Table {
  const definedColumns = new Map(defined.columns.map((c) => [nameKey(c.name), c]));
  const columns = live.columns.map((column) => {
    const old = definedColumns.get(nameKey(column.name));
    return old && columnDifferences(column, old, live, defined).length === 0 ? old : column;
  });
  const liveIndexes = new Map(live.indexes.map((ix) => [nameKey(ix.name), ix]));
  const indexes: Index[] = [];
  for (const old of defined.indexes) {
    const current = liveIndexes.get(nameKey(old.name));
    if (current) indexes.push(indexDifferences(current, old, live).length === 0 ? old : current);
  }
  for (const ix of live.indexes) if (!indexes.some((x) => nameKey(x.name) === nameKey(ix.name))) indexes.push(ix);
  const primaryKey =
    normalizePrimaryKey(live.primaryKey) === normalizePrimaryKey(defined.primaryKey)
      ? defined.primaryKey
      : live.primaryKey;
  // An option is written when the file declares it, or when the live value departs from
  // the workspace default the definition would otherwise get.
  const declared = declaredOptions(defined);
  const keep = (key: 'engine' | 'charset' | 'collation'): boolean => {
    const value = live.options[key];
    if (!value) return false;
    if (declared[key] !== undefined) return true;
    const fallback = defined.options[key];
    return fallback !== undefined && fallback.toLowerCase() !== value.toLowerCase();
  };
  const options = {
    ...(keep('engine') ? { engine: live.options.engine } : {}),
    ...(keep('charset') || keep('collation') ? { charset: live.options.charset } : {}),
    ...(keep('collation') || keep('charset') ? { collation: live.options.collation } : {}),
    ...(live.options.comment ? { comment: live.options.comment } : {}),
    ...(live.options.rowFormat ? { rowFormat: live.options.rowFormat } : {}),
    ...(live.options.other ? { other: live.options.other } : {}),
  };
  const definedChecks = new Map((defined.checks ?? []).map((c) => [nameKey(c.name), c]));
  const checks = (live.checks ?? []).map((check) => {
    const old = definedChecks.get(nameKey(check.name));
    return old && normalizeCheck(old.expression) === normalizeCheck(check.expression) ? old : check;
  });
  const partitioning =
    live.partitioning !== undefined &&
    defined.partitioning !== undefined &&
    normalizePartitioning(live.partitioning) === normalizePartitioning(defined.partitioning)
      ? defined.partitioning
      : live.partitioning;
  return {
    name: defined.name,
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    indexes,
    foreignKeys: [],
    options,
    ...(checks.length > 0 ? { checks } : {}),
    ...(partitioning === undefined ? {} : { partitioning }),
  };
}

/** `name`, `name(10)`, `name DESC`: an index column as the legacy format writes it. */
const indexColumnText = (c: Index['columns'][number]): string =>
  `${c.name}${c.length !== undefined ? `(${c.length})` : ''}${c.descending ? ' DESC' : ''}`;

/**
 * The legacy JSON document the system's generator writes for a table — keys in its order
 * (table_name, fields, data, primary_key, unsigned_columns, indexes, unique_constraints,
 * the last four only when non-empty), with the table options the loader reads after
 * table_name — and `data: []`.
 */
export function newDefinitionDocument(table: Table, config: WorkspaceConfig): JsonObject {
  const pkRule = config.doctrine['primary-key-named-after-table'];
  const prefixes = Array.isArray(pkRule?.options?.prefixes) ? (pkRule.options.prefixes as string[]) : ['lupo_'];
  const expected = expectedPrimaryKeyName(table.name, prefixes);
  const pk = table.primaryKey?.columns.join(',');
  const pkColumns = new Set(table.primaryKey?.columns.map(nameKey) ?? []);
  const unsigned = table.columns.filter((c) => c.unsigned);
  const indexes = table.indexes; // the server's order: recreating keeps SHOW CREATE TABLE's order
  const uniques = indexes.filter((ix) => ix.unique);
  const { comment, engine, charset, collation, rowFormat } = table.options;
  return {
    table_name: table.name,
    ...(comment ? { table_comment: comment } : {}),
    ...(engine ? { engine } : {}),
    ...(charset ? { charset } : {}),
    ...(collation ? { collation } : {}),
    ...(rowFormat ? { row_format: rowFormat } : {}),
    ...(table.options.other ? { table_options: { ...table.options.other } } : {}),
    ...(table.partitioning ? { partitioning: table.partitioning } : {}),
    fields: table.columns.map((c) => formatColumnDefinition(c)),
    data: [],
    ...(pk
      ? {
          primary_key: {
            column_name: pk,
            expected_name: expected,
            is_correct: pk === expected,
            needs_rename: pk !== expected,
          },
        }
      : {}),
    ...(unsigned.length > 0
      ? {
          unsigned_columns: unsigned.map((c) => ({
            column_name: c.name,
            current_type: `${c.type} unsigned`,
            expected_type: c.type,
            is_primary_key: pkColumns.has(nameKey(c.name)),
          })),
        }
      : {}),
    ...(indexes.length > 0
      ? {
          indexes: indexes.map((ix) => ({
            index_name: ix.name,
            columns: ix.columns.map(indexColumnText),
            is_unique: ix.unique,
            index_type: ix.kind === 'spatial' ? 'SPATIAL' : ix.kind.toUpperCase(),
            ...(ix.comment === undefined ? {} : { index_comment: ix.comment }),
            ...(ix.ignored ? { is_ignored: true } : {}),
          })),
        }
      : {}),
    ...(uniques.length > 0
      ? {
          unique_constraints: uniques.map((ix) => ({
            constraint_name: ix.name,
            columns: ix.columns.map(indexColumnText),
          })),
        }
      : {}),
    ...(table.checks && table.checks.length > 0
      ? {
          check_constraints: table.checks.map((c) => ({
            constraint_name: c.name,
            check_clause: c.expression,
            ...(c.column === undefined ? {} : { column_name: c.column }),
          })),
        }
      : {}),
  };
}

/** JSON text in a style (indent, line ends, final newline). */
function renderNewJson(doc: JsonObject, style: DocumentStyle): string {
  const body = JSON.stringify(doc, null, style.indent);
  return (style.eol === '\r\n' ? body.replaceAll('\n', '\r\n') : body) + (style.trailingNewline ? style.eol : '');
}

/** What `text` loads back as still differs from `live`: one line per difference. */
function unrepresented(text: string, file: string, live: Table, database: Database): string[] {
  const doc = parseDefinitionDocument(text);
  const loaded = documentToTable(doc, file).table;
  if (!loaded)
    throw new LupoError('adopt/render-failed', `The definition rendered for ${live.name} does not load back`);
  const one = (t: Table): Database => ({ ...database, tables: [t], views: [], forbiddenObjects: [] });
  const leftover = diffDatabase(one(live), one(loaded)).map((change) => describeChange(change));
  for (const what of live.unmodelled ?? []) leftover.push(`${what} (not modelled)`);
  return leftover;
}

/** The role a live table of a database shared by several roles belongs to. */
function ownerRole(
  table: string,
  sharing: readonly DatabaseRole[],
  defined: Defined | undefined,
  config: WorkspaceConfig,
): DatabaseRole {
  if (defined && sharing.includes(defined.role)) return defined.role;
  const byPattern = resolveRole('', table, config);
  return sharing.includes(byPattern) ? byPattern : sharing[0]!;
}

/**
 * Works out which definition files adopting the live schema creates (live tables nothing
 * declares), rewrites (tables that differ from the live one, per diffDatabase), leaves
 * alone, and which definitions have no live table (orphaned: reported, never deleted).
 * Pure: renders every new text up front. The app's ledger tables are only adopted when
 * the workspace already defines them. Skipped tables and what a definition cannot hold
 * (foreign keys, index comments, row format, views, forbidden objects) become findings.
 * Throws LupoError `adopt/unknown-table` when `tables` names a table neither live nor defined.
 */
export function planAdoption(options: PlanAdoptionOptions): AdoptionPlan {
  const { definitions, live, config } = options;
  const dir = path.resolve(options.definitionsDir);
  const defined = indexDefinitions(definitions);
  const wanted = options.tables ? new Set(options.tables.map(nameKey)) : undefined;
  const findings: Finding[] = [];
  const create: AdoptionCreate[] = [];
  const rewrite: AdoptionRewrite[] = [];
  const unchanged: AdoptionEntry[] = [];
  const roleFolders = definitions.files.some((f) => roleFromPath(f.relativePath) !== undefined);
  const jsonTemplate = definitions.files.find((f) => f.encoding === 'json');
  const style = jsonTemplate?.style ?? GENERATOR_STYLE;
  const taken = new Set([
    ...definitions.files.map((f) => path.resolve(f.path)),
    ...definitions.findings.flatMap((f) => (f.location?.kind === 'file' ? [path.resolve(f.location.file)] : [])),
  ]);
  const warn = (code: string, message: string, database: string, table?: string, hint?: string): void => {
    findings.push({
      code,
      severity: 'warning',
      message,
      location: table ? liveLocation(database, table) : { kind: 'database', database },
      ...(hint ? { hint } : {}),
    });
  };

  for (const role of DATABASE_ROLES) {
    const database = live.databases[role];
    const sharing = DATABASE_ROLES.filter((r) => live.databases[r].name === database.name);
    if (sharing[0] === role && (database.views.length > 0 || database.forbiddenObjects.length > 0)) {
      const objects = [
        ...database.views.map((v) => `view ${v.name}`),
        ...database.forbiddenObjects.map((o) => `${o.kind} ${o.name}`),
      ];
      warn(
        'adopt/not-representable',
        `Database "${database.name}" has objects a table definition cannot hold; they are not adopted: ${objects.join(', ')}`,
        database.name,
        undefined,
        'Keep them in a SQL file, or drop them (the doctrine forbids triggers, routines and events).',
      );
    }
    const spellings = new Map<string, string[]>();
    for (const table of database.tables) {
      const list = spellings.get(nameKey(table.name));
      if (list) list.push(table.name);
      else spellings.set(nameKey(table.name), [table.name]);
    }
    for (const table of database.tables) {
      const key = nameKey(table.name);
      if (wanted && !wanted.has(key)) continue;
      const def = defined.find(table.name);
      if (sharing.length > 1 && ownerRole(table.name, sharing, def, config) !== role) continue;
      if (table.unmodelled?.includes(SEQUENCE_NOTE)) {
        warn(
          'adopt/not-representable',
          `${table.name} is a SEQUENCE, not a table; a definition cannot hold it and it is not adopted`,
          database.name,
          table.name,
          'Keep the sequence in a hand-written migration (CREATE SEQUENCE).',
        );
        continue;
      }
      if (!def) {
        if (APP_MANAGED_TABLES.includes(table.name)) continue;
        // A live name becomes a file name: one that could leave the folder (or is no file name at all) is refused.
        const unsafe = unsafeFileNameReason(table.name);
        // Two live tables differing only by case get distinct file names (users~2.toon),
        // so both fit on a case-insensitive disk.
        const variant = (spellings.get(key) ?? []).filter((other) => other < table.name).length;
        const stem = variant === 0 ? table.name : caseVariantFileName(table.name, variant + 1);
        const relativePath = roleFolders ? `${role}/${stem}.toon` : `${stem}.toon`;
        const file = path.join(dir, ...relativePath.split('/'));
        if (unsafe || !isInsideFolder(dir, file)) {
          findings.push({
            code: 'adopt/unsafe-name',
            severity: 'error',
            message: `Live table ${JSON.stringify(table.name)} cannot be adopted: ${unsafe ?? 'its file would lie outside the definitions folder'}`,
            hint: 'Rename the table on the server (RENAME TABLE) to a plain name, or leave it out with --table.',
            location: { kind: 'database', database: database.name },
          });
          continue;
        }
        if (taken.has(file)) {
          findings.push({
            code: 'adopt/path-taken',
            severity: 'error',
            message: `Table ${table.name} is not defined, but ${relativePath} already exists (it does not load as that table); not adopted`,
            hint: 'Fix or remove that file, then adopt again.',
            location: { kind: 'file', file, line: 1 },
          });
          continue;
        }
        const text = renderNewJson(newDefinitionDocument(table, config), style);
        for (const what of unrepresented(text, file, table, database))
          warn(
            'adopt/not-representable',
            `${table.name}: the new definition cannot hold ${what}`,
            database.name,
            table.name,
          );
        create.push({ role, table: table.name, path: file, relativePath, text });
        continue;
      }
      if (def.role !== role) {
        findings.push({
          code: 'adopt/role-mismatch',
          severity: 'warning',
          message: `Table ${table.name} is live in the ${role} database "${database.name}" but ${def.file.relativePath} declares it for ${def.role}; left as is`,
          hint: 'Move the definition to the right role folder (or fix rolePatterns), then adopt again.',
          location: liveLocation(database.name, table.name),
        });
        continue;
      }
      if (!def.table) {
        findings.push({
          code: 'adopt/definition-invalid',
          severity: 'error',
          message: `Table ${table.name}: ${def.file.relativePath} has errors, so it is not rewritten`,
          hint: 'Fix the errors reported for that file, then adopt again.',
          location: { kind: 'file', file: def.file.path, line: 1 },
        });
        continue;
      }
      const entry = { role, table: def.table.name, relativePath: def.file.relativePath };
      const one = (t: Table): Database => ({ ...database, tables: [t] });
      // live → definition also sees what only live has and a definition cannot (foreign keys)
      const changes: SchemaChange[] = diffDatabase(one(table), one(def.table));
      if (changes.length === 0) {
        unchanged.push(entry);
        continue;
      }
      const adopted = mergeLiveIntoDefinition(table, def.table);
      const text = renderDefinition(def.file, adopted);
      for (const what of unrepresented(text, def.file.path, table, database))
        warn('adopt/not-representable', `${table.name}: the definition cannot hold ${what}`, database.name, table.name);
      if (text === def.file.text) unchanged.push(entry);
      else {
        const toLive = diffDatabase(one(def.table), one(table)).map(describeChange);
        rewrite.push({ ...entry, file: def.file, adopted, text, changes: toLive });
      }
    }
  }

  const orphaned: AdoptionEntry[] = [];
  for (const [name, def] of defined.all) {
    const key = nameKey(name);
    if (wanted && !wanted.has(key)) continue;
    const isLive = DATABASE_ROLES.some((r) => live.databases[r].tables.some((t) => nameKey(t.name) === key));
    if (!isLive) orphaned.push({ role: def.role, table: def.file.tableName!, relativePath: def.file.relativePath });
  }
  for (const name of options.tables ?? []) {
    const key = nameKey(name);
    const isLive = DATABASE_ROLES.some((r) => live.databases[r].tables.some((t) => nameKey(t.name) === key));
    if (!isLive && !defined.find(name))
      throw new LupoError('adopt/unknown-table', `Table "${name}" is neither live nor defined`, {
        hint: 'Check the --table name and the database names (--core-db & co.).',
      });
  }
  const byPath = <T extends { relativePath: string }>(a: T, b: T): number =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0;
  return {
    definitionsDir: dir,
    create: create.sort(byPath),
    rewrite: rewrite.sort(byPath),
    unchanged: unchanged.sort(byPath),
    orphaned: orphaned.sort(byPath),
    findings,
  };
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

/** Writes a new file without ever replacing an existing one (temp file + hard link). */
async function createAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await link(temp, file);
  } catch (error) {
    throw new LupoError('definition/write-failed', `Cannot create ${file}: ${(error as Error).message}`, {
      hint: 'Check that the folder is writable and that no file of that name appeared meanwhile.',
      cause: error,
    });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Writes an adoption plan: first checks that no file to create exists and that no file to
 * rewrite changed since it was loaded (else throws LupoError `adopt/stale` and writes
 * nothing), then creates the new files and rewrites the changed ones through
 * writeDefinition — each file atomically. Unchanged files are not touched.
 */
export async function writeAdoption(plan: AdoptionPlan): Promise<AdoptionResult> {
  for (const entry of [...plan.create, ...plan.rewrite.map((r) => ({ ...r, path: r.file.path }))]) {
    if (!(await isReallyInsideFolder(plan.definitionsDir, entry.path)))
      throw new LupoError(
        'adopt/outside-folder',
        `${entry.path} lies outside ${plan.definitionsDir}; nothing written`,
        {
          hint: 'Adopt only writes inside the definitions folder (--toon).',
        },
      );
  }
  for (const entry of plan.create) {
    if (await exists(entry.path))
      throw new LupoError('adopt/stale', `${entry.relativePath} appeared after the definitions were loaded`, {
        hint: 'Run adopt again.',
      });
  }
  for (const entry of plan.rewrite) {
    const now = await readFile(entry.file.path, 'utf8').catch(() => undefined);
    if (now !== entry.file.text)
      throw new LupoError('adopt/stale', `${entry.relativePath} changed after the definitions were loaded`, {
        hint: 'Run adopt again.',
      });
  }
  const created: string[] = [];
  const rewritten: string[] = [];
  for (const entry of plan.create) {
    await createAtomically(entry.path, entry.text);
    created.push(entry.path);
  }
  for (const entry of plan.rewrite) {
    await writeDefinition(entry.file, entry.adopted);
    rewritten.push(entry.file.path);
  }
  return { created, rewritten, unchanged: plan.unchanged.length, orphaned: plan.orphaned, findings: plan.findings };
}

import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { LupoError } from '../../../shared/errors';
import { errorFinding, type Finding } from '../../../shared/schema/findings';
import { emptySchemaModel, type DatabaseRole, type SchemaModel, type Table } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { parseDefinitionDocument } from './definition-document';
import type { DefinitionFile } from './definition-file';
import { documentToTable } from './document-to-table';
import { roleResolver } from './role';
import { serverLimitFindings } from './server-limits';
import { shareTableTexts } from './shared-texts';
import { applyTableDefaults } from './table-defaults';

/** What loading a definitions folder produced: the model, the files (for writing back) and every finding. */
export interface DefinitionsResult {
  readonly model: SchemaModel;
  readonly files: readonly DefinitionFile[];
  readonly findings: readonly Finding[];
  /**
   * Definition files that failed to load, with the table they most likely declare (the
   * file name) and its role: that table is *unknown*, not missing or extra, so analyses
   * must not compare it and plans must not act on it.
   */
  readonly failed: readonly FailedDefinition[];
  /**
   * Second (and later) declarations of a table another file declares already: the model
   * keeps the first (by path), so these are what a plan must not silently ignore.
   */
  readonly duplicates: readonly DuplicateDefinition[];
}

/** A table declared again by another file (`keptFile` is the one the model keeps). */
export interface DuplicateDefinition {
  readonly file: string;
  readonly line: number;
  readonly role: DatabaseRole;
  /** The declaration in `file`, as it would load (workspace table defaults applied). */
  readonly declaration: Table;
  /** Path of the declaration the model keeps. */
  readonly keptFile: string;
}

/** A definition file that did not load, and where it broke. */
export interface FailedDefinition {
  readonly file: string;
  readonly line: number;
  readonly table: string;
  readonly role: DatabaseRole;
}

/**
 * The file name adopt gives the second of two tables whose names differ only by case
 * (`users~2.toon` beside `Users.toon`), so both files can live on a case-insensitive disk.
 */
export function caseVariantFileName(table: string, n: number): string {
  return `${table}~${n}`;
}

function isCaseVariantFileName(stem: string, table: string): boolean {
  return stem.startsWith(`${table}~`) && /^\d+$/.test(stem.slice(table.length + 1));
}

/** A definition file's absolute path and its path relative to the definitions folder (forward slashes). */
interface ListedFile {
  readonly file: string;
  readonly relativePath: string;
}

/** Every `*.toon` file under `dir` (absolute), sorted, skipping hidden folders and node_modules. */
async function listDefinitionFiles(dir: string): Promise<ListedFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const listed: ListedFile[] = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith('.toon')) continue;
    const file = path.join(e.parentPath, e.name);
    // Entries lie under `dir`: their relative path is a slice (path.relative normalises
    // both paths again for every file).
    const relative = file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(dir, file);
    const segments = relative.split(path.sep);
    if (segments.some((seg) => seg.startsWith('.') || seg === 'node_modules')) continue;
    listed.push({ file, relativePath: segments.join('/') });
  }
  return listed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Read options as an object: a string option is copied into a new options object per read. */
const UTF8 = { encoding: 'utf8' } as const;

/**
 * Longest stretch (ms) of reading and parsing files between two turns of the event loop:
 * a count of files was 30-60 ms on a loaded machine, during which the app's IPC waited.
 */
const READ_SLICE_MS = 20;

/**
 * Reads one file. Definition files are small and almost always in the page cache, where a
 * synchronous read costs a fifth of the CPU of an asynchronous one (which pays four
 * thread-pool round trips: open, stat, read, close). `loadDefinitions` yields every
 * READ_SLICE_MS, so a live introspection running alongside (or, in the app, other
 * requests) is still served while 10,000 files load.
 */
function readOne(file: string): { text: string } | { error: Error } {
  try {
    return { text: readFileSync(file, UTF8) };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Options of {@link loadDefinitions}. */
export interface LoadDefinitionsOptions {
  /**
   * Keep each file's text and parsed document in `files` (default true; needed to write
   * definitions back). Analyses pass false: at 10,000 files they are ~70 MB held to the end.
   */
  readonly keepFiles?: boolean;
}

/**
 * Loads every `.toon` definition under `dir` (recursively; legacy JSON or TOON encoding)
 * into one SchemaModel, the role of each table coming from its sub-folder or the config's
 * patterns. Never throws for bad files: each problem is a Finding with file:line:column
 * and the other files still load. Table names are unique as the server with
 * lower_case_table_names=0 sees them (exact case; case-only variants get a warning); a
 * file whose name is not its table's gets a warning. Throws LupoError only when `dir` itself is unreadable.
 */
export async function loadDefinitions(
  dir: string,
  config: WorkspaceConfig,
  options: LoadDefinitionsOptions = {},
): Promise<DefinitionsResult> {
  const root = path.resolve(dir);
  let listed: ListedFile[];
  try {
    listed = await listDefinitionFiles(root);
  } catch (error) {
    throw new LupoError(
      'definition/folder-unreadable',
      `Cannot read the definitions folder ${root}: ${(error as Error).message}`,
      {
        hint: 'Check the --toon path or "definitions" in lupo.config.*.',
        cause: error,
      },
    );
  }
  const findings: Finding[] = [];
  const files: DefinitionFile[] = [];
  const tables: Record<DatabaseRole, Table[]> = { core: [], orchestration: [], ephemeral: [] };
  const owners = new Map<string, string>();
  const loose = new Map<string, { readonly name: string; readonly file: string }>();
  const failed: FailedDefinition[] = [];
  const duplicates: DuplicateDefinition[] = [];
  const texts = new Map<string, string>();
  const roleOf = roleResolver(config);
  let sliceStart = performance.now();
  for (const { file, relativePath } of listed) {
    // Files are read as they are parsed (texts are garbage once parsed, unless `files`
    // keeps them: 10,000 read first were ~20 MB held at once); a turn of the event loop
    // every slice lets a live introspection running beside us handle its rows, and the
    // app answer its calls.
    if (performance.now() - sliceStart >= READ_SLICE_MS) {
      await new Promise<void>((resume) => setImmediate(resume));
      sliceStart = performance.now();
    }
    const stem = path.basename(file, '.toon');
    const read = readOne(file);
    if ('error' in read) {
      findings.push({
        code: 'definition/unreadable',
        severity: 'error',
        message: `Cannot read the file: ${read.error.message}`,
        location: { kind: 'file', file, line: 1 },
      });
      failed.push({ file, line: 1, table: stem, role: roleOf(relativePath, stem) });
      continue;
    }
    const { text } = read;
    let doc;
    try {
      doc = parseDefinitionDocument(text);
    } catch (error) {
      if (!(error instanceof LupoError)) throw error;
      const line = Number(error.details?.line ?? 1);
      findings.push(
        errorFinding(error, {
          kind: 'file',
          file,
          line,
          column: Number(error.details?.column ?? 1),
        }),
      );
      failed.push({ file, line, table: stem, role: roleOf(relativePath, stem) });
      continue;
    }
    const result = documentToTable(doc, file);
    if (result.table) shareTableTexts(result.table, texts);
    if (result.findings.length > 0) findings.push(...result.findings);
    const limits = result.table ? serverLimitFindings(result.table, file, doc.locate) : [];
    if (limits.length > 0) findings.push(...limits);
    const role = roleOf(relativePath, result.tableName ?? stem);
    if (options.keepFiles !== false)
      files.push({
        path: file,
        relativePath,
        encoding: doc.encoding,
        role,
        ...(result.tableName ? { tableName: result.tableName } : {}),
        raw: doc.raw,
        text,
        style: doc.style,
      });
    if (!result.table || limits.length > 0) {
      // A declaration the loader could not accept leaves its table unknown, not missing or extra.
      const table = result.tableName ?? stem;
      const line = limits[0]?.location.kind === 'file' ? (limits[0].location.line ?? 1) : 1;
      failed.push({ file, line, table, role });
      continue;
    }
    if (stem !== result.table.name && !isCaseVariantFileName(stem, result.table.name)) {
      findings.push({
        code: 'definition/file-name-mismatch',
        severity: 'warning',
        message: `The file is named "${stem}.toon" but declares table "${result.table.name}"`,
        hint: `Rename the file to ${result.table.name}.toon (a stale copy edited in place is a common cause).`,
        location: result.table.source ?? { kind: 'file', file, line: 1 },
      });
    }
    const key = result.table.name;
    const lowerKey = key.toLowerCase();
    const sameButCase = loose.get(lowerKey);
    if (sameButCase !== undefined && sameButCase.name !== result.table.name) {
      findings.push({
        code: 'definition/case-distinct-table',
        severity: 'warning',
        message: `Tables "${result.table.name}" and "${sameButCase.name}" (${sameButCase.file}) differ only by case: they are two tables only on servers with lower_case_table_names=0`,
        hint: 'Keep both only if every server of the system runs with lower_case_table_names=0; otherwise rename one.',
        location: result.table.source ?? { kind: 'file', file, line: 1 },
      });
    }
    const owner = owners.get(key);
    if (owner) {
      findings.push({
        code: 'definition/duplicate-table',
        severity: 'error',
        message: `Table "${result.table.name}" is also declared in ${owner}; each table must be defined once`,
        hint: 'Delete or rename one of the two definitions.',
        location: result.table.source ?? { kind: 'file', file, line: 1 },
      });
      const declaration = applyTableDefaults(result.table, config.tableDefaults);
      duplicates.push({
        file,
        line: result.table.source?.line ?? 1,
        role,
        declaration,
        keptFile: path.join(root, owner),
      });
      continue;
    }
    owners.set(key, relativePath);
    if (!loose.has(lowerKey)) loose.set(lowerKey, { name: key, file: relativePath });
    tables[role].push(applyTableDefaults(result.table, config.tableDefaults));
  }
  const base = emptySchemaModel(config.databases);
  const model: SchemaModel = {
    databases: {
      core: { ...base.databases.core, tables: tables.core },
      orchestration: { ...base.databases.orchestration, tables: tables.orchestration },
      ephemeral: { ...base.databases.ephemeral, tables: tables.ephemeral },
    },
  };
  return { model, files, findings, failed, duplicates };
}

import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LupoError } from '../../../shared/errors';
import { splitSqlFile } from '../sqlfile/located-error';
import { migrationChecksum } from './checksum';
import { naturalCompare } from './natural-sort';

/** A dependency declared in a migration header. */
export interface MigrationDependency {
  /** File name (as in the folder) this migration depends on. */
  readonly file: string;
  readonly type: 'required' | 'optional';
  /** 1-based line of the header. */
  readonly line: number;
}

/** One hand-written or generated migration file of the migrations folder. */
export interface MigrationFile {
  /** File name, e.g. `V2__add_actor.sql`. */
  readonly name: string;
  readonly path: string;
  readonly content: string;
  readonly sha256: string;
  readonly dependsOn: readonly MigrationDependency[];
  /** `X.down.sql` beside `X.sql`, when present. */
  readonly downPath?: string;
}

const HEADER = /^--\s*depends(-optional)?\s*:\s*(.+?)\s*$/i;

/**
 * Reads `-- depends: <file>` / `-- depends-optional: <file>` headers from the leading
 * comment block of a migration (several names may be comma-separated). Headers below the
 * first statement are ignored, so a comment in the middle of a file cannot add an edge.
 */
export function parseDependencyHeaders(content: string): MigrationDependency[] {
  const result: MigrationDependency[] = [];
  const lines = content.split(/\r\n?|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith('--') && !line.startsWith('#')) break;
    const match = HEADER.exec(line);
    if (!match) continue;
    for (const file of match[2]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      result.push({ file, type: match[1] ? 'optional' : 'required', line: i + 1 });
    }
  }
  return result;
}

/** Reads one migration file (and notes its down-file). */
export async function readMigrationFile(path: string): Promise<MigrationFile> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new LupoError('migrations/unreadable', `Cannot read the migration file ${path}.`, {
      hint: 'Check the path and that the file is readable.',
      cause: error,
    });
  }
  // A file the splitter cannot read to its end (unterminated string, …) stops here, at file:line.
  splitSqlFile(content, path);
  const downPath = path.replace(/\.sql$/i, '.down.sql');
  const hasDown =
    downPath !== path &&
    (await stat(downPath).then(
      (s) => s.isFile(),
      () => false,
    ));
  return {
    name: basename(path),
    path,
    content,
    sha256: migrationChecksum(content),
    dependsOn: parseDependencyHeaders(content),
    ...(hasDown ? { downPath } : {}),
  };
}

/**
 * Reads a migrations folder: every `*.sql` except `*.down.sql`, in natural name order
 * (V2 before V10), then reordered so each file comes after the files it depends on.
 * A dependency on a missing file or a cycle raises, naming the files.
 */
export async function readMigrationFolder(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new LupoError('migrations/no-folder', `The migrations folder ${dir} cannot be read.`, {
      hint: 'Create it, or set "migrations" in lupo.config.json to the right folder.',
      cause: error,
    });
  }
  const ups = names.filter((n) => /\.sql$/i.test(n) && !/\.down\.sql$/i.test(n)).sort(naturalCompare);
  const files = await Promise.all(ups.map((n) => readMigrationFile(join(dir, n))));
  return orderByDependencies(files);
}

/**
 * Orders files so dependencies come first, keeping natural order otherwise (a stable
 * topological sort). Required dependencies must exist in the set; optional ones that are
 * absent are ignored. Throws `migrations/dependency-cycle` naming the cycle.
 */
export function orderByDependencies(files: readonly MigrationFile[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const file of files) {
    for (const dep of file.dependsOn) {
      if (dep.type === 'required' && !byName.has(dep.file)) {
        throw new LupoError(
          'migrations/missing-dependency',
          `${file.name} depends on ${dep.file}, which is not in the migrations folder.`,
          {
            hint: 'Add the missing file, fix the name in the "-- depends:" header, or make it "-- depends-optional:".',
            details: { file: file.path, line: dep.line },
          },
        );
      }
    }
  }
  const ordered: MigrationFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: MigrationFile, path: string[]): void => {
    const s = state.get(file.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(file.name)), file.name];
      throw new LupoError('migrations/dependency-cycle', `Migration dependencies form a cycle: ${cycle.join(' → ')}.`, {
        hint: 'Remove one of the "-- depends:" headers in that cycle.',
        details: { cycle: cycle.join(' -> ') },
      });
    }
    state.set(file.name, 'visiting');
    const deps = file.dependsOn
      .map((d) => byName.get(d.file))
      .filter((d): d is MigrationFile => d !== undefined)
      .sort((a, b) => naturalCompare(a.name, b.name));
    for (const dep of deps) visit(dep, [...path, file.name]);
    state.set(file.name, 'done');
    ordered.push(file);
  };
  for (const file of [...files].sort((a, b) => naturalCompare(a.name, b.name))) visit(file, []);
  return ordered;
}

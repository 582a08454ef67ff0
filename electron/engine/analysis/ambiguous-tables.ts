import { LupoError } from '../../../shared/errors';
import type { SchemaChange } from '../../../shared/schema/changes';
import type { Database, DatabaseRole } from '../../../shared/schema/model';
import type { DuplicateDefinition, FailedDefinition } from '../definitions/load-definitions';
import { diffDatabase } from '../diff/diff-database';
import { nameKey } from '../diff/normalize';

/** The bad definition files of a load: files that did not load, and second declarations. */
export interface BadDefinitions {
  readonly failed: readonly FailedDefinition[];
  readonly duplicates: readonly DuplicateDefinition[];
}

/** A table some bad definition file declares: which files, and why it is ambiguous. */
export interface AmbiguousTable {
  readonly role: DatabaseRole;
  readonly table: string;
  /** Every file that declares it (the kept one first for a duplicate). */
  readonly files: readonly string[];
  readonly why: 'duplicate' | 'broken';
}

/** The tables of `role` that bad files declare, one entry per table. */
export function ambiguousTables(role: DatabaseRole, bad: BadDefinitions): AmbiguousTable[] {
  const byTable = new Map<string, AmbiguousTable>();
  for (const duplicate of bad.duplicates) {
    if (duplicate.role !== role) continue;
    const key = nameKey(duplicate.declaration.name);
    const known = byTable.get(key);
    byTable.set(key, {
      role,
      table: duplicate.declaration.name,
      files: known ? [...known.files, duplicate.file] : [duplicate.keptFile, duplicate.file],
      why: 'duplicate',
    });
  }
  for (const failed of bad.failed) {
    if (failed.role !== role) continue;
    const key = nameKey(failed.table);
    const known = byTable.get(key);
    byTable.set(key, {
      role,
      table: known?.table ?? failed.table,
      files: [...(known?.files ?? []), `${failed.file}:${failed.line}`],
      why: known?.why ?? 'broken',
    });
  }
  return [...byTable.values()];
}

/**
 * The ambiguous tables of `role` a plan would touch: a table named by one of `changes`, or
 * a duplicated table whose other declaration differs from the live table (the model kept
 * one declaration by path order, which may be the stale one — either could be meant).
 * With `drops` (the plan generates DROP TABLE), a dropped table is ambiguous too while any
 * file of the role does not load: a file that does not parse is known only by its name,
 * and may be the dropped table's definition under another name.
 */
export function ambiguousTablesTouched(
  role: DatabaseRole,
  changes: readonly SchemaChange[],
  live: Database,
  bad: BadDefinitions,
  options: { readonly drops?: boolean } = {},
): AmbiguousTable[] {
  const touched = new Set(changes.map((change) => nameKey(change.table)));
  const broken = bad.failed.filter((failed) => failed.role === role);
  const dropped: AmbiguousTable[] =
    options.drops && broken.length > 0
      ? changes
          .filter((change) => change.kind === 'dropTable')
          .map((change) => ({
            role,
            table: change.table,
            files: broken.map((failed) => `${failed.file}:${failed.line}`),
            why: 'broken' as const,
          }))
      : [];
  const declared = ambiguousTables(role, bad).filter((entry) => {
    const key = nameKey(entry.table);
    if (touched.has(key)) return true;
    if (entry.why !== 'duplicate') return false;
    const liveTable = live.tables.filter((table) => nameKey(table.name) === key);
    return bad.duplicates.some(
      (duplicate) =>
        duplicate.role === role &&
        nameKey(duplicate.declaration.name) === key &&
        diffDatabase({ ...live, tables: liveTable }, { ...live, tables: [duplicate.declaration] }).length > 0,
    );
  });
  const seen = new Set(declared.map((entry) => nameKey(entry.table)));
  return [...declared, ...dropped.filter((entry) => !seen.has(nameKey(entry.table)))];
}

/**
 * Refuses (`plan/ambiguous-table`) a plan of `role` that would touch a table a bad
 * definition file declares, naming the table and the files; plans that touch none of them
 * go ahead (the caller lists the bad files). The one rule of `lupo plan` and the app's
 * drift migration.
 */
export function refuseAmbiguousPlan(
  role: DatabaseRole,
  changes: readonly SchemaChange[],
  live: Database,
  bad: BadDefinitions,
  options: { readonly drops?: boolean } = {},
): void {
  const touched = ambiguousTablesTouched(role, changes, live, bad, options);
  if (touched.length === 0) return;
  const lines = touched.map((entry) =>
    entry.why === 'duplicate'
      ? `\`${entry.table}\` is declared in ${entry.files.length} files: ${entry.files.join(', ')}`
      : `\`${entry.table}\` may be declared by a file that does not load: ${entry.files.join(', ')}`,
  );
  throw new LupoError(
    'plan/ambiguous-table',
    `The ${role} plan would change ${touched.length === 1 ? 'a table' : `${touched.length} tables`} whose definition is ambiguous — ${lines.join('; ')}. Nothing was planned.`,
    {
      hint: 'Delete the stale file or fix the broken one (the load errors above name them), then plan again. Plans that touch none of these tables go ahead.',
      details: {
        role,
        tables: touched.map((entry) => entry.table).join(', '),
        files: touched.flatMap((entry) => entry.files).join(', '),
      },
    },
  );
}

/** One line per bad file of `role` a plan went ahead without (for the plan's notes). */
export function badDefinitionNotes(role: DatabaseRole, bad: BadDefinitions): string[] {
  return ambiguousTables(role, bad).map((entry) =>
    entry.why === 'duplicate'
      ? `Not planned from a second declaration: \`${entry.table}\` is declared in ${entry.files.join(' and ')} (the live table matches both; delete the stale file).`
      : `Not planned: ${entry.table} (its definition failed to load at ${entry.files.join(', ')}; fix it, then plan again).`,
  );
}

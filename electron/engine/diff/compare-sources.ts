import type { SchemaChange } from '../../../shared/schema/changes';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel, type SchemaSource } from '../../../shared/schema/model';
import { runToEnd, type Stepwise } from '../jobs/stepwise';
import { diffDatabaseSteps } from './diff-database';
import { nameKey } from './normalize';

/** The order sources are trusted in: definitions are the desired state, then SQL, then live. */
export const SOURCE_ORDER: readonly SchemaSource[] = ['definitions', 'sql', 'live'];

/** One table and which loaded sources have it (a source not loaded is absent from `in`). */
export interface TablePresence {
  readonly name: string;
  readonly in: Readonly<Partial<Record<SchemaSource, boolean>>>;
}

/**
 * One pairwise comparison: the changes that make `actual` look like `desired`
 * (desired = the more authoritative source in {@link SOURCE_ORDER}).
 */
export interface PairDiff {
  readonly desired: SchemaSource;
  readonly actual: SchemaSource;
  readonly changes: readonly SchemaChange[];
}

/** Everything compared for one role database. */
export interface RoleComparison {
  readonly role: DatabaseRole;
  /** The sources compared for this role (a SQL file without tables of the role is left out). */
  readonly sources: readonly SchemaSource[];
  /** Table-level matrix, sorted by name. */
  readonly tables: readonly TablePresence[];
  /** Every pair of loaded sources, in SOURCE_ORDER pairs (definitions↔sql, definitions↔live, sql↔live). */
  readonly pairs: readonly PairDiff[];
}

/** The three-way (or two-way) comparison of the loaded sources, per role. */
export interface ThreeWayDiff {
  readonly sources: readonly SchemaSource[];
  readonly roles: Readonly<Record<DatabaseRole, RoleComparison>>;
}

/** Input of {@link compareSources}: any subset of the three sources. */
export type SourceModels = Partial<Record<SchemaSource, SchemaModel>>;

/**
 * Compares every pair of the given sources per role database and builds the table
 * presence matrix. With one source there are no pairs (only the matrix); with none the
 * result is empty. A SQL file that declares no table of a role is not compared for that
 * role (install files often cover only the core database); definitions and live
 * databases always are. Pure.
 */
export function compareSources(models: SourceModels): ThreeWayDiff {
  return runToEnd(compareSourcesSteps(models));
}

/** `localeCompare`'s order (same default locale and options), without building a collator per call. */
const byName = new Intl.Collator();

/** The given sources in {@link SOURCE_ORDER} (`ThreeWayDiff.sources`). */
export function loadedSources(models: SourceModels): SchemaSource[] {
  return SOURCE_ORDER.filter((source) => models[source] !== undefined);
}

/** The sources compared for one role: a SQL file without tables of the role is left out. */
export function roleSources(models: SourceModels, role: DatabaseRole): SchemaSource[] {
  return loadedSources(models).filter((source) => source !== 'sql' || models.sql!.databases[role].tables.length > 0);
}

/** {@link compareSources} as a stepwise computation (steps inside each pair's diff). */
export function* compareSourcesSteps(models: SourceModels): Stepwise<ThreeWayDiff> {
  const loaded = loadedSources(models);
  const roles = {} as Record<DatabaseRole, RoleComparison>;
  for (const role of DATABASE_ROLES) {
    const sources = roleSources(models, role);
    // One pass over each source's tables, keyed by name: looking each table up in every
    // source's whole list was quadratic (~9 s of a 10 s `lupo diff` at 5,000 tables).
    const presence = new Map<string, { name: string; in: Partial<Record<SchemaSource, boolean>> }>();
    const absent: Partial<Record<SchemaSource, boolean>> = Object.fromEntries(sources.map((s) => [s, false]));
    for (const source of sources) {
      for (const table of models[source]!.databases[role].tables) {
        const key = nameKey(table.name);
        let entry = presence.get(key);
        if (!entry) {
          entry = { name: table.name, in: { ...absent } };
          presence.set(key, entry);
        }
        entry.in[source] = true;
      }
    }
    const pairs: PairDiff[] = [];
    for (let i = 0; i < sources.length; i += 1) {
      for (let j = i + 1; j < sources.length; j += 1) {
        const desired = sources[i]!;
        const actual = sources[j]!;
        pairs.push({
          desired,
          actual,
          changes: yield* diffDatabaseSteps(models[actual]!.databases[role], models[desired]!.databases[role]),
        });
      }
    }
    roles[role] = {
      role,
      sources,
      tables: [...presence.values()].sort((a, b) => byName.compare(a.name, b.name)),
      pairs,
    };
  }
  return { sources: loaded, roles };
}

/** The pair comparing `actual` with `desired` in one role, if both were loaded. */
export function findPair(
  diff: ThreeWayDiff,
  role: DatabaseRole,
  desired: SchemaSource,
  actual: SchemaSource,
): PairDiff | undefined {
  return diff.roles[role].pairs.find((pair) => pair.desired === desired && pair.actual === actual);
}

/** True when any pair in any role has a change (drift → `lupo diff` exits 1). */
export function hasDrift(diff: ThreeWayDiff): boolean {
  return DATABASE_ROLES.some((role) => diff.roles[role].pairs.some((pair) => pair.changes.length > 0));
}

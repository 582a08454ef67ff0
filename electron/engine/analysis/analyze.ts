import type { SchemaChange } from '../../../shared/schema/changes';
import {
  DATABASE_ROLES,
  emptySchemaModel,
  type DatabaseRole,
  type SchemaModel,
  type SchemaSource,
} from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import type { FailedDefinition } from '../definitions/load-definitions';
import { mirrorAppManagedTables } from './app-managed-tables';
import { withoutUnknownTables } from './unknown-tables';
import { budgetFindings, computeBudget, type BudgetStatus } from '../budget/compute-budget';
import {
  compareSources,
  compareSourcesSteps,
  hasDrift,
  loadedSources,
  roleSources,
  type SourceModels,
  type ThreeWayDiff,
} from '../diff/compare-sources';
import { diffDatabaseAddedTables } from '../diff/diff-database';
import { runToEnd, runYielding, type Stepwise } from '../jobs/stepwise';
import { applyWaivers, lintModelSteps } from '../doctrine/runner';
import type { Finding } from '../../../shared/schema/findings';
import { primaryPair, type SourceCounts, type SourcedFinding } from '../reports/report-model';

/** What `analyzeWorkspace` compares: any subset of definitions, SQL file(s) and live databases. */
export interface AnalysisInput {
  readonly config: WorkspaceConfig;
  readonly definitions?: SchemaModel;
  readonly sql?: { readonly model: SchemaModel; readonly createTableCount: number };
  readonly live?: SchemaModel;
  /** Tables whose definition file failed to load: left out of every comparison (unknown, not extra). */
  readonly unknownTables?: readonly FailedDefinition[];
}

/** The result of one analysis: drift, doctrine per source, budget and counts — the input of reports and CLI output. */
export interface Analysis {
  readonly threeWay: ThreeWayDiff;
  readonly sources: Readonly<Partial<Record<SchemaSource, SourceCounts>>>;
  /** Doctrine findings of every loaded source (tagged), plus budget findings of the plan. */
  readonly doctrine: readonly SourcedFinding[];
  readonly budget: BudgetStatus;
  /** The tables a sync would create: `addTable` changes of the primary comparison. */
  readonly plannedChanges: readonly SchemaChange[];
  /** True when any compared pair differs. */
  readonly drift: boolean;
  /** Number of error-level findings (doctrine and budget) no waiver covers. */
  readonly errors: number;
  /** Tables left out because their definition failed to load. */
  readonly unknownTables: readonly FailedDefinition[];
  /**
   * The app's own live tables (statement journal, ledger) mirrored into the definitions
   * because the definitions do not declare them: counted in the budget, never listed as
   * definitions or drift ("in sync").
   */
  readonly appManaged: readonly { readonly role: DatabaseRole; readonly table: string }[];
}

function counts(model: SchemaModel, createTableStatements?: number): SourceCounts {
  const perRole = {} as Record<DatabaseRole, number>;
  let tables = 0;
  for (const role of DATABASE_ROLES) {
    perRole[role] = model.databases[role].tables.length;
    tables += perRole[role];
  }
  return { tables, perRole, ...(createTableStatements === undefined ? {} : { createTableStatements }) };
}

/** The input with the app's own live tables mirrored into the file sources (see app-managed-tables.ts). */
function withAppManagedTables(input: AnalysisInput): AnalysisInput {
  const live = input.live;
  if (!live) return input;
  return {
    ...input,
    ...(input.definitions ? { definitions: mirrorAppManagedTables(input.definitions, live) } : {}),
    ...(input.sql ? { sql: { ...input.sql, model: mirrorAppManagedTables(input.sql.model, live) } } : {}),
  };
}

/** What every part of an analysis starts from: the compared models and what is known without comparing. */
interface Prepared {
  readonly config: WorkspaceConfig;
  readonly models: SourceModels;
  readonly loaded: readonly SchemaSource[];
  readonly sources: Partial<Record<SchemaSource, SourceCounts>>;
  /** The current state the budget counts: live, else SQL, else definitions. */
  readonly current: SchemaModel;
  /** The comparison whose missing tables a sync would create (definitions → live, else …). */
  readonly pair?: { readonly desired: SchemaSource; readonly actual: SchemaSource };
  readonly unknownTables: readonly FailedDefinition[];
  readonly appManaged: Analysis['appManaged'];
}

/**
 * The inputs as compared (unknown tables left out, the app's own tables mirrored), their
 * counts, and the state the table budget counts.
 */
function prepare(given: AnalysisInput): Prepared {
  const unknownTables = given.unknownTables ?? [];
  const original: AnalysisInput = {
    ...given,
    ...(given.sql ? { sql: { ...given.sql, model: withoutUnknownTables(given.sql.model, unknownTables) } } : {}),
    ...(given.live ? { live: withoutUnknownTables(given.live, unknownTables) } : {}),
  };
  const input = withAppManagedTables(original);
  const models: SourceModels = {
    ...(input.definitions ? { definitions: input.definitions } : {}),
    ...(input.sql ? { sql: input.sql.model } : {}),
    ...(input.live ? { live: input.live } : {}),
  };
  const loaded = loadedSources(models);
  // Counts say what each source itself declares (before the app's own tables are mirrored in).
  const sources: Partial<Record<SchemaSource, SourceCounts>> = {
    ...(original.definitions ? { definitions: counts(original.definitions) } : {}),
    ...(original.sql ? { sql: counts(original.sql.model, original.sql.createTableCount) } : {}),
    ...(original.live ? { live: counts(original.live) } : {}),
  };
  const pair = primaryPair({ sources: loaded });
  const currentSource = pair?.actual ?? loaded[0];
  const current = currentSource ? models[currentSource]! : emptySchemaModel(input.config.databases);
  return {
    config: input.config,
    models,
    loaded,
    sources,
    current,
    ...(pair ? { pair } : {}),
    unknownTables,
    appManaged: DATABASE_ROLES.flatMap((role) => {
      const declared = new Set((original.definitions?.databases[role].tables ?? []).map((table) => table.name));
      return (input.definitions?.databases[role].tables ?? [])
        .filter((table) => !declared.has(table.name))
        .map((table) => ({ role, table: table.name }));
    }),
  };
}

/**
 * The tables a sync would create: the `addTable` changes of the primary pair, in the roles
 * where that pair is compared — which needs only the tables each side lacks, not the
 * comparison of the common ones.
 */
function plannedChangesOf({ pair, models }: Prepared): SchemaChange[] {
  if (!pair) return [];
  return DATABASE_ROLES.flatMap((role) => {
    const compared = roleSources(models, role);
    if (!compared.includes(pair.desired) || !compared.includes(pair.actual)) return [];
    return diffDatabaseAddedTables(models[pair.actual]!.databases[role], models[pair.desired]!.databases[role]);
  });
}

/** The table budget before and after creating the missing tables. */
function budgetOf(prepared: Prepared, plannedChanges: readonly SchemaChange[]): BudgetStatus {
  return computeBudget(prepared.current, plannedChanges, prepared.config);
}

/**
 * The doctrine findings of each model object linted, per source and config. A model is
 * never changed once built, so an analysis of the same definitions again (the analysis
 * against live that follows connect) reuses their findings; a reloaded workspace brings
 * new model and config objects, which are linted anew.
 */
const lintedModels = new WeakMap<SchemaModel, Map<SchemaSource, { config: WorkspaceConfig; findings: Finding[] }>>();

function* lintedFindingsSteps(model: SchemaModel, config: WorkspaceConfig, source: SchemaSource): Stepwise<Finding[]> {
  const known = lintedModels.get(model)?.get(source);
  if (known?.config === config) return known.findings;
  const findings = yield* lintModelSteps(model, config, source);
  let bySource = lintedModels.get(model);
  if (!bySource) lintedModels.set(model, (bySource = new Map()));
  bySource.set(source, { config, findings });
  return findings;
}

/** Doctrine findings of every loaded source (tagged), in steps. */
function* modelFindingsSteps(prepared: Prepared): Stepwise<SourcedFinding[]> {
  const doctrine: SourcedFinding[] = [];
  for (const source of prepared.loaded) {
    yield;
    for (const finding of yield* lintedFindingsSteps(prepared.models[source]!, prepared.config, source))
      doctrine.push({ ...finding, source });
  }
  return doctrine;
}

/** The doctrine findings plus the plan's budget findings, with the workspace's waivers applied. */
function judged(doctrine: SourcedFinding[], budget: BudgetStatus, config: WorkspaceConfig): SourcedFinding[] {
  if (budget.total.afterPlan !== budget.total.current) {
    for (const finding of budgetFindings(budget, config.databases)) doctrine.push({ ...finding, source: 'plan' });
  }
  return applyWaivers(doctrine, config.waivers ?? []);
}

function unwaivedErrors(doctrine: readonly SourcedFinding[]): number {
  return doctrine.filter((finding) => finding.severity === 'error' && !finding.waived).length;
}

/**
 * Compares the loaded sources (three-way diff), lints each source against the doctrine,
 * and computes the table budget. Pure: loading is the caller's job. The comparison, the
 * doctrine and the budget are each computed when first read, so a command pays only for
 * what its output uses (`lupo lint` prints no drift; `lupo diff` prints no findings and
 * no budget, and reads the findings only for its exit code when nothing drifted).
 */
export function analyzeWorkspace(given: AnalysisInput): Analysis {
  const prepared = prepare(given);
  let threeWay: ThreeWayDiff | undefined;
  let doctrine: SourcedFinding[] | undefined;
  let plannedChanges: SchemaChange[] | undefined;
  let budget: BudgetStatus | undefined;
  return {
    get threeWay() {
      return (threeWay ??= compareSources(prepared.models));
    },
    sources: prepared.sources,
    get doctrine() {
      return (doctrine ??= judged(runToEnd(modelFindingsSteps(prepared)), this.budget, prepared.config));
    },
    get budget() {
      return (budget ??= budgetOf(prepared, this.plannedChanges));
    },
    get plannedChanges() {
      return (plannedChanges ??= plannedChangesOf(prepared));
    },
    get drift() {
      return hasDrift(this.threeWay);
    },
    get errors() {
      return unwaivedErrors(this.doctrine);
    },
    unknownTables: prepared.unknownTables,
    appManaged: prepared.appManaged,
  };
}

/**
 * {@link analyzeWorkspace} for the app's engine, which shows all of it: computed in full,
 * giving the event loop a turn between slices of work (at 10,000 tables the analysis is
 * seconds of CPU, during which the engine answered nothing) and stopping at the next slice
 * once `signal` is aborted. The optional sink hears the phases (diffing, doctrine).
 */
export function analyzeWorkspaceYielding(
  given: AnalysisInput,
  sink: EngineSink = silentSink,
  signal?: AbortSignal,
): Promise<Analysis> {
  return runYielding(analyzeWorkspaceSteps(given, sink), signal);
}

function* analyzeWorkspaceSteps(given: AnalysisInput, sink: EngineSink): Stepwise<Analysis> {
  sink({ type: 'progress', value: 0, detail: 'Comparing the sources (diffing)' });
  const prepared = prepare(given);
  const threeWay = yield* compareSourcesSteps(prepared.models);
  sink({ type: 'progress', value: 0.5, detail: 'Checking the doctrine' });
  const findings = yield* modelFindingsSteps(prepared);
  sink({ type: 'progress', value: 0.9, detail: 'Computing the table budget' });
  // A turn before each: the tables a sync would create are a match of every table (~20 ms at 10,000).
  yield;
  const plannedChanges = plannedChangesOf(prepared);
  yield;
  const budget = budgetOf(prepared, plannedChanges);
  const doctrine = judged(findings, budget, prepared.config);
  return {
    threeWay,
    sources: prepared.sources,
    doctrine,
    budget,
    plannedChanges,
    drift: hasDrift(threeWay),
    errors: unwaivedErrors(doctrine),
    unknownTables: prepared.unknownTables,
    appManaged: prepared.appManaged,
  };
}

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
import { compareSourcesSteps, hasDrift, type ThreeWayDiff } from '../diff/compare-sources';
import { runToEnd, runYielding, type Stepwise } from '../jobs/stepwise';
import { applyWaivers, lintModel } from '../doctrine/runner';
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

/**
 * Compares the loaded sources (three-way diff), lints each source against the doctrine,
 * and computes the table budget of the current state (live, else SQL, else definitions)
 * before and after creating the missing tables. Pure: loading is the caller's job. The
 * optional sink hears the phases (diffing, doctrine) so a job can show where it is.
 */
export function analyzeWorkspace(given: AnalysisInput, sink: EngineSink = silentSink): Analysis {
  return runToEnd(analyzeWorkspaceSteps(given, sink));
}

/**
 * {@link analyzeWorkspace} for the app's engine: the same analysis, giving the event loop a
 * turn between slices of work (at 10,000 tables the analysis is seconds of CPU, during which
 * the engine answered nothing) and stopping at the next slice once `signal` is aborted.
 */
export function analyzeWorkspaceYielding(
  given: AnalysisInput,
  sink: EngineSink = silentSink,
  signal?: AbortSignal,
): Promise<Analysis> {
  return runYielding(analyzeWorkspaceSteps(given, sink), signal);
}

function* analyzeWorkspaceSteps(given: AnalysisInput, sink: EngineSink): Stepwise<Analysis> {
  const unknownTables = given.unknownTables ?? [];
  const original: AnalysisInput = {
    ...given,
    ...(given.sql ? { sql: { ...given.sql, model: withoutUnknownTables(given.sql.model, unknownTables) } } : {}),
    ...(given.live ? { live: withoutUnknownTables(given.live, unknownTables) } : {}),
  };
  const input = withAppManagedTables(original);
  sink({ type: 'progress', value: 0, detail: 'Comparing the sources (diffing)' });
  const models: Partial<Record<SchemaSource, SchemaModel>> = {
    ...(input.definitions ? { definitions: input.definitions } : {}),
    ...(input.sql ? { sql: input.sql.model } : {}),
    ...(input.live ? { live: input.live } : {}),
  };
  const threeWay = yield* compareSourcesSteps(models);
  // Counts say what each source itself declares (before the app's own tables are mirrored in).
  const sources: Partial<Record<SchemaSource, SourceCounts>> = {
    ...(original.definitions ? { definitions: counts(original.definitions) } : {}),
    ...(original.sql ? { sql: counts(original.sql.model, original.sql.createTableCount) } : {}),
    ...(original.live ? { live: counts(original.live) } : {}),
  };
  const doctrine: SourcedFinding[] = [];
  sink({ type: 'progress', value: 0.5, detail: 'Checking the doctrine' });
  for (const source of threeWay.sources) {
    yield;
    for (const finding of lintModel(models[source]!, input.config, source)) doctrine.push({ ...finding, source });
  }
  const pair = primaryPair(threeWay);
  const currentSource = pair?.actual ?? threeWay.sources[0];
  const current = currentSource ? models[currentSource]! : emptySchemaModel(input.config.databases);
  const plannedChanges = pair
    ? DATABASE_ROLES.flatMap((role) =>
        (
          threeWay.roles[role].pairs.find(
            (candidate) => candidate.desired === pair.desired && candidate.actual === pair.actual,
          )?.changes ?? []
        ).filter((change) => change.kind === 'addTable'),
      )
    : [];
  sink({ type: 'progress', value: 0.9, detail: 'Computing the table budget' });
  const budget = computeBudget(current, plannedChanges, input.config);
  if (budget.total.afterPlan !== budget.total.current) {
    for (const finding of budgetFindings(budget, input.config.databases)) doctrine.push({ ...finding, source: 'plan' });
  }
  const judged = applyWaivers(doctrine, input.config.waivers ?? []);
  return {
    threeWay,
    sources,
    doctrine: judged,
    budget,
    plannedChanges,
    drift: hasDrift(threeWay),
    errors: judged.filter((finding) => finding.severity === 'error' && !finding.waived).length,
    unknownTables,
    appManaged: DATABASE_ROLES.flatMap((role) => {
      const declared = new Set((original.definitions?.databases[role].tables ?? []).map((table) => table.name));
      return (input.definitions?.databases[role].tables ?? [])
        .filter((table) => !declared.has(table.name))
        .map((table) => ({ role, table: table.name }));
    }),
  };
}

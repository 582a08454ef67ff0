import path from 'node:path';
import type { AnalysisSummary, DriftTable, RoleCounts, WorkspaceSummary } from '../../../shared/contract/workspace';
import type { CallResponse } from '../../../shared/contract/index';
import type { HandlersFor } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import type { SchemaChange } from '../../../shared/schema/changes';
import type { Finding } from '../../../shared/schema/findings';
import { DATABASE_ROLES, type SchemaModel } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { computeBudget } from '../budget/index';
import { loadWorkspaceConfig } from '../config/index';
import type { OpenConnection } from '../connection/session-registry';
import { loadDefinitions } from '../definitions/index';
import { compareSources, findPair } from '../diff/compare-sources';
import { lintModel } from '../doctrine/index';
import { introspectSession } from '../introspect/index';
import { describeChange } from '../reports/describe-change';
import { readSqlFile } from '../sqlfile/index';

/** What the workspace handlers need from the host. */
export interface WorkspaceHandlerDeps {
  /** The bundled demo workspace (`<resources>/toon/demo`), opened when no path is given. */
  readonly demoWorkspaceDir: string;
  /** Open connections by id (for `workspace/analyze` against the live databases). */
  readonly sessions: { get(connectionId: string): OpenConnection };
  /** Folder relative workspace paths resolve against (default: the process's cwd). */
  readonly cwd?: string;
}

/** The calls these handlers answer. */
export type WorkspaceCallName = 'workspace/open' | 'workspace/analyze' | 'workspace/model';

/** The loaded workspace kept between calls. */
interface OpenWorkspace {
  readonly summary: WorkspaceSummary;
  readonly config: WorkspaceConfig;
  readonly definitions: SchemaModel;
  readonly sql?: SchemaModel;
}

function counts(model: SchemaModel): RoleCounts {
  return {
    core: model.databases.core.tables.length,
    orchestration: model.databases.orchestration.tables.length,
    ephemeral: model.databases.ephemeral.tables.length,
  };
}

/** Merges the models of several SQL files (later files add tables the earlier ones lack). */
function mergeModels(models: readonly SchemaModel[]): SchemaModel | undefined {
  const [first, ...rest] = models;
  if (!first) return undefined;
  return rest.reduce<SchemaModel>((merged, model) => {
    const databases = { ...merged.databases };
    for (const role of DATABASE_ROLES) {
      const names = new Set(merged.databases[role].tables.map((table) => table.name));
      databases[role] = {
        ...merged.databases[role],
        tables: [...merged.databases[role].tables, ...model.databases[role].tables.filter((t) => !names.has(t.name))],
      };
    }
    return { databases };
  }, first);
}

/** Loads config, definitions and SQL files of a workspace folder (or a config file path). */
async function loadWorkspace(target: string, isDemo: boolean): Promise<OpenWorkspace> {
  const isConfigFile = /\.(json|toon)$/i.test(target);
  const loaded = await loadWorkspaceConfig(
    isConfigFile ? { path: target, cwd: path.dirname(target) } : { cwd: target },
  );
  const { config } = loaded;
  const definitions = await loadDefinitions(config.definitions, config);
  const findings: Finding[] = [...definitions.findings];
  const sqlModels: SchemaModel[] = [];
  for (const file of config.sqlFiles) {
    try {
      const result = await readSqlFile(file, config);
      sqlModels.push(result.model);
      findings.push(...result.findings);
    } catch (error) {
      if (!(error instanceof LupoError)) throw error;
      findings.push({
        code: error.code,
        severity: 'error',
        message: error.message,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        location: { kind: 'file', file, line: 1 },
      });
    }
  }
  const sql = mergeModels(sqlModels);
  const summary: WorkspaceSummary = {
    root: loaded.dir,
    ...(loaded.path === undefined ? {} : { configPath: loaded.path }),
    isDemo,
    config: {
      definitions: config.definitions,
      migrations: config.migrations,
      sqlFiles: config.sqlFiles,
      databases: config.databases,
      tableBudget: config.tableBudget,
      ...(config.systemVersion === undefined ? {} : { systemVersion: config.systemVersion }),
    },
    counts: { definitions: counts(definitions.model), ...(sql ? { sql: counts(sql) } : {}) },
    findings,
  };
  return { summary, config, definitions: definitions.model, ...(sql ? { sql } : {}) };
}

/**
 * Builds the drift list: every table of every role, compared between the definitions and
 * `actual` (live when connected, else the SQL files), with the engine's own change
 * descriptions as the differences.
 */
function driftOf(
  workspace: OpenWorkspace,
  live: SchemaModel | undefined,
): { drift: AnalysisSummary['drift']; plan: SchemaChange[] } {
  const diff = compareSources({
    definitions: workspace.definitions,
    ...(workspace.sql ? { sql: workspace.sql } : {}),
    ...(live ? { live } : {}),
  });
  const actual = live ? 'live' : workspace.sql ? 'sql' : undefined;
  const tables: DriftTable[] = [];
  const plan: SchemaChange[] = [];
  const tally = { same: 0, missing: 0, extra: 0, different: 0 };
  for (const role of DATABASE_ROLES) {
    const pair = actual ? findPair(diff, role, 'definitions', actual) : undefined;
    if (pair) plan.push(...pair.changes);
    for (const presence of diff.roles[role].tables) {
      const inDefinitions = presence.in.definitions === true;
      const inActual = actual ? presence.in[actual] === true : inDefinitions;
      const changes = (pair?.changes ?? []).filter(
        (change) =>
          change.table.toLowerCase() === presence.name.toLowerCase() &&
          change.kind !== 'addTable' &&
          change.kind !== 'dropTable',
      );
      const status = !actual
        ? 'same'
        : inDefinitions && !inActual
          ? 'missing'
          : !inDefinitions && inActual
            ? 'extra'
            : changes.length > 0
              ? 'different'
              : 'same';
      if (!inDefinitions && !inActual) continue;
      tally[status] += 1;
      tables.push({
        role,
        table: presence.name,
        status,
        inDefinitions,
        ...(presence.in.sql === undefined ? {} : { inSql: presence.in.sql }),
        ...(presence.in.live === undefined ? {} : { inLive: presence.in.live }),
        differences: changes.map(describeChange),
      });
    }
  }
  return { drift: { comparedWith: actual ?? 'none', counts: tally, tables }, plan };
}

/** Doctrine findings grouped by rule (most frequent first). */
function byRule(findings: readonly Finding[]): AnalysisSummary['doctrine']['byRule'] {
  const rules = new Map<string, { rule: string; severity: Finding['severity']; count: number }>();
  const rank = { error: 0, warning: 1, info: 2 } as const;
  for (const finding of findings) {
    const entry = rules.get(finding.code) ?? { rule: finding.code, severity: finding.severity, count: 0 };
    entry.count += 1;
    if (rank[finding.severity] < rank[entry.severity]) entry.severity = finding.severity;
    rules.set(finding.code, entry);
  }
  return [...rules.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/**
 * Handlers of the workspace domain. One workspace is open at a time per host; opening
 * another replaces it. `workspace/analyze` re-reads nothing from disk (open again to
 * reload) but introspects the live databases on every call, since they change under us.
 */
export function createWorkspaceHandlers(deps: WorkspaceHandlerDeps): HandlersFor<WorkspaceCallName> {
  let current: OpenWorkspace | undefined;
  const requireOpen = (): OpenWorkspace => {
    if (!current) {
      throw new LupoError('workspace/not-open', 'No workspace is open.', {
        hint: 'Open a workspace folder (or the demo workspace) first.',
      });
    }
    return current;
  };
  return {
    'workspace/open': async ({ path: requested }) => {
      const target =
        requested === undefined ? deps.demoWorkspaceDir : path.resolve(deps.cwd ?? process.cwd(), requested);
      current = await loadWorkspace(target, requested === undefined);
      return current.summary;
    },
    'workspace/model': async ({ source }) => {
      const workspace = requireOpen();
      // Same shape; the model's arrays are readonly, the zod output type's are not.
      if (source === 'definitions') return workspace.definitions as unknown as CallResponse<'workspace/model'>;
      if (!workspace.sql) {
        throw new LupoError('workspace/no-sql-files', 'This workspace lists no SQL files.', {
          hint: 'Add install SQL files to `sqlFiles` in lupo.config to compare them.',
        });
      }
      return workspace.sql as unknown as CallResponse<'workspace/model'>;
    },
    'workspace/analyze': async ({ connectionId }) => {
      const workspace = requireOpen();
      let live: SchemaModel | undefined;
      if (connectionId !== undefined) {
        const open = deps.sessions.get(connectionId);
        live = await introspectSession(open.session, workspace.config.databases);
      }
      const { drift, plan } = driftOf(workspace, live);
      const findings = [
        ...lintModel(workspace.definitions, workspace.config, 'definitions'),
        ...(live ? lintModel(live, workspace.config, 'live') : []),
      ];
      const baseline = live ?? workspace.sql ?? workspace.definitions;
      const additions = plan.filter((change) => change.kind === 'addTable');
      const budget = computeBudget(baseline, additions, workspace.config);
      return {
        counts: {
          definitions: counts(workspace.definitions),
          ...(workspace.sql ? { sql: counts(workspace.sql) } : {}),
          ...(live ? { live: counts(live) } : {}),
        },
        drift,
        doctrine: { byRule: byRule(findings), findings: findings.slice(0, 2_000) },
        budget: {
          current: budget.total.current,
          afterPlan: budget.total.afterPlan,
          max: budget.total.max,
          headroom: budget.total.headroom,
          perRole: {
            core: budget.perRole.core.afterPlan,
            orchestration: budget.perRole.orchestration.afterPlan,
            ephemeral: budget.perRole.ephemeral.afterPlan,
          },
        },
      };
    },
  };
}

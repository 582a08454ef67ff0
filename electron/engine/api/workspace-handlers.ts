import path from 'node:path';
import type { CallResponse } from '../../../shared/contract/index';
import type { HandlersFor } from '../../../shared/contract/server';
import type { AnalysisSummary, DriftTable, RoleCounts, WorkspaceSummary } from '../../../shared/contract/workspace';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import { LupoError } from '../../../shared/errors';
import { errorFinding, type Finding } from '../../../shared/schema/findings';
import type { SchemaChange } from '../../../shared/schema/changes';
import { DATABASE_ROLES, type Database, type DatabaseRole, type SchemaModel } from '../../../shared/schema/model';
import { modelPage } from '../../../shared/schema/model-page';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { analyzeWorkspaceYielding, type Analysis } from '../analysis/analyze';
import { UNWAIVABLE_RULES } from '../doctrine/runner';
import { loadFileSources, mergeModels, orderLoadFindings } from '../analysis/load-sources';
import type { FailedDefinition } from '../definitions/load-definitions';
import { loadWorkspaceConfig } from '../config/index';
import type { SessionRegistry } from '../connection/session-registry';
import { findPair } from '../diff/compare-sources';
import { readLive } from './live-read';
import { phaseSink, untilCancelled } from '../jobs/job-phases';
import { throwIfCancelled, type JobRunner } from '../jobs/job-runner';
import { doctrineRules } from '../doctrine/rules';
import { describeChange } from '../reports/describe-change';
import { addWaivers, removeWaiver } from '../config/index';
import { primaryPair, type SourceCounts } from '../reports/report-model';

/** What the workspace handlers need from the host. */
export interface WorkspaceHandlerDeps {
  /** The bundled demo workspace (`<resources>/toon/demo`), opened when no path is given. */
  readonly demoWorkspaceDir: string;
  /** Open connections by id (for `workspace/analyze` against the live databases). */
  readonly sessions: Pick<SessionRegistry, 'get'> & Partial<Pick<SessionRegistry, 'explainFailure'>>;
  /** Folder relative workspace paths resolve against (default: the process's cwd). */
  readonly cwd?: string;
  /**
   * The open-workspace holder shared with other domains (reports). Absent: the handlers
   * make their own. The host passes one so `report/*` sees the workspace `workspace/open` loaded.
   */
  readonly workspace?: WorkspaceSession;
  /** Runs `workspace/analyze-start` as a cancellable job with progress events. */
  readonly jobs: JobRunner;
}

/** The calls these handlers answer. */
export type WorkspaceCallName =
  | 'workspace/open'
  | 'workspace/analyze'
  | 'workspace/analyze-start'
  | 'workspace/model'
  | 'workspace/waive'
  | 'workspace/unwaive';

/** How a caller follows one analysis: phase progress on `sink`, a stop request on `signal`. */
export interface AnalyzeContext {
  readonly sink?: EngineSink;
  readonly signal?: AbortSignal;
}

/** The loaded workspace kept between calls. */
export interface OpenWorkspace {
  readonly summary: WorkspaceSummary;
  readonly config: WorkspaceConfig;
  readonly definitions: SchemaModel;
  readonly sql?: { readonly model: SchemaModel; readonly createTableCount: number };
  /** Definition files that failed to load: their tables are unknown, never "extra". */
  readonly unknownTables: readonly FailedDefinition[];
}

/** One analysis of the open workspace: the engine's Analysis plus what it was made from. */
export interface WorkspaceAnalysis {
  readonly workspace: OpenWorkspace;
  readonly analysis: Analysis;
  /** The workspace, connection and role databases it was computed on. */
  readonly context: NonNullable<AnalysisSummary['context']>;
}

/**
 * The workspace one host has open, and the single analysis path of the app: the overview,
 * the drift view and the reports all come from `analyze` (helper C's `analyzeWorkspace`).
 */
export interface WorkspaceSession {
  /** Loads a workspace folder or config file (the demo workspace when `target` is absent). */
  open(requested?: string): Promise<OpenWorkspace>;
  /** The open workspace, or `workspace/not-open`. */
  current(): OpenWorkspace;
  /**
   * Analyzes the open workspace; with a connection id, against that connection's live role
   * databases. Progress (introspection per role database, diffing, doctrine) goes to
   * `context.sink`; an aborted `context.signal` stops it between phases (`job/cancelled`).
   */
  analyze(connectionId?: string, context?: AnalyzeContext): Promise<WorkspaceAnalysis>;
}

function roleCounts(counts: SourceCounts): RoleCounts {
  return {
    core: counts.perRole.core,
    orchestration: counts.perRole.orchestration,
    ephemeral: counts.perRole.ephemeral,
  };
}

function modelCounts(model: SchemaModel): RoleCounts {
  return {
    core: model.databases.core.tables.length,
    orchestration: model.databases.orchestration.tables.length,
    ephemeral: model.databases.ephemeral.tables.length,
  };
}

/** Loads config, definitions and SQL files; a SQL file that cannot be read becomes a finding, not a failure. */
async function loadWorkspace(target: string, isDemo: boolean): Promise<OpenWorkspace> {
  const isConfigFile = /\.(json|toon)$/i.test(target);
  const loaded = await loadWorkspaceConfig(
    isConfigFile ? { path: target, cwd: path.dirname(target) } : { cwd: target },
  );
  const { config } = loaded;
  const files = await loadFileSources({ config, definitionsDir: config.definitions });
  const findings: Finding[] = [...files.findings];
  const sqlParts: { model: SchemaModel; createTableCount: number }[] = [];
  for (const file of config.sqlFiles) {
    try {
      const part = await loadFileSources({ config, sqlFiles: [file] });
      findings.push(...part.findings);
      if (part.sql) sqlParts.push(part.sql);
    } catch (error) {
      if (!(error instanceof LupoError)) throw error;
      findings.push(errorFinding(error, { kind: 'file', file, line: 1 }));
    }
  }
  const sql =
    sqlParts.length > 0
      ? {
          model: mergeModels(sqlParts.map((part) => part.model)),
          createTableCount: sqlParts.reduce((sum, part) => sum + part.createTableCount, 0),
        }
      : undefined;
  const definitions = files.definitions!;
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
      waivers: config.waivers.map((waiver) => ({ ...waiver })),
    },
    counts: { definitions: modelCounts(definitions), ...(sql ? { sql: modelCounts(sql.model) } : {}) },
    findings: orderLoadFindings(findings),
  };
  return { summary, config, definitions, ...(sql ? { sql } : {}), unknownTables: files.failedDefinitions ?? [] };
}

/** Share of an analysis's progress bar that live introspection takes (the rest: diff and doctrine). */
const INTROSPECTION_SHARE = 0.7;

/**
 * Creates the open-workspace holder. Analyses introspect the live databases on every call
 * (they change under us) but never re-read files (open again to reload). The desktop app
 * runs analyses as jobs (`workspace/analyze-start`): with thousands of live tables the
 * information_schema reads take seconds, so they report progress and can be cancelled.
 */
export function createWorkspaceSession(deps: Omit<WorkspaceHandlerDeps, 'workspace' | 'jobs'>): WorkspaceSession {
  let open: OpenWorkspace | undefined;
  const current = (): OpenWorkspace => {
    if (!open) {
      throw new LupoError('workspace/not-open', 'No workspace is open.', {
        hint: 'Open a workspace folder (or the demo workspace) first.',
      });
    }
    return open;
  };
  return {
    async open(requested) {
      const target =
        requested === undefined ? deps.demoWorkspaceDir : path.resolve(deps.cwd ?? process.cwd(), requested);
      open = await loadWorkspace(target, requested === undefined);
      return open;
    },
    current,
    async analyze(connectionId, jobContext = {}) {
      const { sink = silentSink, signal } = jobContext;
      const workspace = current();
      let live: SchemaModel | undefined;
      let context: WorkspaceAnalysis['context'] = {
        workspaceRoot: workspace.summary.root,
        databases: workspace.config.databases,
        databasesFrom: 'workspace',
      };
      if (connectionId !== undefined) {
        const connection = deps.sessions.get(connectionId);
        // Resolved now, not at connect: a workspace opened since then brings its own names.
        const databases = connection.databases;
        // Joins the read connect started when it is still under way.
        const read = readLive(connection.session, databases, phaseSink(sink, 0, INTROSPECTION_SHARE));
        const [model, server] = await untilCancelled(Promise.all([read.model, read.databases]), signal);
        live = model;
        context = {
          workspaceRoot: workspace.summary.root,
          databases,
          databasesFrom: connection.databasesFrom,
          connection: {
            connectionId,
            endpoint: connection.session.endpoint,
            serverVersion: connection.session.serverVersion,
            readOnly: connection.readOnly,
            visibleDatabases: server.filter((database) => !database.isSystem).length,
            roles: DATABASE_ROLES.map((role) => {
              const found = server.find((database) => database.name === databases[role]);
              return { role, name: databases[role], exists: found !== undefined, tableCount: found?.tableCount ?? 0 };
            }),
          },
        };
      }
      if (live || signal) {
        // A whole turn of the event loop (a timer, not setImmediate, which runs right after the
        // I/O that ended the read): building the live model was one task, the first analysis
        // step would be the same one (~45 + ~50 ms at 10,000 tables), and a cancel that
        // arrived meanwhile lands before the CPU-bound phases start.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (signal) throwIfCancelled(signal);
      }
      const analysis = await analyzeWorkspaceYielding(
        {
          config: workspace.config,
          definitions: workspace.definitions,
          ...(workspace.sql ? { sql: workspace.sql } : {}),
          ...(live ? { live } : {}),
          unknownTables: workspace.unknownTables,
        },
        phaseSink(sink, live ? INTROSPECTION_SHARE : 0, 0.95),
        signal,
      );
      return { workspace, analysis, context };
    },
  };
}

/**
 * The model as the renderer gets it: without each column's file location, which no screen
 * shows (the table's own location is kept) and which was a third of the bytes of a
 * 10,000-table workspace's pages (38.4 → 25.6 MB).
 */
function withoutColumnSources(model: SchemaModel): SchemaModel {
  const databases = {} as Record<DatabaseRole, Database>;
  for (const role of DATABASE_ROLES) {
    const database = model.databases[role];
    databases[role] = {
      ...database,
      tables: database.tables.map((table) => ({
        ...table,
        columns: table.columns.map(({ source: _source, ...column }) => column),
      })),
    };
  }
  return { databases };
}

/** The drift list of the primary comparison (definitions vs live, else vs SQL), every table of every role. */
function driftOf(analysis: Analysis): AnalysisSummary['drift'] {
  const pair = primaryPair(analysis.threeWay);
  // Definitions are always the desired side here; `actual` is live or sql.
  const actual = pair?.desired === 'definitions' && pair.actual !== 'definitions' ? pair.actual : undefined;
  const tables: DriftTable[] = [];
  const tally = { same: 0, missing: 0, extra: 0, different: 0 };
  for (const role of DATABASE_ROLES) {
    const roleDiff = analysis.threeWay.roles[role];
    const changes = actual ? (findPair(analysis.threeWay, role, 'definitions', actual)?.changes ?? []) : [];
    const compared = actual !== undefined && roleDiff.sources.includes(actual);
    // Each table's own changes by name: filtering every change per table was tables × changes.
    const byTable = new Map<string, SchemaChange[]>();
    for (const change of changes) {
      if (change.kind === 'addTable' || change.kind === 'dropTable') continue;
      const key = change.table.toLowerCase();
      const list = byTable.get(key);
      if (list) list.push(change);
      else byTable.set(key, [change]);
    }
    const appManaged = new Set(
      analysis.appManaged.filter((entry) => entry.role === role).map((entry) => entry.table.toLowerCase()),
    );
    for (const presence of roleDiff.tables) {
      // The app's own tables the definitions do not declare are neither drift nor "in sync".
      if (appManaged.has(presence.name.toLowerCase())) continue;
      const inDefinitions = presence.in.definitions === true;
      const inActual = compared ? presence.in[actual] === true : inDefinitions;
      if (!inDefinitions && !inActual) continue;
      const own = byTable.get(presence.name.toLowerCase()) ?? [];
      const status = !compared
        ? 'same'
        : inDefinitions && !inActual
          ? 'missing'
          : !inDefinitions && inActual
            ? 'extra'
            : own.length > 0
              ? 'different'
              : 'same';
      tally[status] += 1;
      tables.push({
        role,
        table: presence.name,
        status,
        inDefinitions,
        ...(presence.in.sql === undefined ? {} : { inSql: presence.in.sql }),
        ...(presence.in.live === undefined ? {} : { inLive: presence.in.live }),
        differences: own.map(describeChange),
      });
    }
  }
  for (const unknown of analysis.unknownTables) {
    tables.push({
      role: unknown.role,
      table: unknown.table,
      status: 'unknown',
      inDefinitions: false,
      differences: [`unknown: its definition failed to load (${unknown.file}:${unknown.line}); fix that file first`],
    });
  }
  return {
    comparedWith: actual ?? 'none',
    counts: { ...tally, ...(analysis.unknownTables.length ? { unknown: analysis.unknownTables.length } : {}) },
    tables,
  };
}

const RULE_DESCRIPTIONS = new Map(doctrineRules.map((rule) => [rule.id, rule.description]));

/** Doctrine findings grouped by rule (most frequent first), with waived counts and each rule's fix. */
function byRule(findings: readonly Finding[]): AnalysisSummary['doctrine']['byRule'] {
  const rules = new Map<
    string,
    { rule: string; severity: Finding['severity']; count: number; waived: number; description?: string }
  >();
  const rank = { error: 0, warning: 1, info: 2 } as const;
  for (const finding of findings) {
    const description = RULE_DESCRIPTIONS.get(finding.code);
    const entry = rules.get(finding.code) ?? {
      rule: finding.code,
      severity: finding.severity,
      count: 0,
      waived: 0,
      ...(description ? { description } : {}),
    };
    entry.count += 1;
    if (finding.waived) entry.waived += 1;
    if (rank[finding.severity] < rank[entry.severity]) entry.severity = finding.severity;
    rules.set(finding.code, entry);
  }
  return [...rules.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** The overview's summary of an analysis (the `workspace/analyze` response). */
export function summarizeAnalysis(analysis: Analysis, context?: WorkspaceAnalysis['context']): AnalysisSummary {
  const { sources, budget } = analysis;
  const findings = analysis.doctrine;
  return {
    counts: {
      definitions: sources.definitions ? roleCounts(sources.definitions) : { core: 0, orchestration: 0, ephemeral: 0 },
      ...(sources.sql ? { sql: roleCounts(sources.sql) } : {}),
      ...(sources.live ? { live: roleCounts(sources.live) } : {}),
    },
    drift: driftOf(analysis),
    doctrine: {
      byRule: byRule(findings),
      findings: findings.slice(0, 2_000) as AnalysisSummary['doctrine']['findings'],
    },
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
    ...(context ? { context } : {}),
  };
}

/** Loads the open workspace again from disk (after its config changed). */
function reopen(workspace: WorkspaceSession): Promise<OpenWorkspace> {
  const { summary } = workspace.current();
  return workspace.open(summary.isDemo ? undefined : (summary.configPath ?? summary.root));
}

/**
 * Handlers of the workspace domain. One workspace is open at a time per host; opening
 * another replaces it. `workspace/analyze` (direct) and `workspace/analyze-start` (a job,
 * kind `analyze`, result: the same summary) both run the session's one analysis path.
 */
export function createWorkspaceHandlers(deps: WorkspaceHandlerDeps): HandlersFor<WorkspaceCallName> {
  const workspace = deps.workspace ?? createWorkspaceSession(deps);
  return {
    'workspace/open': async ({ path: requested }) => (await workspace.open(requested)).summary,
    'workspace/model': async ({ source, page }) => {
      const open = workspace.current();
      const paged = (model: SchemaModel): SchemaModel => withoutColumnSources(page ? modelPage(model, page) : model);
      // Same shape; the model's arrays are readonly, the zod output type's are not.
      if (source === 'definitions') return paged(open.definitions) as unknown as CallResponse<'workspace/model'>;
      if (!open.sql) {
        throw new LupoError('workspace/no-sql-files', 'This workspace lists no SQL files.', {
          hint: 'Add install SQL files to `sqlFiles` in lupo.config to compare them.',
        });
      }
      return paged(open.sql.model) as unknown as CallResponse<'workspace/model'>;
    },
    'workspace/waive': async ({ rule, table, source, reason }) => {
      const open = workspace.current();
      if (UNWAIVABLE_RULES.has(rule)) {
        throw new LupoError('doctrine/not-waivable', `Findings of ${rule} cannot be waived.`, {
          hint: 'A plan that crosses the table budget stays blocked: drop or merge tables, or raise tableBudget.',
        });
      }
      await addWaivers(open.summary.configPath, [
        { rule, reason, ...(table === undefined ? {} : { table }), ...(source === undefined ? {} : { source }) },
      ]);
      return (await reopen(workspace)).summary;
    },
    'workspace/unwaive': async ({ rule, table, source }) => {
      const open = workspace.current();
      await removeWaiver(open.summary.configPath, {
        rule,
        ...(table === undefined ? {} : { table }),
        ...(source === undefined ? {} : { source }),
      });
      return (await reopen(workspace)).summary;
    },
    'workspace/analyze': async ({ connectionId }) => {
      const { analysis, context } = await workspace.analyze(connectionId);
      return summarizeAnalysis(analysis, context);
    },
    'workspace/analyze-start': async ({ connectionId }) => {
      workspace.current(); // no workspace → a call error now, not a failed job
      if (connectionId !== undefined) deps.sessions.get(connectionId); // same for an unknown connection
      const title =
        connectionId === undefined ? 'Analyze the workspace' : 'Analyze the workspace against the live databases';
      const jobId = deps.jobs.start('analyze', title, async ({ sink, signal }) => {
        let analyzed: WorkspaceAnalysis;
        try {
          analyzed = await workspace.analyze(connectionId, { sink, signal });
        } catch (error) {
          // A server that went away is the connection's "lost", said once, not a failed analysis.
          throw deps.sessions.explainFailure?.(connectionId, error) ?? error;
        }
        const { analysis, context } = analyzed;
        sink({ type: 'progress', value: 0.97, detail: 'Summarizing' });
        // The same summary as `workspace/analyze`; the renderer validates it with analysisSummarySchema.
        return summarizeAnalysis(analysis, context);
      });
      return { jobId };
    },
  };
}

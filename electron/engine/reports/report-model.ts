import path from 'node:path';
import type { SchemaChange } from '../../../shared/schema/changes';
import { formatLocation, type Finding, type Severity } from '../../../shared/schema/findings';
import { DATABASE_ROLES, type DatabaseRole, type SchemaSource, type Table } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { BudgetStatus } from '../budget/compute-budget';
import type { PairDiff, ThreeWayDiff } from '../diff/compare-sources';
import { configureRules } from '../doctrine/runner';
import { columnTypeText, describeChange, indexColumnsText } from './describe-change';

/** The report format version; bump when a key of the JSON report changes meaning. */
export const REPORT_VERSION = 1;

/** What was loaded from one source: table counts (and, for SQL, the CREATE TABLE count). */
export interface SourceCounts {
  readonly tables: number;
  readonly perRole: Readonly<Record<DatabaseRole, number>>;
  readonly createTableStatements?: number;
}

/** A doctrine finding and the source it was found in. */
export type SourcedFinding = Finding & { readonly source?: SchemaSource | 'migration' | 'plan' };

/** One checked feature of a migration file (the Markdown shows ✅/❌ per check). */
export interface MigrationCheck {
  readonly id: string;
  readonly label: string;
  /** True when the file behaves as the doctrine wants on this point. */
  readonly ok: boolean;
  /** How many steps have the feature (or, for `no-destructive`, how many are destructive). */
  readonly count: number;
  readonly detail?: string;
}

/**
 * The migration file a sync wrote or checked, and its notable features. `file`,
 * `statements` and `features` are the original keys; the rest is filled when the report
 * read the file itself (`describeMigration`).
 */
export interface ReportMigration {
  readonly file: string;
  readonly sha256?: string;
  readonly statements: number;
  /** Execution steps (a guard group — SET/PREPARE/EXECUTE/DEALLOCATE — is one step). */
  readonly steps?: number;
  /** Steps per classification kind (create, add-column, add-index, drop, modify, data, other). */
  readonly byKind?: Readonly<Record<string, number>>;
  /** Human labels of what the file does. */
  readonly features: readonly string[];
  /** Feature checks with a pass/fail each. */
  readonly checks?: readonly MigrationCheck[];
  /** The role database the file targets (its `-- lupo-target-role:` header, else core). */
  readonly targetRole?: DatabaseRole;
}

/**
 * How applying the migration went. `not-run`: no migration/ledger was consulted;
 * `not applied`: the ledger has no batch that applied the file; the others mirror the
 * ledger's batch status (`completed`, `running`, `failed`, `rolled-back`, `abandoned`) or
 * what a caller states (`applied`, `rehearsed`).
 */
export interface ReportExecution {
  readonly status:
    | 'not-run'
    | 'not applied'
    | 'rehearsed'
    | 'applied'
    | 'completed'
    | 'running'
    | 'failed'
    | 'rolled-back'
    | 'abandoned';
  readonly batchId?: string | number;
  /** The target database of the batch. */
  readonly targetDatabase?: string;
  /** ISO 8601 UTC start/end of the batch. */
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** Steps executed and skipped (already present / resumed). */
  readonly executed?: number;
  readonly skipped?: number;
  readonly verified?: boolean;
  /** The ledger's sha256 of the file equals the file's current checksum. */
  readonly checksumMatches?: boolean;
  /** Kept for report v1 consumers: same figure as `executed`. */
  readonly statementsExecuted?: number;
  readonly detail?: string;
}

/** Everything one report is built from; all rendering formats derive from the result. */
export interface ReportInput {
  readonly config: WorkspaceConfig;
  readonly systemVersion?: string;
  readonly generatedAt: Date;
  readonly title?: string;
  readonly sources: Readonly<Partial<Record<SchemaSource, SourceCounts>>>;
  readonly threeWay: ThreeWayDiff;
  readonly doctrine: readonly SourcedFinding[];
  readonly budget: BudgetStatus;
  /**
   * The app's own ledger tables the workspace does not declare (`Analysis.appManaged`): they
   * count in the budget, so the report names them rather than leave the count unexplained.
   */
  readonly appManaged?: readonly { readonly role: DatabaseRole; readonly table: string }[];
  readonly migration?: ReportMigration;
  readonly execution?: ReportExecution;
  /** The server the live side was read from (absent: no live source). */
  readonly server?: ReportServer;
  /**
   * The workspace folder: file locations and messages under it are shown relative to it,
   * so a report reads the same on every machine and long absolute paths do not eat the width.
   */
  readonly root?: string;
}

/** The server a report compared against: where (host and port, or socket/tunnel label) and what. */
export interface ReportServer {
  /** `host:port`, `socket /path` or a tunnel's label, as the connection names it. */
  readonly endpoint: string;
  /** `SELECT VERSION()`, e.g. `11.4.5-MariaDB`. */
  readonly version: string;
  readonly user?: string;
}

/** A table one side lacks, with what the report says about it. */
export interface TableSummary {
  readonly name: string;
  readonly purpose?: string;
  readonly primaryKey: readonly string[];
  readonly fields: readonly {
    readonly name: string;
    readonly type: string;
    readonly nullable: boolean;
    readonly comment?: string;
  }[];
  readonly indexes: readonly { readonly name: string; readonly columns: string; readonly unique: boolean }[];
}

/** A table present on both sides that differs. */
export interface ChangedTable {
  readonly name: string;
  readonly changes: readonly { readonly kind: SchemaChange['kind']; readonly description: string }[];
}

/** One role database in the report. */
export interface ReportDatabase {
  readonly name: string;
  readonly presence: readonly {
    readonly name: string;
    readonly in: Readonly<Partial<Record<SchemaSource, boolean>>>;
  }[];
  readonly missingTables: readonly TableSummary[];
  readonly extraTables: readonly TableSummary[];
  readonly changedTables: readonly ChangedTable[];
  /** Drift between the other source pairs (e.g. definitions vs SQL file), as counts. */
  readonly otherPairs: readonly {
    readonly desired: SchemaSource;
    readonly actual: SchemaSource;
    readonly missing: number;
    readonly extra: number;
    readonly changed: number;
  }[];
}

/** Per-rule doctrine compliance. */
export interface RuleCompliance {
  readonly rule: string;
  readonly description: string;
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly findings: number;
  /** Of `findings`, how many a waiver in the workspace config accepts. */
  readonly waived?: number;
  readonly passed: boolean;
}

/** The one report model: Markdown, JSON, HTML and PDF all render this. */
export interface SyncReport {
  readonly reportVersion: typeof REPORT_VERSION;
  readonly title: string;
  readonly description: string;
  readonly version: string;
  readonly date: string;
  readonly status: string;
  readonly comparison?: { readonly desired: SchemaSource; readonly actual: SchemaSource };
  /** The server the live databases were read from, when they were. */
  readonly server?: ReportServer;
  readonly counts: {
    readonly sources: Readonly<Partial<Record<SchemaSource, SourceCounts>>>;
    readonly missingTables: number;
    readonly extraTables: number;
    readonly changedTables: number;
    readonly doctrine: Readonly<Record<Severity, number>>;
  };
  readonly databases: Readonly<Record<DatabaseRole, ReportDatabase>>;
  readonly orchestration: readonly { readonly name: string; readonly status: string }[];
  readonly budget: BudgetStatus['total'] & {
    readonly exceededBy: number;
    readonly perRole: BudgetStatus['perRole'];
    readonly summary: string;
    /** The ledger tables the app manages that the budget counts (present only when the workspace does not declare them). */
    readonly ledgerTables?: readonly string[];
  };
  readonly migration?: ReportMigration;
  readonly doctrine: readonly {
    readonly rule: string;
    readonly severity: Severity;
    readonly location: string;
    readonly message: string;
    readonly source?: string;
    /** The waiver's reason, when one accepts this finding. */
    readonly waived?: string;
  }[];
  readonly compliance: readonly RuleCompliance[];
  /** The workspace's waivers (rule, table, source, reason), as reviewed in git. */
  readonly waivers?: readonly {
    readonly rule: string;
    readonly table?: string;
    readonly source?: string;
    readonly reason: string;
  }[];
  readonly execution: ReportExecution;
  readonly nextSteps: readonly string[];
}

/** The pair the report's missing/extra/changed lists describe: definitions vs live, else definitions vs SQL, else SQL vs live. */
export function primaryPair(
  diff: Pick<ThreeWayDiff, 'sources'>,
): { desired: SchemaSource; actual: SchemaSource } | undefined {
  const has = (source: SchemaSource) => diff.sources.includes(source);
  if (has('definitions') && has('live')) return { desired: 'definitions', actual: 'live' };
  if (has('definitions') && has('sql')) return { desired: 'definitions', actual: 'sql' };
  if (has('sql') && has('live')) return { desired: 'sql', actual: 'live' };
  return undefined;
}

function summarize(table: Table): TableSummary {
  return {
    name: table.name,
    ...(table.options.comment ? { purpose: table.options.comment } : {}),
    primaryKey: table.primaryKey?.columns ?? [],
    fields: table.columns.map((column) => ({
      name: column.name,
      type: columnTypeText(column),
      nullable: column.nullable,
      ...(column.comment ? { comment: column.comment } : {}),
    })),
    indexes: table.indexes.map((index) => ({
      name: index.name,
      columns: indexColumnsText(index),
      unique: index.unique,
    })),
  };
}

function changedTables(changes: readonly SchemaChange[]): ChangedTable[] {
  const byTable = new Map<string, { kind: SchemaChange['kind']; description: string }[]>();
  for (const change of changes) {
    if (change.kind === 'addTable' || change.kind === 'dropTable') continue;
    const list = byTable.get(change.table) ?? [];
    list.push({ kind: change.kind, description: describeChange(change) });
    byTable.set(change.table, list);
  }
  return [...byTable.entries()].map(([name, list]) => ({ name, changes: list }));
}

function pairCounts(pair: PairDiff) {
  return {
    desired: pair.desired,
    actual: pair.actual,
    missing: pair.changes.filter((change) => change.kind === 'addTable').length,
    extra: pair.changes.filter((change) => change.kind === 'dropTable').length,
    changed: changedTables(pair.changes).length,
  };
}

const SOURCE_LABEL: Record<SchemaSource, string> = { definitions: 'definitions', sql: 'SQL file', live: 'live' };

/**
 * Quotes one shell word for copy-paste (POSIX sh): left bare when it has only safe
 * characters, else single-quoted. Next steps are commands an operator pastes into a shell.
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function nextSteps(report: Omit<SyncReport, 'nextSteps'>, config: WorkspaceConfig, root?: string): string[] {
  const steps: string[] = [];
  const shown = (file: string): string => shellWord(shortenPaths(file, root) || '.');
  const errors = report.counts.doctrine.error;
  if (report.budget.exceededBy > 0) {
    steps.push(
      `Reduce the plan by ${report.budget.exceededBy} table(s) or raise the table budget (${report.budget.max}) before applying: the plan is blocked.`,
    );
  }
  if (report.counts.missingTables > 0 && report.comparison?.actual === 'live' && !report.migration) {
    steps.push(
      `Write an idempotent migration for the ${report.counts.missingTables} missing table(s): \`lupo plan --toon ${shown(config.definitions)} --db --out ${shown(path.join(config.migrations, 'add-missing-tables.sql'))}\`.`,
    );
  }
  const unapplied = ['not-run', 'not applied', 'rehearsed'].includes(report.execution.status);
  if (report.migration && unapplied) {
    steps.push(
      `Apply \`${report.migration.file}\` with \`lupo apply ${shown(report.migration.file)} --db --rehearse\` (guarded: lock, journal, verify).`,
    );
  }
  if (report.execution.status === 'failed')
    steps.push(
      'Inspect the failed batch (`lupo status --db`), then resume or roll it back (`lupo rollback --last --db`).',
    );
  if (report.execution.checksumMatches === false)
    steps.push(
      `\`${report.migration?.file ?? 'The migration'}\` changed after batch ${report.execution.batchId} applied it: restore the applied version and put new statements in a new migration file.`,
    );
  if (report.execution.status === 'running')
    steps.push(
      'The batch is unfinished: check it with `lupo status --db`, then resume (`lupo apply --resume --db`) or roll it back.',
    );
  if ((report.execution.status === 'applied' || report.execution.status === 'completed') && !report.execution.verified)
    steps.push('Verify the applied batch: re-run `lupo diff --db` and compare with the definitions.');
  if (report.counts.changedTables > 0)
    steps.push(
      `Review ${report.counts.changedTables} changed table(s) and decide per table: migrate the database or adopt the live shape (\`lupo adopt\`).`,
    );
  if (report.counts.extraTables > 0)
    steps.push(
      `Review ${report.counts.extraTables} extra table(s): adopt them into the definitions or drop them in a reviewed migration.`,
    );
  if (errors > 0) steps.push(`Fix ${errors} doctrine error(s) listed under Doctrine compliance.`);
  for (const role of DATABASE_ROLES) {
    for (const pair of report.databases[role].otherPairs) {
      if (pair.desired === 'definitions' && pair.actual === 'sql' && pair.missing + pair.extra + pair.changed > 0) {
        steps.push(
          `Regenerate the SQL install file for ${role}: it differs from the definitions (${pair.missing} missing, ${pair.extra} extra, ${pair.changed} changed).`,
        );
      }
    }
  }
  if (steps.length === 0)
    steps.push('Nothing to do: definitions, SQL and live databases agree and the doctrine holds.');
  return steps;
}

/** Shows paths under the workspace folder relative to it (`definitions/x.toon`, not `/home/…/definitions/x.toon`). */
function shortenPaths(text: string, root: string | undefined): string {
  if (!root || root === path.sep) return text;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return text === root ? '.' : text.split(prefix).join('');
}

/**
 * Builds the single report model from an analysis (and optionally a migration and its
 * execution). Pure and deterministic for a given input (the date comes from `generatedAt`).
 */
export function buildReport(input: ReportInput): SyncReport {
  const pair = primaryPair(input.threeWay);
  const databases = {} as Record<DatabaseRole, ReportDatabase>;
  let missing = 0;
  let extra = 0;
  let changed = 0;
  for (const role of DATABASE_ROLES) {
    const comparison = input.threeWay.roles[role];
    const main = pair
      ? comparison.pairs.find((candidate) => candidate.desired === pair.desired && candidate.actual === pair.actual)
      : undefined;
    const changes = main?.changes ?? [];
    const missingTables = changes.flatMap((change) =>
      change.kind === 'addTable' ? [summarize(change.definition)] : [],
    );
    const extraTables = changes.flatMap((change) =>
      change.kind === 'dropTable' ? [summarize(change.definition)] : [],
    );
    const changedList = changedTables(changes);
    missing += missingTables.length;
    extra += extraTables.length;
    changed += changedList.length;
    databases[role] = {
      name: input.config.databases[role],
      presence: comparison.tables,
      missingTables,
      extraTables,
      changedTables: changedList,
      otherPairs: comparison.pairs.filter((candidate) => candidate !== main).map(pairCounts),
    };
  }
  const orchestration = input.threeWay.roles.orchestration.tables.map((table) => {
    const absent = input.threeWay.roles.orchestration.sources.filter((source) => !table.in[source]);
    return {
      name: table.name,
      status: absent.length === 0 ? 'present' : `missing in ${absent.map((source) => SOURCE_LABEL[source]).join(', ')}`,
    };
  });
  const doctrineCounts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  // Waived findings are listed, but do not count as failures.
  for (const finding of input.doctrine) if (!finding.waived) doctrineCounts[finding.severity] += 1;
  const compliance = configureRules(input.config).map((configured) => {
    const own = input.doctrine.filter((finding) => finding.code === configured.rule.id);
    const waived = own.filter((finding) => finding.waived).length;
    return {
      rule: configured.rule.id,
      description: configured.rule.description,
      severity: configured.severity,
      enabled: configured.enabled,
      findings: own.length,
      ...(waived > 0 ? { waived } : {}),
      passed: own.length - waived === 0,
    };
  });
  const afterRoles = DATABASE_ROLES.filter((role) => input.budget.perRole[role].afterPlan > 0);
  const ledgerTables = (input.appManaged ?? []).map((entry) => entry.table).sort();
  const ledgerNote =
    ledgerTables.length > 0
      ? `; includes ${ledgerTables.length} ledger table${ledgerTables.length === 1 ? '' : 's'} the app manages: ${ledgerTables.join(', ')}`
      : '';
  const budgetSummary = `${afterRoles.map((role) => `${input.budget.perRole[role].afterPlan} ${role}`).join(' + ') || '0'} = ${input.budget.total.afterPlan} tables, budget ${input.budget.total.max}, headroom ${input.budget.total.headroom}${ledgerNote}`;
  const execution: ReportExecution = input.execution ?? { status: 'not-run' };
  const drift = missing + extra + changed > 0;
  const status =
    execution.status !== 'not-run' && execution.status !== 'not applied'
      ? execution.status + (execution.verified ? ', verified' : '')
      : doctrineCounts.error > 0 || input.budget.exceededBy > 0
        ? 'action required'
        : drift
          ? 'drift found'
          : 'in sync';
  const version = input.systemVersion ?? input.config.systemVersion ?? 'unknown';
  const partial: Omit<SyncReport, 'nextSteps'> = {
    reportVersion: REPORT_VERSION,
    title: input.title ?? 'Schema sync report',
    description: `Comparison of ${input.threeWay.sources.map((source) => SOURCE_LABEL[source]).join(', ') || 'no sources'} for ${DATABASE_ROLES.map((role) => input.config.databases[role]).join(', ')}.`,
    version,
    date: input.generatedAt.toISOString(),
    status,
    ...(pair ? { comparison: pair } : {}),
    ...(input.server && input.threeWay.sources.includes('live') ? { server: { ...input.server } } : {}),
    counts: {
      sources: input.sources,
      missingTables: missing,
      extraTables: extra,
      changedTables: changed,
      doctrine: doctrineCounts,
    },
    databases,
    orchestration,
    budget: {
      ...input.budget.total,
      exceededBy: input.budget.exceededBy,
      perRole: input.budget.perRole,
      summary: budgetSummary,
      ...(ledgerTables.length > 0 ? { ledgerTables } : {}),
    },
    ...(input.migration ? { migration: input.migration } : {}),
    doctrine: input.doctrine.map((finding) => ({
      rule: finding.code,
      severity: finding.severity,
      location: shortenPaths(formatLocation(finding.location), input.root),
      message: shortenPaths(finding.message, input.root),
      ...(finding.source ? { source: finding.source } : {}),
      ...(finding.waived ? { waived: finding.waived.reason } : {}),
    })),
    compliance,
    ...((input.config.waivers ?? []).length > 0
      ? { waivers: input.config.waivers.map((waiver) => ({ ...waiver })) }
      : {}),
    execution,
  };
  return { ...partial, nextSteps: nextSteps(partial, input.config, input.root) };
}

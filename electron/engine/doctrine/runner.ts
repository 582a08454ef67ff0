import type { Finding, Severity } from '../../../shared/schema/findings';
import {
  DATABASE_ROLES,
  type Database,
  type DatabaseRole,
  type Location,
  type SchemaModel,
  type SchemaSource,
  type Table,
} from '../../../shared/schema/model';
import type { Waiver, WorkspaceConfig } from '../../../shared/workspace-config';
import { parseCreateTable } from '../ddl/create-table';
import { doctrineRules } from './rules';
import { maskSql, viewStatement } from './statement-view';
import { runToEnd, type Stepwise } from '../jobs/stepwise';
import type { DoctrineRule, RuleFinding, SqlStatement } from './types';

/** A rule as configured in one workspace: enabled or not, effective severity and options. */
export interface ConfiguredRule {
  readonly rule: DoctrineRule<object>;
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly options: object;
}

/** Applies `config.doctrine.<id>` (enabled, severity, options merged over the defaults) to every rule. */
export function configureRules(
  config: WorkspaceConfig,
  rules: readonly DoctrineRule<object>[] = doctrineRules,
): ConfiguredRule[] {
  return rules.map((rule) => {
    const settings = config.doctrine[rule.id];
    return {
      rule,
      enabled: settings?.enabled ?? true,
      severity: settings?.severity ?? rule.defaultSeverity,
      options: { ...rule.defaultOptions, ...(settings?.options ?? {}) },
    };
  });
}

function finding(
  configured: ConfiguredRule,
  raw: RuleFinding,
  location: Location,
  subject: { readonly table?: string; readonly role?: DatabaseRole } = {},
): Finding {
  const table = raw.table ?? subject.table ?? (location.kind === 'database' ? location.table : undefined);
  return {
    code: configured.rule.id,
    severity: configured.severity,
    message: raw.message,
    ...(raw.hint ? { hint: raw.hint } : {}),
    location,
    ...(table ? { table } : {}),
    ...(table && subject.role ? { role: subject.role } : {}),
  };
}

/** Rules whose findings no waiver covers: a plan that crosses the budget is always blocked. */
export const UNWAIVABLE_RULES: ReadonlySet<string> = new Set(['table-budget']);

/** Whether `waiver` covers a finding of `source`. */
export function waiverCovers(
  waiver: Waiver,
  finding: Pick<Finding, 'code' | 'table'>,
  source: string | undefined,
): boolean {
  if (UNWAIVABLE_RULES.has(finding.code) || waiver.rule !== finding.code) return false;
  if (waiver.source !== undefined && waiver.source !== source) return false;
  return waiver.table === undefined || waiver.table.toLowerCase() === finding.table?.toLowerCase();
}

/**
 * Marks the findings the workspace's waivers cover (`waived: { reason }`). They stay in
 * every list and report, marked, but no longer count as failures (lint exit code, plan block).
 */
export function applyWaivers<F extends Finding & { readonly source?: string }>(
  findings: readonly F[],
  waivers: readonly Waiver[],
): F[] {
  if (waivers.length === 0) return [...findings];
  return findings.map((candidate) => {
    const waiver = waivers.find((entry) => waiverCovers(entry, candidate, candidate.source));
    return waiver ? { ...candidate, waived: { reason: waiver.reason } } : candidate;
  });
}

function modelLocation(raw: RuleFinding, database: Database, source: SchemaSource, table?: Table): Location {
  if (raw.location) return raw.location;
  const tableName = raw.table ?? table?.name;
  const live: Location = {
    kind: 'database',
    database: database.name,
    ...(tableName ? { table: tableName } : {}),
    ...(raw.column ? { column: raw.column } : {}),
  };
  if (source === 'live') return live;
  const owner = table ?? database.tables.find((candidate) => candidate.name === tableName);
  const column = raw.column ? owner?.columns.find((candidate) => candidate.name === raw.column) : undefined;
  return column?.source ?? owner?.source ?? live;
}

/** Table checks run between two turns of the event loop (~10 ms of rules at 10,000 tables). */
const TABLE_CHECKS_PER_STEP = 2_000;

/**
 * Runs every enabled rule's model checks (per table, per database, whole model) on one
 * source's model. Locations: file:line from Column.source/Table.source for definitions
 * and SQL, database.table.column for live. Severity comes from the config override or the
 * rule's default. Findings are sorted by rule order, then as found.
 */
export function lintModel(
  model: SchemaModel,
  config: WorkspaceConfig,
  source: SchemaSource,
  rules?: readonly DoctrineRule<object>[],
): Finding[] {
  return runToEnd(lintModelSteps(model, config, source, rules));
}

/**
 * {@link lintModel} as steps: it yields every {@link TABLE_CHECKS_PER_STEP} table checks,
 * so the app's engine answers other calls while 10,000 tables are checked (one loop was
 * a ~170 ms stall).
 */
export function* lintModelSteps(
  model: SchemaModel,
  config: WorkspaceConfig,
  source: SchemaSource,
  rules?: readonly DoctrineRule<object>[],
): Stepwise<Finding[]> {
  const findings: Finding[] = [];
  let checksSinceYield = 0;
  for (const configured of configureRules(config, rules)) {
    if (!configured.enabled) continue;
    const { check } = configured.rule;
    const options = configured.options;
    if (check.model) {
      const all: Location = {
        kind: 'database',
        database: DATABASE_ROLES.map((role) => model.databases[role].name).join('+'),
      };
      for (const raw of check.model(model, { options, config }))
        findings.push(finding(configured, raw, raw.location ?? all));
    }
    for (const role of DATABASE_ROLES) {
      const database = model.databases[role];
      const context = { options, config, role, database, model };
      if (check.database) {
        for (const raw of check.database(database, context))
          findings.push(finding(configured, raw, modelLocation(raw, database, source), { role }));
      }
      if (!check.table) continue;
      const tables = database.tables;
      // Index loops: this is the analysis's hottest loop (rules × tables).
      for (let index = 0; index < tables.length; index++) {
        const table = tables[index]!;
        const raws = check.table(table, context);
        for (let at = 0; at < raws.length; at++) {
          const raw = raws[at]!;
          findings.push(
            finding(configured, raw, modelLocation(raw, database, source, table), { table: table.name, role }),
          );
        }
        if (++checksSinceYield >= TABLE_CHECKS_PER_STEP) {
          checksSinceYield = 0;
          yield;
        }
      }
    }
  }
  return findings;
}

/** The table a `CREATE TABLE` statement declares, or undefined (not a CREATE TABLE, or unparsable: the SQL reader reports those). */
function declaredTable(statement: SqlStatement, upper: string, file: string): Table | undefined {
  if (
    !/^\s*CREATE\s+(TEMPORARY\s+)?TABLE\b/.test(upper) ||
    /\bLIKE\b|\bSELECT\b/.test(upper.slice(0, upper.indexOf('(') + 1 || undefined))
  )
    return undefined;
  try {
    return parseCreateTable(maskSql(statement.sql, true).masked, {
      kind: 'file',
      file,
      line: statement.line,
      column: statement.column,
    });
  } catch {
    return undefined;
  }
}

/**
 * Runs every enabled rule's statement checks on the statements of one SQL/migration file,
 * and — for rules that only check tables (primary-key naming, soft delete, audit
 * timestamps) — their table checks on each table a `CREATE TABLE` declares. Each finding
 * points at `file:line` of the statement (or of the column line inside it).
 */
export function lintStatements(
  statements: readonly SqlStatement[],
  file: string,
  config: WorkspaceConfig,
  rules?: readonly DoctrineRule<object>[],
): Finding[] {
  const enabled = configureRules(config, rules).filter((configured) => configured.enabled);
  const statementRules = enabled.filter((configured) => configured.rule.check.statement);
  const tableOnlyRules = enabled.filter(
    (configured) => configured.rule.check.table && !configured.rule.check.statement,
  );
  const findings: Finding[] = [];
  for (const statement of statements) {
    const view = viewStatement(statement);
    const at = (offset: number): Location => ({
      kind: 'file',
      file,
      line: statement.line + offset,
      ...(offset === 0 ? { column: statement.column } : {}),
    });
    for (const configured of statementRules) {
      for (const raw of configured.rule.check.statement!(view, { options: configured.options, config })) {
        findings.push(finding(configured, raw, raw.location ?? at(raw.lineOffset ?? view.firstTokenOffset)));
      }
    }
    const table = tableOnlyRules.length > 0 ? declaredTable(statement, view.upper, file) : undefined;
    if (!table) continue;
    const database: Database = { role: 'core', name: '', tables: [table], views: [], forbiddenObjects: [] };
    const model: SchemaModel = {
      databases: {
        core: database,
        orchestration: { ...database, role: 'orchestration', tables: [] },
        ephemeral: { ...database, role: 'ephemeral', tables: [] },
      },
    };
    for (const configured of tableOnlyRules) {
      for (const raw of configured.rule.check.table!(table, {
        options: configured.options,
        config,
        role: 'core',
        database,
        model,
      })) {
        findings.push(finding(configured, raw, raw.location ?? at(view.firstTokenOffset), { table: table.name }));
      }
    }
  }
  return findings.sort((a, b) =>
    a.location.kind === 'file' && b.location.kind === 'file' ? a.location.line - b.location.line : 0,
  );
}

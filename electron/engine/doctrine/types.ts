import type { Database, DatabaseRole, Location, SchemaModel, Table } from '../../../shared/schema/model';
import type { Severity } from '../../../shared/schema/findings';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { StatementView } from './statement-view';

/** One SQL statement as the splitter yields it (text, 1-based start line/column, delimiter). */
export type { SqlStatement } from '../sqlfile';

/**
 * What a rule reports: the message (saying how to fix it), an optional hint, and what it
 * points at. The runner turns `table`/`column` (model checks) or `lineOffset` (statement
 * checks, lines after the statement's first line) into a Location and adds the severity.
 */
export interface RuleFinding {
  readonly message: string;
  readonly hint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly lineOffset?: number;
  /** An exact location the rule already knows (e.g. a forbidden object's source). */
  readonly location?: Location;
}

/** What every check receives besides its subject. */
export interface RuleContext<O> {
  readonly options: O;
  readonly config: WorkspaceConfig;
}

/** Context of a per-table or per-database check. */
export interface ModelRuleContext<O> extends RuleContext<O> {
  readonly role: DatabaseRole;
  readonly database: Database;
  readonly model: SchemaModel;
}

/** The checks a rule may provide; a rule implements the ones that make sense for it. */
export interface RuleChecks<O> {
  /** Runs once per table of every role database. */
  readonly table?: (table: Table, context: ModelRuleContext<O>) => readonly RuleFinding[];
  /** Runs once per role database (forbidden objects, counts). */
  readonly database?: (database: Database, context: ModelRuleContext<O>) => readonly RuleFinding[];
  /** Runs once per whole model (cross-database checks such as the total table budget). */
  readonly model?: (model: SchemaModel, context: RuleContext<O>) => readonly RuleFinding[];
  /** Runs once per statement of a migration/SQL file. */
  readonly statement?: (statement: StatementView, context: RuleContext<O>) => readonly RuleFinding[];
}

/**
 * A doctrine rule (Skeema-style small named unit): a stable id, a default severity, a
 * description, default options (overridable per workspace in `doctrine.<id>.options`), and
 * checks that only return findings — severity, enablement and location are the runner's job.
 */
export interface DoctrineRule<O extends object = Record<string, unknown>> {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly defaultOptions: O;
  readonly check: RuleChecks<O>;
}

/** Helper that keeps a rule's option type while erasing it for the registry list. */
export function defineRule<O extends object>(rule: DoctrineRule<O>): DoctrineRule<O> {
  return rule;
}

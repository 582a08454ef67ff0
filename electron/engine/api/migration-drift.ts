import type { SchemaChange } from '../../../shared/schema/changes';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type { Session } from '../connection/session';
import { loadDefinitions } from '../definitions/index';
import { mirrorAppManagedTables, withoutLedgerRewrites } from '../analysis/app-managed-tables';
import { compareSources, findPair } from '../diff/compare-sources';
import { withoutUnknownTables } from '../analysis/unknown-tables';
import { badDefinitionNotes, refuseAmbiguousPlan } from '../analysis/ambiguous-tables';
import { introspectSession } from '../introspect/index';
import { migrationChecksum } from '../migrations/checksum';
import { parseDependencyHeaders, type MigrationFile } from '../migrations/migration-folder';
import { ymdhis } from '../orchestrator/ymdhis';
import { appVersion } from '../app-version';
import { planMigration, renderMigrationFile } from '../planner/index';

/** A migration generated from the drift of one role (definitions → live). */
export interface DriftMigration {
  /** `V<ymdhis>__drift_<role>.sql`. */
  readonly fileName: string;
  /** The file (its `path` is the bare name until the caller places it). Empty content = no drift. */
  readonly file: MigrationFile;
  readonly content: string;
  /** Changes the generator did not turn into statements, and why. */
  readonly notes: readonly string[];
}

/** Input of a drift source. */
export interface DriftInput {
  readonly pool: Session;
  readonly databases: Readonly<Record<DatabaseRole, string>>;
  readonly workspace: { readonly root: string; readonly config: WorkspaceConfig };
  readonly role: DatabaseRole;
}

/** Turns the drift of one role into a migration file; the engine planner behind an interface. */
export interface DriftSource {
  generate(input: DriftInput): Promise<DriftMigration>;
}

/**
 * Renders the changes as an idempotent migration through the engine planner
 * (planMigration + renderMigrationFile): tables created `IF NOT EXISTS`, columns and
 * indexes added and safe modifications made behind information_schema guards. Destructive
 * changes are never generated here: they are named in `notes`, never silently dropped —
 * the operator writes those with `lupo plan --allow-destructive`. The file is
 * doctrine-checked against `config` (a violation throws `planner/doctrine-violation`).
 */
export function renderDriftMigration(
  role: DatabaseRole,
  database: string,
  changes: readonly SchemaChange[],
  stamp = ymdhis(),
  config?: WorkspaceConfig,
): { content: string; notes: string[] } {
  const plan = planMigration(changes, {
    allowDestructive: false,
    generatedAt: dateOfYmdhis(stamp),
    version: appVersion(),
    source: `drift: definitions → ${database} (${role})`,
    target: { role, database },
  });
  const notes = plan.skipped.map((skipped) => `Not generated (write it by hand): ${skipped.reason}`);
  if (plan.statements.length === 0) return { content: '', notes };
  return {
    content: renderMigrationFile(plan, { ...(config ? { config } : {}), fileName: `drift_${role}.sql` }),
    notes,
  };
}

function dateOfYmdhis(stamp: number): Date {
  const s = String(stamp);
  const date = new Date(
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z`,
  );
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

/** The default drift source: definitions from disk, the live schema, the engine diff, the SQL renderer. */
export function createDriftSource(): DriftSource {
  return {
    async generate({ pool, databases, workspace, role }) {
      const definitions = await loadDefinitions(workspace.config.definitions, workspace.config);
      // A table whose definition failed to load is unknown: never planned (no DROP of "extra" tables).
      const live = withoutUnknownTables(await introspectSession(pool, databases), definitions.failed);
      const diff = compareSources({ definitions: mirrorAppManagedTables(definitions.model, live), live });
      const guarded = withoutLedgerRewrites(findPair(diff, role, 'definitions', 'live')?.changes ?? []);
      const changes = guarded.changes;
      // Same rule as `lupo plan`: refused only when it would touch a table a bad file declares.
      refuseAmbiguousPlan(role, changes, live.databases[role], definitions);
      const stamp = ymdhis();
      const rendered = renderDriftMigration(role, databases[role], changes, stamp, workspace.config);
      const { content } = rendered;
      const notes = [...rendered.notes, ...badDefinitionNotes(role, definitions)];
      const fileName = `V${stamp}__drift_${role}.sql`;
      return {
        fileName,
        content,
        notes: [...guarded.leftOut, ...notes],
        file: {
          name: fileName,
          path: fileName,
          content,
          sha256: migrationChecksum(content),
          dependsOn: parseDependencyHeaders(content),
        },
      };
    },
  };
}

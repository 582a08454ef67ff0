import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel } from '../../../shared/schema/model';
import { appVersion } from '../../engine/app-version';
import { mirrorAppManagedTables, withoutLedgerRewrites } from '../../engine/analysis/app-managed-tables';
import { diffDatabase } from '../../engine/diff/index';
import { planMigration, renderMigrationFile, renderRollbackFile, type MigrationPlan } from '../../engine/planner/index';
import { action, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type RegisterCommand } from '../runtime';
import { reportInputProblems } from '../workspace-analysis';
import { addSourceOptions, loadCliSources, type SourceFlags } from '../workspace-sources';

/** Flags of `lupo plan`. */
interface PlanFlags extends SourceFlags {
  readonly out?: string;
  readonly allowDestructive?: boolean;
  readonly role?: string;
  readonly down?: boolean;
}

/** What `lupo plan` did for one role (the `--json` shape). */
interface PlannedFile {
  readonly role: DatabaseRole;
  readonly database: string;
  readonly path?: string;
  readonly downPath?: string;
  readonly statements: number;
  readonly destructive: number;
  readonly skipped: readonly string[];
}

/** Writes through a temp file and a rename, so a reader never sees half a migration. */
async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new LupoError('plan/write-failed', `Could not write ${file}: ${(error as Error).message}`, {
      hint: 'Check that the folder exists and is writable.',
    });
  }
}

function parseRole(role: string | undefined): DatabaseRole | undefined {
  if (role === undefined) return undefined;
  if ((DATABASE_ROLES as readonly string[]).includes(role)) return role as DatabaseRole;
  throw new LupoError('cli/bad-role', `Unknown role "${role}".`, { hint: 'Use core, orchestration or ephemeral.' });
}

/** `FILE.sql` for one planned role, `FILE.<role>.sql` beside it when several roles have changes. */
function outputPath(out: string, role: DatabaseRole, several: boolean): string {
  if (!several) return out;
  const ext = path.extname(out) || '.sql';
  return path.join(path.dirname(out), `${path.basename(out, path.extname(out))}.${role}${ext}`);
}

function plansFor(definitions: SchemaModel, live: SchemaModel, flags: PlanFlags, source: string): MigrationPlan[] {
  const only = parseRole(flags.role);
  const generatedAt = new Date();
  return (only ? [only] : DATABASE_ROLES).flatMap((role) => {
    const actual = live.databases[role];
    // The ledger is never dropped or rebuilt by a plan (only created when missing).
    const { changes } = withoutLedgerRewrites(
      diffDatabase(actual, mirrorAppManagedTables(definitions, live).databases[role]),
    );
    if (changes.length === 0) return [];
    return [
      planMigration(changes, {
        allowDestructive: Boolean(flags.allowDestructive),
        generatedAt,
        version: appVersion(),
        source,
        target: { role, database: actual.name },
      }),
    ];
  });
}

/**
 * `lupo plan --toon DIR --db --out FILE.sql [--allow-destructive] [--role R] [--down]`:
 * diffs the live role databases against the definitions and writes one idempotent,
 * doctrine-checked migration per role database that has changes (FILE.sql when one role
 * has changes or --role is given, else FILE.<role>.sql beside it). Exit 0 when files were
 * written or there is no drift, 1 when there is drift but every change needs
 * --allow-destructive (nothing written), 2 on input/connection errors or a doctrine refusal.
 */
export const registerPlan: RegisterCommand = (program, io, setExit) => {
  addSourceOptions(
    program
      .command('plan')
      .description(
        'Write an idempotent migration (live → definitions), one file per role database with changes. ' +
          'With several roles changed, FILE.sql becomes FILE.<role>.sql per role (or pick one with --role). ' +
          'Destructive changes (drops, narrowing, index/primary-key replacement, charset conversion) are listed ' +
          'and left out unless --allow-destructive. Exit 0: written or no drift; 1: drift but nothing could be ' +
          'planned without --allow-destructive; 2: input, connection or doctrine errors.',
      )
      .requiredOption('--out <file>', 'migration file to write (FILE.<role>.sql per role when several roles changed)')
      .option('--allow-destructive', 'also generate destructive statements (marked -- DESTRUCTIVE:)')
      .option('--role <role>', 'plan only this role: core, orchestration or ephemeral')
      .option('--down', 'also write the rollback file FILE.down.sql (inverse statements, reverse order)'),
  ).action(
    action(io, setExit, async (flags: PlanFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      if (!flags.db) {
        throw new LupoError(
          'cli/plan-needs-db',
          'lupo plan compares the definitions with the live databases: pass --db.',
          {
            hint: 'lupo plan --toon DIR --db --url mysql://user@host:port --out FILE.sql',
          },
        );
      }
      parseRole(flags.role);
      const sources = await loadCliSources({ ...flags, sql: undefined }, command, io, {
        definitions: true,
        sql: false,
      });
      if (reportInputProblems(sources.findings, io)) return EXIT_ERROR;
      if (!sources.definitions || !sources.live) {
        throw new LupoError('cli/plan-needs-definitions', 'No definitions were loaded.', {
          hint: 'Pass --toon DIR or set "definitions" in lupo.config.',
        });
      }
      const out = path.resolve(io.cwd, flags.out!);
      const source = `definitions ${path.relative(io.cwd, sources.loaded.config.definitions) || '.'}${flags.toon ? ` (--toon ${flags.toon})` : ''} vs live`;
      const plans = plansFor(sources.definitions, sources.live, flags, source);
      const writable = plans.filter((plan) => plan.statements.length > 0);
      const several = writable.length > 1;
      const files: PlannedFile[] = [];
      // Render (and doctrine-check) everything before writing anything.
      const rendered = plans.map((plan) => {
        const file = outputPath(out, plan.role, several);
        const content =
          plan.statements.length > 0
            ? renderMigrationFile(plan, { config: sources.loaded.config, fileName: path.relative(io.cwd, file) })
            : undefined;
        return { plan, file, content };
      });
      for (const { plan, file, content } of rendered) {
        let downPath: string | undefined;
        if (content !== undefined) {
          await writeAtomically(file, content);
          if (flags.down) {
            downPath = file.replace(/(\.sql)?$/i, '.down.sql');
            await writeAtomically(downPath, renderRollbackFile(plan));
          }
        }
        files.push({
          role: plan.role,
          database: plan.database,
          ...(content !== undefined ? { path: file } : {}),
          ...(downPath ? { downPath } : {}),
          statements: plan.statements.length,
          destructive: plan.statements.filter((s) => s.destructive).length,
          skipped: plan.skipped.map((s) => s.reason),
        });
      }
      if (json) {
        io.stdout(JSON.stringify({ files }, null, 2) + '\n');
      } else {
        if (files.length === 0) io.stdout('No drift: the live databases match the definitions; nothing written.\n');
        for (const file of files) {
          io.stdout(
            file.path
              ? `${file.role} (${file.database}): wrote ${path.relative(io.cwd, file.path)} — ${file.statements} statement(s)${file.destructive ? `, ${file.destructive} destructive` : ''}\n`
              : `${file.role} (${file.database}): nothing written — every change needs --allow-destructive\n`,
          );
          if (file.downPath) io.stdout(`  rollback: ${path.relative(io.cwd, file.downPath)}\n`);
          for (const reason of file.skipped) io.stdout(`  skipped: ${reason}\n`);
        }
      }
      return plans.length > 0 && writable.length === 0 ? EXIT_FINDINGS : EXIT_OK;
    }),
  );
};

import { access, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { LupoError } from '../../../shared/errors';
import { DATABASE_ROLES, type DatabaseRole, type SchemaModel } from '../../../shared/schema/model';
import { appVersion } from '../../engine/app-version';
import { mirrorAppManagedTables, withoutLedgerRewrites } from '../../engine/analysis/app-managed-tables';
import { badDefinitionNotes, refuseAmbiguousPlan, type BadDefinitions } from '../../engine/analysis/ambiguous-tables';
import { withoutUnknownTables } from '../../engine/analysis/unknown-tables';
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
  readonly force?: boolean;
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
  /** Tables of bad definition files this role's plan left alone. */
  readonly notPlanned: readonly string[];
}

/**
 * Writes through a temp file, so a reader never sees half a migration. Without `overwrite`
 * the file is created with a hard link, which fails if it exists (no check-then-write race).
 */
async function writeAtomically(file: string, content: string, overwrite: boolean): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, content, 'utf8');
    if (overwrite) await rename(temp, file);
    else await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(file);
    throw new LupoError('plan/write-failed', `Could not write ${file}: ${(error as Error).message}`, {
      hint: 'Check that the folder exists and is writable.',
    });
  } finally {
    await rm(temp, { force: true });
  }
}

/** An existing migration is never replaced silently: it may be applied already (its checksum is in the ledger). */
function fileExists(file: string): LupoError {
  return new LupoError('plan/file-exists', `${file} already exists; nothing written.`, {
    hint:
      'A migration file may already be applied (the ledger keeps its checksum, and an edited applied file is refused): ' +
      'write a new file with another --out name, or pass --force to replace it.',
    details: { file },
  });
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

/**
 * One plan per role with changes. A table whose definition file is broken is unknown (left
 * out of the live side, so never "extra"); a plan that would touch a table a bad file
 * declares is refused (plan/ambiguous-table), any other plan goes ahead.
 */
function plansFor(
  definitions: SchemaModel,
  live: SchemaModel,
  flags: PlanFlags,
  source: string,
  bad: BadDefinitions,
): MigrationPlan[] {
  const only = parseRole(flags.role);
  const generatedAt = new Date();
  const known = withoutUnknownTables(live, bad.failed);
  const desired = mirrorAppManagedTables(definitions, known);
  return (only ? [only] : DATABASE_ROLES).flatMap((role) => {
    const actual = known.databases[role];
    // The ledger is never dropped or rebuilt by a plan (only created when missing).
    const { changes } = withoutLedgerRewrites(diffDatabase(actual, desired.databases[role]));
    refuseAmbiguousPlan(role, changes, actual, bad, { drops: Boolean(flags.allowDestructive) });
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
 * --allow-destructive (nothing written), 2 on input/connection errors, a doctrine refusal,
 * or an output file that exists already (replaced only with --force: it may be applied).
 * Bad definition files: what loaded is planned and written (exit 2 still), unless the plan
 * would touch a table a bad file declares (analysis/ambiguous-tables.ts: refused, nothing written).
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
          'planned without --allow-destructive; 2: input, connection or doctrine errors (bad definition files: ' +
          'the rest is still planned and written, unless the plan would touch a table a bad file declares).',
      )
      .requiredOption('--out <file>', 'migration file to write (FILE.<role>.sql per role when several roles changed)')
      .option('--allow-destructive', 'also generate destructive statements (marked -- DESTRUCTIVE:)')
      .option('--role <role>', 'plan only this role: core, orchestration or ephemeral')
      .option('--down', 'also write the rollback file FILE.down.sql (inverse statements, reverse order)')
      .option('--force', 'replace FILE.sql (and FILE.down.sql) when they exist; without it plan refuses (exit 2)'),
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
      // Bad definition files are listed (exit 2 at the end) but plan what loaded.
      const badInput = reportInputProblems(sources.findings, io);
      const bad: BadDefinitions = {
        failed: sources.failedDefinitions ?? [],
        duplicates: sources.duplicateDefinitions ?? [],
      };
      if (!sources.definitions || !sources.live) {
        throw new LupoError('cli/plan-needs-definitions', 'No definitions were loaded.', {
          hint: 'Pass --toon DIR or set "definitions" in lupo.config.',
        });
      }
      const out = path.resolve(io.cwd, flags.out!);
      const source = `definitions ${path.relative(io.cwd, sources.loaded.config.definitions) || '.'}${flags.toon ? ` (--toon ${flags.toon})` : ''} vs live`;
      const plans = plansFor(sources.definitions, sources.live, flags, source, bad);
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
      const downOf = (file: string): string => file.replace(/(\.sql)?$/i, '.down.sql');
      // Refuse before writing anything: one existing target leaves every file as it was.
      const overwrite = Boolean(flags.force);
      if (!overwrite) {
        for (const { file, content } of rendered) {
          if (content === undefined) continue;
          for (const target of flags.down ? [file, downOf(file)] : [file]) {
            if (
              await access(target).then(
                () => true,
                () => false,
              )
            )
              throw fileExists(target);
          }
        }
      }
      for (const { plan, file, content } of rendered) {
        let downPath: string | undefined;
        if (content !== undefined) {
          await writeAtomically(file, content, overwrite);
          if (flags.down) {
            downPath = downOf(file);
            await writeAtomically(downPath, renderRollbackFile(plan), overwrite);
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
          notPlanned: badDefinitionNotes(plan.role, bad),
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
          for (const note of file.notPlanned) io.stdout(`  ${note}\n`);
        }
      }
      if (badInput) {
        // Written, but CI must still fail while a definition file is bad (as diff and lint do).
        io.stderr(
          'lupo: planned what loaded; the tables of the bad files above were left alone (exit 2 until fixed)\n',
        );
        return EXIT_ERROR;
      }
      return plans.length > 0 && writable.length === 0 ? EXIT_FINDINGS : EXIT_OK;
    }),
  );
};

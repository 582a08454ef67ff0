import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Pool } from 'mysql2/promise';
import type { HandlersFor } from '../../../shared/contract/server';
import {
  applyResultSchema,
  rehearsalResultSchema,
  type ApplyResultView,
  type RehearsalResultView,
} from '../../../shared/contract/migration';
import { LupoError } from '../../../shared/errors';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { OpenConnection } from '../connection/session-registry';
import type { JobRunner } from '../jobs/job-runner';
import { readMigrationFolder, type MigrationFile } from '../migrations/migration-folder';
import { checkConfirmation, executeApply } from '../orchestrator/apply-execute';
import { declaredTargetRole, planApply } from '../orchestrator/apply-plan';
import { validateApply } from '../orchestrator/apply-validate';
import { inspectUnfinished } from '../orchestrator/inspect-unfinished';
import { Ledger } from '../orchestrator/ledger';
import { convertLegacyLedger } from '../orchestrator/ledger-convert';
import { ledgerRefusal } from '../orchestrator/ledger-shape';
import { rehearse } from '../orchestrator/rehearse';
import { resumeApply } from '../orchestrator/resume';
import {
  ExpiringMap,
  fileOutcome,
  planProgressSink,
  planView,
  requireWritable,
  type MigrationWorkspace,
  type PlanPart,
  type StoredPlan,
} from './migration-plans';
import {
  acknowledgeAlert,
  ledgerPresent,
  ledgerShapeForHistory,
  readHistoryBatch,
  readHistoryBatches,
} from './migration-history';
import { createDriftSource, type DriftSource } from './migration-drift';
import { createRollbackHandlers, type RollbackCallName } from './migration-rollback';
import { budgetFromCounts, describeBudget, readRoleTableCounts, targetDatabaseBudget } from '../budget/index';
import { detectTopology } from '../topology/detect-topology';
import { galeraPlanAdvice, galeraPlanWarnings } from '../topology/galera-plan-advice';
import type { OsuMethod } from '../orchestrator/rolling-schema-upgrade';

export type { MigrationWorkspace } from './migration-plans';

/** What the migration handlers need from the host. */
export interface MigrationHandlerDeps {
  readonly jobs: JobRunner;
  /** Open connections by id: the pool and the role → database names. */
  readonly sessions: { get(connectionId: string): OpenConnection };
  /** The open workspace, or undefined when none is open. */
  readonly workspace: () => MigrationWorkspace | undefined;
  /** How drift becomes a migration file (default: the engine planner over definitions vs live). */
  readonly drift?: DriftSource;
  /** How long a plan or preview stays usable (default 2 h). */
  readonly planTtlMs?: number;
}

/** The calls these handlers answer. */
export type MigrationCallName =
  | 'migration/files'
  | 'migration/plan'
  | 'migration/validate'
  | 'migration/rehearse'
  | 'migration/apply'
  | 'migration/resume'
  | 'migration/unfinished'
  | 'history/batches'
  | 'history/batch'
  | 'history/acknowledge-alert'
  | 'history/convert-ledger'
  | RollbackCallName;

function requireWorkspace(deps: MigrationHandlerDeps): MigrationWorkspace {
  const workspace = deps.workspace();
  if (!workspace) {
    throw new LupoError('workspace/not-open', 'No workspace is open.', {
      hint: 'Open a workspace folder (or the demo workspace) first.',
    });
  }
  return workspace;
}

/**
 * Handlers of the guarded apply, rollback and history calls (DESIGN §4). They only
 * orchestrate engine functions: planning, validation, rehearsal, execution, resume and
 * rollback are the orchestrator's; the plan is kept here by id, so the SQL that runs is
 * exactly the SQL the operator reviewed (files are re-read and re-planned at apply time
 * only to refresh predictions; a changed checksum is refused).
 */
export function createMigrationHandlers(deps: MigrationHandlerDeps): HandlersFor<MigrationCallName> {
  const plans = new ExpiringMap<StoredPlan>(deps.planTtlMs ?? 2 * 3600_000);
  const drift = deps.drift ?? createDriftSource();

  const requirePlan = (planId: string): StoredPlan => {
    const plan = plans.get(planId);
    if (!plan) {
      throw new LupoError(
        'migration/plan-expired',
        'This plan is no longer available (it expired or the app restarted).',
        {
          hint: 'Plan the migration again.',
        },
      );
    }
    return plan;
  };

  const validatePlan = async (pool: Pool, stored: StoredPlan, allowDestructive: boolean, osuMethod: OsuMethod) => {
    const appliedInRun = new Set<string>();
    const results = [];
    const topology = await detectTopology(pool);
    for (const part of stored.parts) {
      const validation = await validateApply(pool, part.plan, {
        config: stored.workspace.config,
        allowDestructive,
        appliedInRun,
        osuMethod,
        topology,
      });
      results.push({ part, validation });
      appliedInRun.add(part.file.name);
    }
    const galeraWarnings = await galeraPlanWarnings(
      pool,
      topology,
      stored.targetDatabase,
      stored.parts.map((part) => ({ name: part.file.name, steps: part.plan.steps })),
      osuMethod,
    );
    return { results, topology, galeraWarnings };
  };

  return {
    'migration/files': async () => {
      const workspace = requireWorkspace(deps);
      const files = await readMigrationFolder(workspace.config.migrations).catch((error: unknown) => {
        if (error instanceof LupoError && error.code === 'migrations/no-folder') return [];
        throw error;
      });
      return {
        folder: workspace.config.migrations,
        files: files.map((file) => {
          const role = declaredTargetRole(file.content);
          return {
            name: file.name,
            sha256: file.sha256,
            dependsOn: file.dependsOn.map((d) => ({ file: d.file, type: d.type })),
            hasDown: file.downPath !== undefined,
            ...(role ? { role } : {}),
          };
        }),
      };
    },

    'migration/plan': async ({ connectionId, source }) => {
      const workspace = requireWorkspace(deps);
      const open = deps.sessions.get(connectionId);
      const pool = open.session.pool;
      const ledgerDatabase = open.databases.orchestration;
      const relative = (file: MigrationFile, absolute: string): MigrationFile => ({
        ...file,
        path: path.relative(workspace.root, absolute) || file.name,
      });
      const notes: string[] = [];
      let role: DatabaseRole;
      let files: { file: MigrationFile; absolutePath: string; generated: boolean }[];
      if (source.kind === 'files') {
        const folder = await readMigrationFolder(workspace.config.migrations);
        const missing = source.files.filter((name) => !folder.some((f) => f.name === name));
        if (missing.length > 0) {
          throw new LupoError(
            'migration/unknown-file',
            `Not in the migrations folder ${workspace.config.migrations}: ${missing.join(', ')}.`,
            {
              hint: 'Reload the list of migration files and pick again.',
            },
          );
        }
        const chosen = folder.filter((f) => source.files.includes(f.name));
        const roles = new Set(chosen.map((f) => declaredTargetRole(f.content) ?? source.role ?? 'core'));
        if (roles.size > 1) {
          throw new LupoError(
            'migration/mixed-targets',
            `The chosen files target different databases (${[...roles].join(', ')}).`,
            {
              hint: 'Plan the files of one target role at a time.',
            },
          );
        }
        role = [...roles][0] ?? 'core';
        files = chosen.map((file) => ({ file: relative(file, file.path), absolutePath: file.path, generated: false }));
      } else {
        role = source.role;
        const generated = await drift.generate({ pool: open.session, databases: open.databases, workspace, role });
        notes.push(...generated.notes);
        if (!generated.content) {
          throw new LupoError(
            'migration/no-drift',
            `No drift to migrate: the ${role} database ${open.databases[role]} matches the definitions.`,
            {
              hint: 'Nothing to apply. Analyze again after editing the definitions.',
            },
          );
        }
        const absolutePath = path.join(workspace.config.migrations, generated.fileName);
        const file: MigrationFile = { ...generated.file, path: absolutePath };
        files = [{ file: relative(file, absolutePath), absolutePath, generated: true }];
      }
      const targetDatabase = open.databases[role];
      // The budget is the whole system's (every role database), not the target database's.
      const counts = await readRoleTableCounts(pool, open.databases);
      const budget = targetDatabaseBudget(budgetFromCounts(counts, {}, workspace.config), role);
      const parts: PlanPart[] = [];
      for (const entry of files) {
        parts.push({
          ...entry,
          plan: await planApply(pool, { file: entry.file, targetDatabase, ledgerDatabase, budget }),
        });
      }
      if (parts.length > 1)
        notes.push('Predictions of later files are made against today’s live schema, before the earlier files run.');
      // Galera (issue 15): the TOI warnings the CLI prints, and whether the plan may run as RSU.
      const galera = await galeraPlanAdvice(
        pool,
        await detectTopology(pool),
        targetDatabase,
        parts.map((part) => ({ name: part.file.name, steps: part.plan.steps })),
      );
      const stored = plans.add((planId) => ({
        planId,
        connectionId,
        workspace,
        role,
        targetDatabase,
        ledgerDatabase,
        parts,
        createdMs: Date.now(),
        budget: budgetFromCounts(
          counts,
          { [role]: parts.reduce((n, part) => n + part.plan.tables.after - part.plan.tables.before, 0) },
          workspace.config,
        ),
        ...(galera ? { galera } : {}),
      }));
      return planView(stored, source.kind, notes);
    },

    'migration/validate': async ({ planId, allowDestructive, osuMethod }) => {
      const stored = requirePlan(planId);
      const pool = deps.sessions.get(stored.connectionId).session.pool;
      const { results, topology, galeraWarnings } = await validatePlan(pool, stored, allowDestructive, osuMethod);
      // The budget check is the system's (the same computation as the overview, lint and
      // reports): today's tables of every role database plus the plan's delta.
      const open = deps.sessions.get(stored.connectionId);
      const counts = await readRoleTableCounts(pool, open.databases);
      const delta = stored.parts.reduce((n, part) => n + part.plan.tables.after - part.plan.tables.before, 0);
      const budget = budgetFromCounts(counts, { [stored.role]: delta }, stored.workspace.config);
      const budgetCheck = {
        file: stored.parts.map((part) => part.file.name).join(', '),
        id: 'budget',
        passed: budget.exceededBy === 0,
        message:
          budget.exceededBy === 0
            ? describeBudget(budget)
            : `${describeBudget(budget)} The plan crosses the table budget by ${budget.exceededBy}: it is blocked. Drop or merge tables, or raise tableBudget in the workspace config.`,
      };
      return {
        ok: results.every((r) => r.validation.checks.every((c) => c.passed || c.id === 'budget')) && budgetCheck.passed,
        alreadyApplied: results.every((r) => r.validation.alreadyApplied),
        checks: [
          ...results.flatMap((r) =>
            r.validation.checks
              .filter((c) => c.id !== 'budget')
              .map((c) => ({ file: r.part.file.name, id: c.id, passed: c.passed, message: c.message })),
          ),
          budgetCheck,
        ],
        findings: results.flatMap((r) =>
          r.validation.findings.map((f) => ({
            code: f.code,
            severity: f.severity,
            message: f.message,
            ...(f.hint === undefined ? {} : { hint: f.hint }),
            location: { ...f.location },
          })),
        ),
        ...(topology.kind === 'galera' ? { galeraWarnings } : {}),
      };
    },

    'migration/rehearse': async ({ planId }) => {
      const stored = requirePlan(planId);
      const pool = deps.sessions.get(stored.connectionId).session.pool;
      const jobId = deps.jobs.start(
        'rehearse',
        `Rehearse on a sandbox copy of ${stored.targetDatabase}`,
        async ({ sink, signal }) => {
          const files: RehearsalResultView['files'] = [];
          for (const [i, part] of stored.parts.entries()) {
            const result = await rehearse(pool, part.plan, {
              sink: planProgressSink(sink, i, stored.parts.length, part.file.name),
              signal,
            });
            files.push({
              file: part.file.name,
              ok: result.ok,
              tablesCopied: result.tablesCopied,
              executed: result.executed,
              elapsedMs: result.elapsedMs,
              ...(result.verification
                ? {
                    verification: {
                      ok: result.verification.ok,
                      checked: result.verification.checked,
                      mismatches: [...result.verification.mismatches],
                    },
                  }
                : {}),
              ...(result.error ? { error: { ...result.error } } : {}),
            });
            if (!result.ok) break;
          }
          return rehearsalResultSchema.parse({
            ok: files.length === stored.parts.length && files.every((f) => f.ok),
            files,
          });
        },
      );
      return { jobId };
    },

    'migration/apply': async ({ planId, confirmation, osuMethod }) => {
      const stored = requirePlan(planId);
      const open = deps.sessions.get(stored.connectionId);
      requireWritable(open, 'applying a migration');
      const destructive = stored.parts.reduce((n, p) => n + p.plan.counts.destructive, 0);
      // Refuse a wrong confirmation at once, as a call error, before any job starts.
      checkConfirmation(stored.targetDatabase, destructive, confirmation);
      const pool = open.session.pool;
      // The target database's share of the system budget, so the orchestrator's check blocks
      // exactly when the whole system would cross it.
      const targetBudget = targetDatabaseBudget(
        budgetFromCounts(await readRoleTableCounts(pool, open.databases), {}, stored.workspace.config),
        stored.role,
      );
      const jobId = deps.jobs.start('apply', `Apply to ${stored.targetDatabase}`, async ({ sink, signal }) => {
        const outcomes: ApplyResultView['files'] = [];
        const appliedInRun = new Set<string>();
        for (const [i, part] of stored.parts.entries()) {
          if (part.generated) {
            await mkdir(path.dirname(part.absolutePath), { recursive: true });
            await writeFile(part.absolutePath, part.file.content, { flag: 'wx' }).catch(
              async (error: NodeJS.ErrnoException) => {
                if (error.code !== 'EEXIST') throw error;
              },
            );
          }
          // Fresh predictions (the live schema may have moved since planning); same file, same SQL.
          const plan = await planApply(pool, {
            file: part.file,
            targetDatabase: stored.targetDatabase,
            ledgerDatabase: stored.ledgerDatabase,
            budget: targetBudget,
          });
          const validation = await validateApply(pool, plan, {
            config: stored.workspace.config,
            allowDestructive: confirmation.allowDestructive,
            appliedInRun,
            osuMethod,
          });
          const outcome = validation.alreadyApplied
            ? ({ status: 'noop', executed: 0, skipped: plan.steps.length, elapsedMs: 0 } as const)
            : await executeApply(pool, {
                plan,
                validation,
                confirmation,
                sink: planProgressSink(sink, i, stored.parts.length, part.file.name),
                signal,
                osuMethod,
              });
          outcomes.push(fileOutcome(part.file.name, outcome));
          appliedInRun.add(part.file.name);
        }
        sink({ type: 'progress', value: 1, detail: 'Verified' });
        return applyResultSchema.parse({ targetDatabase: stored.targetDatabase, files: outcomes });
      });
      return { jobId };
    },

    'migration/resume': async ({ connectionId, batchId, typedDatabase, inFlight, allowDataLoss }) => {
      const open = deps.sessions.get(connectionId);
      requireWritable(open, 'resuming a migration');
      const pool = open.session.pool;
      const ledgerDatabase = open.databases.orchestration;
      if (!(await ledgerPresent(pool, ledgerDatabase))) {
        throw new LupoError('resume/nothing-to-resume', `There is no migration ledger in ${ledgerDatabase}.`, {
          hint: 'Nothing was ever applied through Lupo on this server.',
        });
      }
      const batch = await (await Ledger.open(pool, ledgerDatabase)).batch(batchId);
      if (!batch)
        throw new LupoError('resume/nothing-to-resume', `Batch ${batchId} is not in the ledger.`, {
          hint: 'Reload the history.',
        });
      checkConfirmation(batch.targetDatabase, 0, { typedDatabase });
      const backupDir = deps.workspace()?.config.backups;
      const jobId = deps.jobs.start(
        'resume',
        `Resume batch ${batchId} on ${batch.targetDatabase}`,
        async ({ sink, signal }) => {
          const files = await (await Ledger.open(pool, ledgerDatabase)).batchFiles(batchId);
          const name = files[0]?.name ?? `batch ${batchId}`;
          const outcome = await resumeApply(pool, {
            targetDatabase: batch.targetDatabase,
            ledgerDatabase,
            batchId,
            inFlight,
            // A resumed rollback backs up rows it finds before dropping them, as a rollback does.
            allowDataLoss,
            ...(backupDir === undefined ? {} : { backupDir }),
            sink: planProgressSink(sink, 0, 1, name),
            signal,
          });
          return applyResultSchema.parse({ targetDatabase: batch.targetDatabase, files: [fileOutcome(name, outcome)] });
        },
      );
      return { jobId };
    },

    'migration/unfinished': async ({ connectionId }) => {
      const open = deps.sessions.get(connectionId);
      const ledgerDatabase = open.databases.orchestration;
      const runs = await inspectUnfinished(open.session.pool, ledgerDatabase);
      return {
        ledgerDatabase,
        runs: runs.map((run) => ({
          batch: { ...run.batch, runner: { ...run.batch.runner } },
          files: run.files.map((f) => ({ ...f })),
          lockHeld: run.lockHeld,
          counts: { ...run.counts },
          ...(run.inFlight
            ? {
                inFlight: {
                  index: run.inFlight.index,
                  line: run.inFlight.line,
                  summary: run.inFlight.summary,
                  effect: run.inFlight.effect,
                  ...(run.inFlight.rsu
                    ? { rsu: { nodes: [...run.inFlight.rsu.nodes], done: [...run.inFlight.rsu.done] } }
                    : {}),
                },
              }
            : {}),
          ...(run.failed ? { failed: { ...run.failed } } : {}),
        })),
      };
    },

    'history/batches': async ({ connectionId, limit }) => {
      const open = deps.sessions.get(connectionId);
      const ledgerDatabase = open.databases.orchestration;
      const shape = await ledgerShapeForHistory(open.session.pool, ledgerDatabase);
      // A 0.1 ledger is listed read-only (LEDGER §5d.9) beside its refusal and the "Convert ledger" action.
      const present = shape.verdict === 'lupopedia' || shape.verdict === 'lupo-admin-0.1';
      const refusal = ledgerRefusal(shape);
      return {
        ledgerDatabase,
        ledgerPresent: present,
        batches: present ? await readHistoryBatches(open.session.pool, ledgerDatabase, limit) : [],
        ledgerFormat: shape.verdict,
        ...(refusal ? { ledgerMessage: `${refusal.message}\n${refusal.hint ?? ''}`.trim() } : {}),
      };
    },

    'history/batch': async ({ connectionId, batchId, batchKey }) => {
      const open = deps.sessions.get(connectionId);
      return readHistoryBatch(open.session.pool, open.databases.orchestration, batchId, batchKey);
    },

    'history/convert-ledger': async ({ connectionId, confirm }) => {
      const open = deps.sessions.get(connectionId);
      requireWritable(open, 'converting the ledger');
      const result = await convertLegacyLedger(open.session.pool, open.databases.orchestration, confirm);
      return { converted: result.converted, batches: result.batches, renamed: [...result.renamed] };
    },

    'history/acknowledge-alert': async ({ connectionId, alertId }) => {
      const open = deps.sessions.get(connectionId);
      requireWritable(open, 'acknowledging an alert');
      return { acknowledged: await acknowledgeAlert(open.session.pool, open.databases.orchestration, alertId) };
    },

    ...createRollbackHandlers({
      jobs: deps.jobs,
      sessions: deps.sessions,
      workspace: () => requireWorkspace(deps),
      ttlMs: deps.planTtlMs ?? 2 * 3600_000,
    }),
  };
}

import { z } from 'zod';
import { DATABASE_ROLES } from '../schema/model';
import { defineCall } from './define';
import { findingSchema } from './workspace';

/**
 * The guarded apply / rollback / history domain (DESIGN §4) as the desktop app sees it.
 * Plans and rollback previews live in the engine, keyed by an id: the renderer only ever
 * names a plan, so it cannot inject SQL to run. Long steps (rehearse, apply, resume,
 * rollback) are jobs: the call returns `{ jobId }`, and `job/finished.result` has the
 * shape of the matching `*ResultSchema` below (consumers validate it with that schema).
 */

const roleSchema = z.enum(DATABASE_ROLES);
const count = z.number().int().nonnegative();
/** A ledger timestamp: BIGINT UTC `YYYYMMDDHHMMSS`, 0 when unset. */
const ymdhis = z.number().int().nonnegative();
const connectionRequest = { connectionId: z.string().min(1).max(200) };
const id = z.string().min(1).max(200);
const batchId = z.number().int().positive();

/** What a statement does (mirrors the orchestrator's StatementKind). */
export const statementKindSchema = z.enum(['create', 'add-column', 'add-index', 'drop', 'modify', 'data', 'other']);
/** One statement kind. */
export type StatementKindView = z.output<typeof statementKindSchema>;

/** One execution step of a plan (a statement, or a guard group run as one). */
export const planStatementSchema = z.object({
  /** The file the step comes from (a plan may hold several files). */
  file: z.string(),
  /** 0-based position within its file. */
  index: count,
  /** 1-based line in its file. */
  line: z.number().int().positive(),
  kind: statementKindSchema,
  destructive: z.boolean(),
  locking: z.boolean(),
  idempotent: z.boolean(),
  /** `create table \`x\``, `add column \`t\`.\`c\``… */
  summary: z.string(),
  sql: z.string(),
  /** Predicted from the live schema: a change, already present (`noop`), or not detectable. */
  expected: z.enum(['change', 'noop', 'unknown']),
});
/** One plan statement. */
export type PlanStatement = z.output<typeof planStatementSchema>;

/** A file of a plan, with its text (shown read-only). */
export const planFileSchema = z.object({
  name: z.string(),
  /** Path relative to the workspace folder (what the ledger records). */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  dependsOn: z.array(z.object({ file: z.string(), type: z.enum(['required', 'optional']) })),
  /** A hand-written `X.down.sql` exists beside the file. */
  hasDown: z.boolean(),
  /** True when the file was generated from drift and is written to the migrations folder on apply. */
  generated: z.boolean(),
  content: z.string(),
});
/** One file of a plan. */
export type PlanFile = z.output<typeof planFileSchema>;

/** Galera's online schema upgrade method for a batch: Total Order Isolation (default) or Rolling Schema Upgrade. */
export const osuMethodSchema = z.enum(['toi', 'rsu']);
/** One OSU method. */
export type OsuMethodView = z.output<typeof osuMethodSchema>;

/** A warning about how a plan behaves on a Galera cluster (the engine's galeraDdlWarnings, as the CLI prints them). */
export const galeraWarningSchema = z.object({
  id: z.string(),
  file: z.string(),
  line: z.number().int().positive().optional(),
  message: z.string(),
});
/** One Galera warning. */
export type GaleraWarningView = z.output<typeof galeraWarningSchema>;

/** What a plan means on a Galera cluster (absent on any other server). */
export const galeraPlanSchema = z.object({
  /** The target as `describeTopology` says it: "Galera node2 · Synced · 3 nodes (Primary) · TOI". */
  cluster: z.string(),
  /** The warnings under TOI (the default method). */
  warnings: z.array(galeraWarningSchema),
  /** Whether the plan may run as a Rolling Schema Upgrade, and if not, why (statements named). */
  rsu: z.object({ allowed: z.boolean(), reason: z.string().optional(), rolling: count, once: count }),
});
/** A plan's Galera facts. */
export type GaleraPlanView = z.output<typeof galeraPlanSchema>;

/** Step 1 of a guarded apply: what would run where, and what it would change. */
export const migrationPlanSchema = z.object({
  planId: id,
  source: z.enum(['drift', 'files']),
  role: roleSchema,
  targetDatabase: z.string(),
  ledgerDatabase: z.string(),
  files: z.array(planFileSchema),
  statements: z.array(planStatementSchema),
  counts: z.object({
    statements: count,
    steps: count,
    destructive: count,
    locking: count,
    changes: count,
    noops: count,
    unknown: count,
    byKind: z.record(statementKindSchema, count),
  }),
  /** Table counts of the whole system (every role database), before and (predicted) after, against the table budget. */
  tables: z.object({ before: count, after: count, budget: z.number().int().positive(), headroom: z.number().int() }),
  /** Human notes: changes the generator could not express, files already applied… */
  notes: z.array(z.string()),
  /** On a Galera node: TOI warnings and whether RSU is possible (issue 15). */
  galera: galeraPlanSchema.optional(),
});
/** A plan as the wizard shows it. */
export type MigrationPlanView = z.output<typeof migrationPlanSchema>;

/** One check of step 2 (validate). */
export const validationCheckSchema = z.object({
  file: z.string(),
  id: z.string(),
  passed: z.boolean(),
  message: z.string(),
});
/** One validation check. */
export type ValidationCheckView = z.output<typeof validationCheckSchema>;

/** What validation found over every file of the plan. */
export const validationResultSchema = z.object({
  ok: z.boolean(),
  /** Every file was already applied with the same checksum: applying is a no-op. */
  alreadyApplied: z.boolean(),
  checks: z.array(validationCheckSchema),
  findings: z.array(findingSchema),
  /** On a Galera node: the warnings for the chosen method (cluster-wide stall, big-table rebuilds). */
  galeraWarnings: z.array(galeraWarningSchema).optional(),
});
/** A validation result. */
export type ValidationResultView = z.output<typeof validationResultSchema>;

const verificationSchema = z.object({ ok: z.boolean(), checked: count, mismatches: z.array(z.string()) });

/** `job/finished.result` of `migration/rehearse`. */
export const rehearsalResultSchema = z.object({
  ok: z.boolean(),
  files: z.array(
    z.object({
      file: z.string(),
      ok: z.boolean(),
      tablesCopied: count,
      executed: count,
      elapsedMs: count,
      verification: verificationSchema.optional(),
      error: z.object({ code: z.string(), message: z.string(), line: z.number().int().optional() }).optional(),
    }),
  ),
});
/** A rehearsal outcome. */
export type RehearsalResultView = z.output<typeof rehearsalResultSchema>;

/** What one file's apply (or a resume) did. */
export const fileOutcomeSchema = z.object({
  file: z.string(),
  status: z.enum(['completed', 'noop']),
  batchId: batchId.optional(),
  executed: count,
  skipped: count,
  elapsedMs: count,
  verification: verificationSchema.optional(),
});

/** `job/finished.result` of `migration/apply` and `migration/resume`. */
export const applyResultSchema = z.object({
  targetDatabase: z.string(),
  files: z.array(fileOutcomeSchema),
});
/** An apply outcome. */
export type ApplyResultView = z.output<typeof applyResultSchema>;

/** A ledger row id: 0 for rows Lupopedia's PHP (or a hand) wrote without one (LEDGER §5d.6). */
const rowId = z.number().int().nonnegative();

/** Where a ledger row came from: Lupo Admin (`properties.lupo_admin`), Lupopedia (or anyone else), a 0.1 ledger. */
export const ledgerOriginSchema = z.enum(['lupo-admin', 'lupopedia', 'lupo-admin-0.1']);

/** A ledger batch (one run). */
export const batchSummarySchema = z.object({
  batchId: rowId,
  batchKey: z.string(),
  status: z.enum(['pending', 'running', 'completed', 'failed', 'rolled_back', 'abandoned', 'unknown']),
  kind: z.enum(['apply', 'rollback', 'rehearsal', 'external']),
  /** '' when unknown (rows not written by Lupo Admin). */
  targetDatabase: z.string(),
  startedYmdhis: ymdhis,
  endedYmdhis: ymdhis,
  runner: z.object({ user: z.string(), host: z.string() }),
  /** `batch_name`. */
  name: z.string().optional(),
  origin: ledgerOriginSchema.optional(),
  epochFrom: ymdhis.optional(),
  epochTo: ymdhis.optional(),
  createdYmdhis: ymdhis.optional(),
});
/** One batch summary. */
export type BatchSummaryView = z.output<typeof batchSummarySchema>;

/** A batch in the history timeline. */
export const historyBatchSchema = batchSummarySchema.extend({
  filesTotal: count,
  filesCompleted: count,
  filesFailed: count,
  /** Alerts not acknowledged yet. */
  openAlerts: count,
});
/** One history entry. */
export type HistoryBatchView = z.output<typeof historyBatchSchema>;

/** A file row of a batch. */
export const historyFileSchema = z.object({
  fileId: rowId,
  path: z.string(),
  name: z.string(),
  sha256: z.string(),
  status: z.string(),
  order: count,
  statementsTotal: count,
  statementsApplied: count,
  startedYmdhis: ymdhis,
  endedYmdhis: ymdhis,
  durationMs: count.optional(),
  errorCode: z.number().int().optional(),
  errorMessage: z.string().optional(),
  retries: count,
  /** Lupopedia's detailed state name (`properties.state_id`: idle … failed). */
  stateName: z.string().optional(),
  /** The batch the row points at (for files without a batch). */
  batchId: rowId.optional(),
});
/** One file of a batch. */
export type HistoryFileView = z.output<typeof historyFileSchema>;

/** A validation-log row. */
export const historyValidationSchema = z.object({
  fileId: rowId.optional(),
  phase: z.string(),
  check: z.string(),
  result: z.string(),
  details: z.string(),
  checkedYmdhis: ymdhis,
});
/** One validation-log row. */
export type HistoryValidationView = z.output<typeof historyValidationSchema>;

/** An alert raised by a run. */
export const historyAlertSchema = z.object({
  alertId: rowId,
  batchId: rowId.optional(),
  level: z.enum(['info', 'warning', 'error', 'critical']),
  /** `alert_title`. */
  title: z.string().optional(),
  code: z.string(),
  message: z.string(),
  acknowledged: z.boolean(),
  acknowledgedBy: z.string().optional(),
  acknowledgedYmdhis: ymdhis.optional(),
  createdYmdhis: ymdhis,
});
/** One alert. */
export type HistoryAlertView = z.output<typeof historyAlertSchema>;

/** A rollback-log row (this batch rolled back, or this batch being a rollback). */
export const historyRollbackSchema = z.object({
  rollbackLogId: rowId,
  batchId: rowId,
  rollbackBatchId: rowId.optional(),
  /** Where the down statements came from (authored, generated, partial, manual). */
  classification: z.string(),
  /** Lupopedia's rollback class A-D. */
  rollbackClass: z.enum(['A', 'B', 'C', 'D']).optional(),
  reason: z.string(),
  status: z.string(),
  dataLoss: z.boolean(),
  backupPath: z.string().optional(),
  /** Backups a resumed rollback took of rows found after the first (one per resume that found any). */
  resumeBackupPaths: z.array(z.string()).optional(),
  startedYmdhis: ymdhis,
  endedYmdhis: ymdhis,
});
/** One rollback-log row. */
export type HistoryRollbackView = z.output<typeof historyRollbackSchema>;

/** Everything the history screen shows about one batch. */
export const historyBatchDetailSchema = z.object({
  batch: historyBatchSchema,
  files: z.array(historyFileSchema),
  validations: z.array(historyValidationSchema),
  alerts: z.array(historyAlertSchema),
  rollbacks: z.array(historyRollbackSchema),
});
/** A batch's detail. */
export type HistoryBatchDetailView = z.output<typeof historyBatchDetailSchema>;

/** An unfinished batch (running-but-crashed or failed), for the resume / roll back choice. */
export const unfinishedRunSchema = z.object({
  batch: batchSummarySchema,
  files: z.array(
    z.object({
      fileId: batchId,
      path: z.string(),
      name: z.string(),
      sha256: z.string(),
      status: z.string(),
      statementsTotal: count,
    }),
  ),
  /** A runner holds the target's lock right now: it is running, not crashed. */
  lockHeld: z.boolean(),
  counts: z.object({ total: count, done: count, pending: count, running: count, failed: count, skipped: count }),
  inFlight: z
    .object({
      index: count,
      line: count,
      summary: z.string(),
      effect: z.enum(['present', 'absent', 'partial', 'unknown']),
      /** An RSU batch (Galera): the nodes the step was planned for and those that ran it. */
      rsu: z.object({ nodes: z.array(z.string()), done: z.array(z.string()) }).optional(),
    })
    .optional(),
  failed: z
    .object({ index: count, line: count, summary: z.string(), errorCode: z.string(), errorMessage: z.string() })
    .optional(),
});
/** One unfinished run. */
export type UnfinishedRunView = z.output<typeof unfinishedRunSchema>;

/** What a rollback would do, before it runs (DESIGN §4 step 8). */
export const rollbackPreviewSchema = z.object({
  previewId: id,
  batchId,
  targetDatabase: z.string(),
  ledgerDatabase: z.string(),
  /** `authored`: from the file's `.down.sql`; `generated`: inverses of the applied statements. */
  classification: z.enum(['authored', 'generated', 'partial', 'manual']),
  statements: z.array(planStatementSchema),
  /** Tables/columns the rollback drops that hold rows. */
  dataLoss: z.array(z.object({ table: z.string(), column: z.string().optional(), rows: count })),
  /** Where the backup of what is dropped will be written. */
  backupDir: z.string(),
  /** Statements of the batch that have no inverse, and other things to know. */
  warnings: z.array(z.string()),
});
/** A rollback preview. */
export type RollbackPreviewView = z.output<typeof rollbackPreviewSchema>;

/** `job/finished.result` of `migration/rollback`. */
export const rollbackResultSchema = z.object({
  rolledBackBatchId: batchId,
  rollbackBatchId: batchId.optional(),
  targetDatabase: z.string(),
  executed: count,
  elapsedMs: count,
  backupPath: z.string().optional(),
  verification: verificationSchema.optional(),
});
/** A rollback outcome. */
export type RollbackResultView = z.output<typeof rollbackResultSchema>;

/** One file of the workspace's migrations folder. */
export const migrationFolderFileSchema = z.object({
  name: z.string(),
  sha256: z.string(),
  dependsOn: z.array(z.object({ file: z.string(), type: z.enum(['required', 'optional']) })),
  hasDown: z.boolean(),
  /** The role a `-- lupo-target-role:` header declares. */
  role: roleSchema.optional(),
});
/** One file of the migrations folder. */
export type MigrationFolderFile = z.output<typeof migrationFolderFileSchema>;

const jobStarted = z.object({ jobId: z.string() });
const confirmationSchema = z
  .object({
    /** The operator typed the target database name. */
    typedDatabase: z.string().max(200),
    /** Second confirmation for destructive statements (apply) or data loss (rollback). */
    allowDestructive: z.boolean().default(false),
  })
  .strict();

/** Calls of the migration and history domain. */
export const migrationCalls = {
  'migration/files': defineCall(
    'List the migration files of the open workspace (natural order, dependencies first).',
    z.object({}).strict(),
    z.object({ folder: z.string(), files: z.array(migrationFolderFileSchema) }),
  ),
  'migration/plan': defineCall(
    'Plan a guarded apply: from drift (definitions vs live, one role) or from migration files; kept in the engine by plan id.',
    z
      .object({
        ...connectionRequest,
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('drift'), role: roleSchema }).strict(),
          z
            .object({
              kind: z.literal('files'),
              files: z.array(z.string().min(1).max(255)).min(1).max(500),
              /** Target role when the files declare none (default core). */
              role: roleSchema.optional(),
            })
            .strict(),
        ]),
      })
      .strict(),
    migrationPlanSchema,
  ),
  'migration/validate': defineCall(
    'Validate a plan: system state, checksums, dependencies, doctrine, destructive statements, budget, lock, unfinished batches.',
    z
      .object({ planId: id, allowDestructive: z.boolean().default(false), osuMethod: osuMethodSchema.default('toi') })
      .strict(),
    validationResultSchema,
  ),
  'migration/rehearse': defineCall(
    'Rehearse a plan on a disposable local server holding a copy of the target schema (job; result: rehearsalResultSchema).',
    z.object({ planId: id }).strict(),
    jobStarted,
  ),
  'migration/apply': defineCall(
    'Apply a plan under the target lock, journaled, statement by statement (job; result: applyResultSchema).',
    z.object({ planId: id, confirmation: confirmationSchema, osuMethod: osuMethodSchema.default('toi') }).strict(),
    jobStarted,
  ),
  'migration/resume': defineCall(
    'Resume an unfinished batch: never re-runs a statement whose effect is present (job; result: applyResultSchema).',
    z
      .object({
        ...connectionRequest,
        batchId,
        typedDatabase: z.string().max(200),
        inFlight: z.enum(['refuse', 'rerun', 'done']).default('refuse'),
        /** A rollback batch: drop tables/columns still to drop even when rows arrived (backed up first). */
        allowDataLoss: z.boolean().default(false),
      })
      .strict(),
    jobStarted,
  ),
  'migration/unfinished': defineCall(
    'Unfinished batches (crashed or failed) with what took effect, for the resume / roll back choice.',
    z.object(connectionRequest).strict(),
    z.object({ ledgerDatabase: z.string(), runs: z.array(unfinishedRunSchema) }),
  ),
  'migration/rollback-preview': defineCall(
    'Preview rolling back a batch: inverse statements, data that would be lost, backup location; kept by preview id.',
    z.object({ ...connectionRequest, batchId }).strict(),
    rollbackPreviewSchema,
  ),
  'migration/rollback': defineCall(
    'Roll back a previewed batch under the lock, with a backup of what it drops (job; result: rollbackResultSchema).',
    z.object({ previewId: id, confirmation: confirmationSchema, reason: z.string().max(1000).default('') }).strict(),
    jobStarted,
  ),
  'history/batches': defineCall(
    'The ledger’s batches, newest first.',
    z.object({ ...connectionRequest, limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.object({
      ledgerDatabase: z.string(),
      ledgerPresent: z.boolean(),
      batches: z.array(historyBatchSchema),
      /** The ledger's shape (LEDGER §5a): empty, lupopedia, lupo-admin-0.1 (convertible), unknown… */
      ledgerFormat: z.string().optional(),
      /** Why the history cannot be read or written as is, and what to do. */
      ledgerMessage: z.string().optional(),
    }),
  ),
  'history/batch': defineCall(
    'One batch: files (checksum, timings, errors), validation log, alerts, rollbacks.',
    z
      .object({
        ...connectionRequest,
        batchId: rowId,
        /** The entry's batchKey: identifies rows without a usable id (`lupopedia:<id>:<created>`, `lupopedia:unbatched`). */
        batchKey: z.string().max(200).optional(),
      })
      .strict(),
    historyBatchDetailSchema,
  ),
  'history/convert-ledger': defineCall(
    'Convert a Lupo Admin 0.1 ledger into Lupopedia’s 8 tables (keeps the old tables renamed *_lupo01).',
    z.object({ ...connectionRequest, confirm: z.literal(true) }).strict(),
    z.object({ converted: z.boolean(), batches: count, renamed: z.array(z.string()) }),
  ),
  'history/acknowledge-alert': defineCall(
    'Acknowledge an alert in the ledger (records who and when).',
    z.object({ ...connectionRequest, alertId: batchId }).strict(),
    z.object({ acknowledged: z.boolean() }),
  ),
} as const;

import { z } from 'zod';
import { DATABASE_ROLES } from '../schema/model';
import { defineCall } from './define';
import { locationSchema, modelPageRequestSchema, schemaModelSchema } from './schema-model';

/** A finding as it crosses the boundary (mirrors shared/schema/findings.ts Finding). */
export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  hint: z.string().optional(),
  location: locationSchema,
  /** Where it was found: definitions, SQL file(s), live databases, a migration file, or the plan (budget). */
  source: z.enum(['definitions', 'sql', 'live', 'migration', 'plan']).optional(),
  /** The role database and table it is about, when it is about one table. */
  role: z.enum(DATABASE_ROLES).optional(),
  table: z.string().optional(),
  /** Set when a waiver in the workspace config covers it: listed, but not counted as a failure. */
  waived: z.object({ reason: z.string() }).optional(),
});
/** One finding. */
export type FindingView = z.output<typeof findingSchema>;

/** A count per database role. */
export const roleCountsSchema = z.object({
  core: z.number().int().nonnegative(),
  orchestration: z.number().int().nonnegative(),
  ephemeral: z.number().int().nonnegative(),
});
/** Table counts per role. */
export type RoleCounts = z.output<typeof roleCountsSchema>;

const roleSchema = z.enum(DATABASE_ROLES);

/** What `workspace/open` returns: enough for the overview without the full models. */
export const workspaceSummarySchema = z.object({
  /** Folder of the workspace (the config file's folder). */
  root: z.string(),
  /** The config file, absent when defaults were used. */
  configPath: z.string().optional(),
  /** True when this is the demo workspace that ships with the app. */
  isDemo: z.boolean(),
  config: z.object({
    definitions: z.string(),
    migrations: z.string(),
    sqlFiles: z.array(z.string()),
    databases: z.object({ core: z.string(), orchestration: z.string(), ephemeral: z.string() }),
    tableBudget: z.object({
      total: z.number().int().positive(),
      perRole: z.object({
        core: z.number().int().positive().optional(),
        orchestration: z.number().int().positive().optional(),
        ephemeral: z.number().int().positive().optional(),
      }),
    }),
    systemVersion: z.string().optional(),
    /** Accepted doctrine findings with their reasons (the config's `waivers`). */
    waivers: z
      .array(
        z.object({
          rule: z.string(),
          table: z.string().optional(),
          source: z.enum(['definitions', 'sql', 'live', 'migration', 'plan']).optional(),
          reason: z.string(),
        }),
      )
      .optional(),
  }),
  /** Tables per role in each file source; `sql` is absent when no SQL file is configured. */
  counts: z.object({ definitions: roleCountsSchema, sql: roleCountsSchema.optional() }),
  /** Problems found while loading definitions, SQL files and the config. */
  findings: z.array(findingSchema),
});
/** The summary of an opened workspace. */
export type WorkspaceSummary = z.output<typeof workspaceSummarySchema>;

/** Where a table stands across the three sources. */
export const driftStatusSchema = z.enum(['same', 'missing', 'extra', 'different', 'unknown']);
/** One drift status. */
export type DriftStatus = z.output<typeof driftStatusSchema>;

/** One table in the drift list. */
export const driftTableSchema = z.object({
  role: roleSchema,
  table: z.string(),
  /**
   * Compared with the definitions: `missing` = defined but absent from the compared source,
   * `extra` = present but not defined, `different` = both with differences.
   */
  status: driftStatusSchema,
  inDefinitions: z.boolean(),
  inSql: z.boolean().optional(),
  inLive: z.boolean().optional(),
  /** Short human lines, e.g. `column actor_id: bigint → int`. */
  differences: z.array(z.string()),
});
/** One table of the drift list. */
export type DriftTable = z.output<typeof driftTableSchema>;

/** Findings of one doctrine rule. */
export const ruleSummarySchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  count: z.number().int().nonnegative(),
  /** Of `count`, how many a waiver covers. */
  waived: z.number().int().nonnegative().optional(),
  /** What the rule asks for: the fix of each of its findings. */
  description: z.string().optional(),
});

/** Budget status (§1: current, after the plan, maximum, headroom). */
export const budgetSchema = z.object({
  current: z.number().int().nonnegative(),
  afterPlan: z.number().int().nonnegative(),
  max: z.number().int().positive(),
  headroom: z.number().int(),
  perRole: roleCountsSchema,
});
/** The budget status. */
export type BudgetView = z.output<typeof budgetSchema>;

/** What `workspace/analyze` returns. */
export const analysisSummarySchema = z.object({
  /** Tables per role per source; `live` only with a connection. */
  counts: z.object({
    definitions: roleCountsSchema,
    sql: roleCountsSchema.optional(),
    live: roleCountsSchema.optional(),
  }),
  drift: z.object({
    /** Which source the definitions were compared with: live when connected, else the SQL files. */
    comparedWith: z.enum(['live', 'sql', 'none']),
    counts: z.object({
      same: z.number().int().nonnegative(),
      missing: z.number().int().nonnegative(),
      extra: z.number().int().nonnegative(),
      different: z.number().int().nonnegative(),
      /** Tables whose definition file failed to load: not compared, not planned. */
      unknown: z.number().int().nonnegative().optional(),
    }),
    tables: z.array(driftTableSchema),
  }),
  doctrine: z.object({
    byRule: z.array(ruleSummarySchema),
    findings: z.array(findingSchema),
  }),
  budget: budgetSchema,
  /**
   * What this analysis was computed on, so a screen never shows it for another workspace,
   * server or database: the workspace folder, the connection and the role databases read
   * (and whether those names came from the workspace or the connection's own override).
   */
  context: z
    .object({
      workspaceRoot: z.string(),
      databases: z.object({ core: z.string(), orchestration: z.string(), ephemeral: z.string() }),
      databasesFrom: z.enum(['workspace', 'connection']),
      connection: z
        .object({
          connectionId: z.string(),
          endpoint: z.string(),
          serverVersion: z.string(),
          readOnly: z.boolean(),
          /** Non-system databases this login can see (0: it has no privilege on any). */
          visibleDatabases: z.number().int().nonnegative(),
          roles: z.array(
            z.object({
              role: roleSchema,
              name: z.string(),
              exists: z.boolean(),
              tableCount: z.number().int().nonnegative(),
            }),
          ),
        })
        .optional(),
    })
    .optional(),
});
/** The analysis summary. */
export type AnalysisSummary = z.output<typeof analysisSummarySchema>;

/** Calls of the workspace domain. */
export const workspaceCalls = {
  'workspace/open': defineCall(
    'Load a workspace (config, definitions, SQL files); the bundled demo workspace when no path is given.',
    z.object({ path: z.string().min(1).max(4096).optional() }).strict(),
    workspaceSummarySchema,
  ),
  'workspace/model': defineCall(
    'The open workspace as one source sees it: its definitions or its SQL files, as a schema model.',
    z.object({ source: z.enum(['definitions', 'sql']), page: modelPageRequestSchema.optional() }).strict(),
    schemaModelSchema,
    { responseCheckedBy: 'client' },
  ),
  'workspace/analyze': defineCall(
    'Compare the open workspace with its SQL files and, given a connection, the live databases.',
    z.object({ connectionId: z.string().optional() }).strict(),
    analysisSummarySchema,
  ),
  'workspace/waive': defineCall(
    'Accept doctrine findings: add a waiver (rule, optional table and source, reason) to the workspace config file.',
    z
      .object({
        rule: z.string().trim().min(1).max(100),
        table: z.string().trim().min(1).max(200).optional(),
        source: z.enum(['definitions', 'sql', 'live', 'migration', 'plan']).optional(),
        reason: z.string().trim().min(1).max(1000),
      })
      .strict(),
    workspaceSummarySchema,
  ),
  'workspace/unwaive': defineCall(
    'Remove a waiver (same rule, table and source) from the workspace config file.',
    z
      .object({
        rule: z.string().trim().min(1).max(100),
        table: z.string().trim().min(1).max(200).optional(),
        source: z.enum(['definitions', 'sql', 'live', 'migration', 'plan']).optional(),
      })
      .strict(),
    workspaceSummarySchema,
  ),
  'workspace/analyze-start': defineCall(
    'Analyze the open workspace as a job (progress per phase, cancellable between phases); result: analysisSummarySchema.',
    z.object({ connectionId: z.string().optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
} as const;

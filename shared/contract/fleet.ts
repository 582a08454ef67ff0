import { z } from 'zod';
import { defineCall, defineEvent } from './define';

const databaseName = z.string().min(1).max(64);

const fleetTargetObject = z
  .object({
    /** Unique, stable name (shown in the matrix, used by --only and the state file); default: the profile's name. */
    name: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (at most 64)'),
    /** `mysql://user@host:port` (a password in the URL is accepted but better kept in passwordEnv). */
    url: z
      .string()
      .regex(/^mysql:\/\//, 'a mysql:// URL')
      .optional(),
    /** Name of a saved connection profile (host, user, TLS, SSH and its saved secrets), instead of `url`. */
    profile: z.string().trim().min(1).max(120).optional(),
    /**
     * Name of the environment variable holding this target's password. Only `LUPO_*` names: a
     * fleet file comes with the workspace, so it must not be able to send an arbitrary variable
     * of the operator's environment (a cloud token, say) as a password to a server it names.
     */
    passwordEnv: z
      .string()
      .regex(/^LUPO_[A-Z0-9_]{1,100}$/, 'an environment variable named LUPO_… (upper-case letters, digits, _)')
      .optional(),
    /** A file holding this target's password (relative to the fleet file; keep it owner-only). */
    passwordFile: z.string().min(1).optional(),
    /** Role database names; absent roles use the workspace config's names. */
    databases: z
      .object({ core: databaseName, orchestration: databaseName, ephemeral: databaseName })
      .partial()
      .strict()
      .default({}),
    groups: z.array(z.string().min(1)).default([]),
    /** Canaries are applied first, alone in the first wave. */
    canary: z.boolean().default(false),
  })
  .strict()
  .refine((t) => (t.url === undefined) !== (t.profile === undefined), {
    message: 'give either "url" or "profile" (exactly one)',
  });

/** One target of a fleet: a server (a URL, or a saved profile by name) and the physical names of its role databases. */
export const fleetTargetSchema = z.preprocess(
  // A profile target may leave out its name: it is then the profile's name.
  (raw) =>
    raw && typeof raw === 'object' && !('name' in raw) && typeof (raw as { profile?: unknown }).profile === 'string'
      ? { ...raw, name: (raw as { profile: string }).profile }
      : raw,
  fleetTargetObject,
);
/** One target of a fleet. */
export type FleetTarget = z.output<typeof fleetTargetSchema>;

/** The fleet file (`lupo.fleet.json` / `lupo.fleet.toon` in the workspace). */
export const fleetFileSchema = z
  .object({
    name: z.string().default('fleet'),
    /** Targets worked on at once (introspection and apply). */
    parallelism: z.number().int().min(1).max(64).default(4),
    /** Targets per wave after the canaries (default: parallelism). */
    waveSize: z.number().int().min(1).max(1000).optional(),
    /** Target whose schema is the matrix's reference (default: the first canary, else the first target). */
    reference: z.string().optional(),
    targets: z.array(fleetTargetSchema).min(1),
  })
  .strict();
/** The fleet file. */
export type FleetFile = z.output<typeof fleetFileSchema>;

/** A cell of the drift matrix: how a table of a target compares with the reference. */
export const driftCell = z.enum(['in-sync', 'missing', 'different', 'extra']);

/** The ledger of one target, as the fleet shows it. */
export const fleetLedgerState = z.object({
  present: z.boolean(),
  lastBatch: z.object({ batchId: z.number(), status: z.string(), file: z.string().optional() }).optional(),
  unfinished: z.number().int().nonnegative(),
});

/** One row of `lupo fleet status`: a target, its reachability, its tables and ledger. */
export const fleetTargetStatus = z.object({
  name: z.string(),
  endpoint: z.string(),
  canary: z.boolean(),
  groups: z.array(z.string()),
  reachable: z.boolean(),
  error: z.string().optional(),
  /** Per table (same order as `tables` of the matrix): its state, or null when unreachable. */
  cells: z.array(driftCell.nullable()),
  counts: z.object({ inSync: z.number(), missing: z.number(), different: z.number(), extra: z.number() }),
  ledger: fleetLedgerState.optional(),
  /** The target's state in the last fleet run (from the run state file). */
  run: z.string().optional(),
  elapsedMs: z.number(),
});

/** The drift matrix of a fleet: targets × tables. */
export const fleetStatus = z.object({
  fleet: z.string(),
  reference: z.string(),
  database: z.string(),
  tables: z.array(z.string()),
  targets: z.array(fleetTargetStatus),
  elapsedMs: z.number(),
});
/** The drift matrix of a fleet. */
export type FleetStatus = z.output<typeof fleetStatus>;
/** One target row of the drift matrix. */
export type FleetTargetStatus = z.output<typeof fleetTargetStatus>;

/** Where one target stands in a fleet apply. */
export const fleetTargetRunState = z.enum(['pending', 'running', 'done', 'already', 'failed', 'not-started']);
/** Where one target stands in a fleet apply. */
export type FleetTargetRunState = z.output<typeof fleetTargetRunState>;

/** The persisted state of a fleet apply (for `--resume` and `fleet report`). */
export const fleetRunState = z.object({
  runId: z.string(),
  fleet: z.string(),
  file: z.string(),
  sha256: z.string(),
  role: z.enum(['core', 'orchestration', 'ephemeral']),
  startedYmdhis: z.number(),
  updatedYmdhis: z.number(),
  status: z.enum(['running', 'halted', 'completed']),
  waves: z.array(z.array(z.string())),
  targets: z.record(
    z.string(),
    z.object({
      state: fleetTargetRunState,
      wave: z.number().int(),
      batchId: z.number().optional(),
      error: z.string().optional(),
      errorCode: z.string().optional(),
      elapsedMs: z.number().optional(),
    }),
  ),
});
/** The persisted state of a fleet apply. */
export type FleetRunState = z.output<typeof fleetRunState>;

/** What the app's Fleet screen shows: the drift matrix and the last fleet run (waves, per target). */
export const fleetView = z.object({
  /** The workspace's fleet file, or null when it has none. */
  fleetFile: z.string().nullable(),
  status: fleetStatus.nullable(),
  run: fleetRunState.nullable(),
});

const roleName = z.enum(['core', 'orchestration', 'ephemeral']);

/** The plan of a fleet apply, shown before the operator confirms: the waves and their parallelism. */
export const fleetApplyPlan = z.object({
  fleetFile: z.string(),
  fleet: z.string(),
  /** The migration file (its name in the workspace's migrations folder) and its checksum. */
  file: z.string(),
  sha256: z.string(),
  role: roleName,
  /** Targets worked on at once within a wave. */
  parallelism: z.number().int(),
  waves: z.array(z.object({ canary: z.boolean(), targets: z.array(z.string()) })),
  statements: z.number().int(),
  destructive: z.number().int(),
  /** The last run when it is unfinished (halted or running): it must be resumed, not restarted. */
  unfinished: fleetRunState.nullable(),
});
/** The plan of a fleet apply. */
export type FleetApplyPlan = z.output<typeof fleetApplyPlan>;

const fleetConfirmation = z
  .object({
    /** The operator typed the fleet's name. */
    typedFleet: z.string().max(200),
    /** Second confirmation for destructive statements. */
    allowDestructive: z.boolean().default(false),
  })
  .strict();

/** Live progress of a fleet apply job: the run state after each change, or one target's statement. */
export const fleetProgress = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), jobId: z.string(), run: fleetRunState }),
  z.object({
    kind: z.literal('statement'),
    jobId: z.string(),
    target: z.string(),
    /** 0-based index of the statement now running, of `total`. */
    index: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
]);
/** Live progress of a fleet apply job. */
export type FleetProgress = z.output<typeof fleetProgress>;

/** Calls of the fleet domain. */
export const fleetCalls = {
  'fleet/status': defineCall(
    "Reads the open workspace's fleet file and every target (in parallel): the drift matrix and the last fleet run.",
    z.object({ role: roleName.default('core') }).strict(),
    fleetView,
  ),
  'fleet/plan': defineCall(
    'Plans applying one migration of the workspace to its fleet: canaries, waves, parallelism (nothing connects).',
    z.object({ file: z.string().min(1).max(255), role: roleName.optional() }).strict(),
    fleetApplyPlan,
  ),
  'fleet/apply': defineCall(
    'Applies one migration to the fleet: canaries, then waves; halts at the first failure (job; result: fleetRunState).',
    z.object({ file: z.string().min(1).max(255), role: roleName.optional(), confirmation: fleetConfirmation }).strict(),
    z.object({ jobId: z.string() }),
  ),
  'fleet/resume': defineCall(
    'Continues the halted fleet run: the failed target (its batch resumed) and those not started (job; result: fleetRunState).',
    z.object({ confirmation: fleetConfirmation }).strict(),
    z.object({ jobId: z.string() }),
  ),
} as const;

/** Events of the fleet domain. */
export const fleetEvents = {
  'fleet/progress': defineEvent('A fleet apply job moved: a target changed state, or ran a statement.', fleetProgress),
} as const;

import { z } from 'zod';
import { defineCall } from './define';

const databaseName = z.string().min(1).max(64);

/** One target of a fleet: a server (URL) and the physical names of its role databases. */
export const fleetTargetSchema = z
  .object({
    /** Unique, stable name (shown in the matrix, used by --only and the state file). */
    name: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (at most 64)'),
    /** `mysql://user@host:port` (a password in the URL is accepted but better kept in passwordEnv). */
    url: z.string().regex(/^mysql:\/\//, 'a mysql:// URL'),
    /** Name of the environment variable holding this target's password. */
    passwordEnv: z.string().optional(),
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
  .strict();
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

/** Calls of the fleet domain. */
export const fleetCalls = {
  'fleet/status': defineCall(
    "Reads the open workspace's fleet file and every target (in parallel): the drift matrix and the last fleet run.",
    z.object({ role: z.enum(['core', 'orchestration', 'ephemeral']).default('core') }).strict(),
    fleetView,
  ),
} as const;

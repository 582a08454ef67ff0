import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import type {
  FleetFile,
  FleetRunState,
  FleetStatus,
  FleetTarget,
  FleetTargetStatus,
} from '../../../shared/contract/fleet';
import type { Session } from '../connection/session';
import { ledgerExists } from '../orchestrator/inspect-unfinished';
import { Ledger } from '../orchestrator/ledger';
import { compareFingerprints, fingerprintDatabase, type SchemaFingerprint } from '../topology/schema-fingerprint';
import { referenceTarget } from './fleet-file';
import { mapLimit } from '../jobs/map-limit';

/**
 * Opens a session on a fleet target (see fleet-targets.ts; benches and tests may connect
 * directly). `write` sessions apply migrations: a read-only profile refuses them.
 */
export type OpenTarget = (target: FleetTarget, purpose?: 'read' | 'write') => Promise<Session>;

/** The physical name of a role database on a target: its own name, else the workspace's. */
export function targetDatabase(target: FleetTarget, role: DatabaseRole, config: WorkspaceConfig): string {
  return target.databases[role] ?? config.databases[role];
}

/** Options of `fleetStatus`. */
export interface FleetStatusOptions {
  readonly fleet: FleetFile;
  readonly config: WorkspaceConfig;
  readonly open: OpenTarget;
  readonly role?: DatabaseRole;
  /** The last fleet run's state, to show each target's run state beside its drift. */
  readonly run?: FleetRunState;
  /** Called as each target finishes (progress). */
  readonly onTarget?: (done: number, total: number, name: string) => void;
}

interface Probe {
  readonly target: FleetTarget;
  readonly endpoint: string;
  readonly fingerprint?: SchemaFingerprint;
  readonly ledger?: FleetTargetStatus['ledger'];
  readonly error?: string;
  readonly elapsedMs: number;
}

/**
 * The fleet's drift matrix (issue 15, point 5): every target is introspected in parallel
 * (at most `parallelism` at once) — a fingerprint per table of the role database and the
 * ledger's state — and each table is compared with the reference target's: in sync,
 * missing, different or extra. An unreachable target is a row with its error, not a failure
 * of the whole status.
 */
export async function fleetStatus(options: FleetStatusOptions): Promise<FleetStatus> {
  const started = Date.now();
  const { fleet, config } = options;
  const role = options.role ?? 'core';
  let done = 0;
  const probes = await mapLimit(fleet.targets, fleet.parallelism, async (target): Promise<Probe> => {
    const t0 = Date.now();
    const database = targetDatabase(target, role, config);
    const ledgerDb = targetDatabase(target, 'orchestration', config);
    let probe: Probe;
    try {
      const session = await options.open(target);
      try {
        // One after the other: a single pooled connection per target (connection setup dominates on small schemas).
        const fingerprint = await fingerprintDatabase(session.pool, database);
        const ledger = await ledgerState(session, ledgerDb, database);
        probe = { target, endpoint: session.endpoint, fingerprint, ledger, elapsedMs: Date.now() - t0 };
      } finally {
        await session.close();
      }
    } catch (error) {
      probe = { target, endpoint: targetEndpoint(target), error: (error as Error).message, elapsedMs: Date.now() - t0 };
    }
    options.onTarget?.(++done, fleet.targets.length, target.name);
    return probe;
  });
  const referenceName = referenceTarget(fleet);
  const reference = probes.find((p) => p.target.name === referenceName)?.fingerprint ?? new Map<string, string>();
  const tables = [
    ...new Set(probes.flatMap((p) => [...(p.fingerprint?.keys() ?? [])]).concat([...reference.keys()])),
  ].sort();
  const targets = probes.map((p): FleetTargetStatus => {
    const states = p.fingerprint ? compareFingerprints(reference, p.fingerprint) : undefined;
    const cells = tables.map((t) => (states ? (states.get(t) ?? null) : null));
    const count = (s: string): number => cells.filter((c) => c === s).length;
    const runState = options.run?.targets[p.target.name]?.state;
    return {
      name: p.target.name,
      endpoint: p.endpoint,
      canary: p.target.canary,
      groups: p.target.groups,
      reachable: p.fingerprint !== undefined,
      ...(p.error ? { error: p.error } : {}),
      cells,
      counts: {
        inSync: count('in-sync'),
        missing: count('missing'),
        different: count('different'),
        extra: count('extra'),
      },
      ...(p.ledger ? { ledger: p.ledger } : {}),
      ...(runState ? { run: runState } : {}),
      elapsedMs: p.elapsedMs,
    };
  });
  return {
    fleet: fleet.name,
    reference: referenceName,
    database: fleet.targets[0] ? targetDatabase(fleet.targets[0], role, config) : '',
    tables,
    targets,
    elapsedMs: Date.now() - started,
  };
}

async function ledgerState(session: Session, ledgerDb: string, database: string): Promise<FleetTargetStatus['ledger']> {
  if (!(await ledgerExists(session.pool, ledgerDb))) return { present: false, unfinished: 0 };
  const ledger = await Ledger.open(session.pool, ledgerDb);
  const [last] = (await ledger.recentBatches(5)).filter((b) => b.targetDatabase === database);
  const unfinished = (await ledger.unfinishedBatches(database)).length;
  return {
    present: true,
    ...(last ? { lastBatch: { batchId: last.batchId, status: last.status } } : {}),
    unfinished,
  };
}

/** Where a target is, for rows of unreachable targets: `host:port` of its URL, or its profile's name. */
export function targetEndpoint(target: FleetTarget): string {
  return target.url ? endpointOf(target.url) : `profile ${target.profile ?? '?'}`;
}

/** `host:port` of a mysql:// URL, without credentials (for rows of unreachable targets). */
export function endpointOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '3306'}`;
  } catch {
    return '?';
  }
}

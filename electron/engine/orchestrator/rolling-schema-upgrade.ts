import mysql, { type Connection, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { TopologyInfo } from '../../../shared/contract/topology';
import { LupoError } from '../../../shared/errors';
import { silentSink, type EngineSink } from '../../../shared/engine-events';
import { throwIfCancelled } from '../jobs/job-runner';
import { quoteIdentifier } from '../sql/identifier';
import { maskSqlSecrets } from '../sql/redact-secrets';
import { detectTopology } from '../topology/detect-topology';
import { peerOptions } from '../topology/post-run-verify';
import { describeRsuRefusal, rsuSafety, type RsuSafety } from '../topology/rsu-safety';
import type { Queryable } from './live-names';
import { markRollingBatch, recordNodeDone, type RollingStepProgress } from './rsu-journal';
import { executeSteps, isConnectionLoss, type ExecuteStepsOptions, type ExecuteStepsResult } from './step-executor';
import type { ExecutionStep } from './steps';

/** The online schema upgrade method of a batch on Galera: Total Order Isolation (default) or Rolling Schema Upgrade. */
export type OsuMethod = 'toi' | 'rsu';

/** One Galera node's session of an RSU run. */
interface NodeSession {
  readonly name: string;
  readonly address: string;
  readonly connection: Connection;
}

/** Whether a step's effect is present on a node (resume's check, passed in to keep one definition). */
export type PresenceCheck = (
  step: ExecutionStep,
  db: Queryable,
) => Promise<'present' | 'absent' | 'partial' | 'unknown'>;

/** What the rolling executor needs besides `executeSteps`'s options. */
export interface RollingContext {
  /** The run's pool: node sessions use its credentials. */
  readonly pool: Pool;
  readonly ledgerDatabase: string;
  readonly targetDatabase: string;
  readonly batchId: number;
  /** A new batch: the steps' RSU verdicts (recorded in the journal once the nodes are known). */
  readonly safety?: RsuSafety;
  /** A resumed batch: its per-node progress as the journal recorded it. */
  readonly progress?: ReadonlyMap<number, RollingStepProgress>;
  /** Resume: each node's live schema is checked before a step runs there. */
  readonly resume?: { readonly presence: PresenceCheck; readonly inFlight: 'refuse' | 'rerun' | 'done' };
  /** Bound of the wait for a node to be Synced again (default 120 s, `LUPO_RSU_SYNC_WAIT_SECONDS`). */
  readonly syncWaitMs?: number;
}

function syncWaitMs(): number {
  const seconds = Number(process.env.LUPO_RSU_SYNC_WAIT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000;
}

/**
 * Refuses RSU where it is not safe (issue 15, point 3): only on a Galera node (MariaDB
 * Galera or Percona XtraDB Cluster: `wsrep_OSU_method`; MySQL Group Replication has no
 * RSU), and only for a batch of backward-compatible changes (see rsu-safety.ts).
 */
export function assertRsuApplicable(topology: TopologyInfo, steps: readonly ExecutionStep[]): RsuSafety {
  if (topology.kind !== 'galera') {
    throw new LupoError(
      'apply/rsu-not-galera',
      'RSU (Rolling Schema Upgrade) exists only on a Galera cluster (wsrep_OSU_method); this server is not a Galera node.',
      { hint: 'Apply without --osu rsu (TOI, the default).' },
    );
  }
  const safety = rsuSafety(steps);
  if (!safety.ok) {
    throw new LupoError('apply/rsu-unsafe', describeRsuRefusal(safety), {
      hint: 'Apply this batch with --osu toi (the default).',
      details: Object.fromEntries(safety.unsafe.map((u) => [`line ${u.line}`, `${u.summary}: ${u.unsafe}`])),
    });
  }
  return safety;
}

async function nodeState(c: Connection): Promise<string> {
  const [rows] = await c.query<RowDataPacket[]>("SHOW STATUS LIKE 'wsrep_local_state_comment'");
  return String(rows[0]?.Value ?? 'unknown');
}

/** Waits (bounded, with progress) until the node is Synced: at most one node is ever desynced. */
async function waitSynced(node: NodeSession, boundMs: number, sink: EngineSink): Promise<void> {
  const started = Date.now();
  for (;;) {
    const state = await nodeState(node.connection);
    if (state === 'Synced') return;
    const elapsed = Date.now() - started;
    if (elapsed >= boundMs) {
      throw new LupoError(
        'apply/rsu-node-not-synced',
        `Galera node ${node.name} (${node.address}) is ${state}, not Synced, after ${Math.round(elapsed / 1000)} s: the rolling upgrade stops before touching another node.`,
        {
          hint: 'Wait until the node is Synced (SHOW STATUS LIKE "wsrep_local_state_comment"), then `lupo apply --resume`: nodes that have the step are skipped.',
          details: { node: node.name, address: node.address, state },
        },
      );
    }
    sink({ type: 'progress', detail: `waiting for Galera node ${node.name} to be Synced (${state})` });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Opens an RSU session on every member of the cluster, ordered by node name. */
async function openNodeSessions(pool: Pool, topology: TopologyInfo, targetDatabase: string): Promise<NodeSession[]> {
  const members = topology.galera?.members ?? [];
  if (members.length < (topology.galera?.clusterSize ?? 0)) {
    throw new LupoError(
      'apply/rsu-members-unknown',
      `The cluster has ${topology.galera?.clusterSize} nodes but only ${members.length} publish their SQL address: RSU must reach every node.`,
      { hint: 'Set wsrep_node_incoming_address on every node, or apply under TOI.' },
    );
  }
  const sessions: NodeSession[] = [];
  try {
    for (const address of members) {
      let connection: Connection;
      try {
        connection = await mysql.createConnection(peerOptions(pool, address));
      } catch (error) {
        throw new LupoError(
          'apply/rsu-node-unreachable',
          `Galera node ${address} cannot be reached (${(error as Error).message}): RSU must run on every node.`,
          { hint: 'Check that this machine can reach every node, or apply under TOI.', cause: error },
        );
      }
      sessions.push({ name: address, address, connection });
      const [rows] = await connection.query<RowDataPacket[]>('SELECT @@wsrep_node_name AS name');
      // The run already created the target under TOI (replicated): every node has it.
      await connection.query(`USE ${quoteIdentifier(targetDatabase)}`);
      await connection.query("SET SESSION wsrep_OSU_method = 'RSU'");
      sessions[sessions.length - 1] = { name: String(rows[0]?.name || address), address, connection };
    }
  } catch (error) {
    await Promise.all(sessions.map((s) => s.connection.end().catch(() => {})));
    throw error;
  }
  return sessions.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs one step on one connection (no journal), naming the node in a failure. */
async function runStepOn(
  connection: Connection,
  step: ExecutionStep,
  options: ExecuteStepsOptions,
  where: string,
): Promise<void> {
  try {
    await executeSteps({ connection, steps: [step], file: options.file, sink: silentSink, signal: options.signal });
  } catch (error) {
    if (!(error instanceof LupoError) || error.code !== 'apply/statement-failed' || !options.journal) throw error;
    const details = error.details ?? {};
    const code = `${String(details.serverCode ?? 'UNKNOWN')} (${String(details.errno ?? 0)})`;
    const message = `${where}: ${error.message}`;
    await options.journal.writer.fail(options.journal.batchId, step.index, code, message).catch(() => {});
    throw new LupoError(error.code, message, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      details,
      cause: error,
    });
  }
}

/**
 * The executor of an RSU batch (issue 15, point 3), a drop-in for `executeSteps`: each
 * schema step runs on every Galera node in turn — in a session with `wsrep_OSU_method =
 * RSU` on that node (the node desyncs, the change is not replicated), waiting until the
 * node is Synced again before the next one — and each node's completion is recorded in
 * the journal row, so a runner killed mid-step resumes on the remaining nodes. Data steps
 * run once on the run's connection (replicated, TOI); session steps run everywhere.
 */
export function rollingExecutor(context: RollingContext) {
  return async (options: ExecuteStepsOptions): Promise<ExecuteStepsResult> => {
    const { connection, steps, journal, sink, signal } = options;
    if (!journal) throw new Error('an RSU run needs the statement journal');
    const topology = await detectTopology(connection);
    if (topology.kind !== 'galera') assertRsuApplicable(topology, steps);
    const nodes = await openNodeSessions(context.pool, topology, context.targetDatabase);
    const bound = context.syncWaitMs ?? syncWaitMs();
    try {
      const names = nodes.map((n) => n.name);
      const progress = new Map(
        context.progress ??
          (await markRollingBatch(
            connection,
            context.ledgerDatabase,
            context.batchId,
            context.safety ?? assertRsuApplicable(topology, steps),
            names,
          )),
      );
      const planned = new Set([...progress.values()].flatMap((p) => p.nodes));
      const missing = [...planned].filter((n) => !names.includes(n));
      if (missing.length > 0) {
        sink({
          type: 'log',
          level: 'warn',
          message: `Galera node(s) ${missing.join(', ')} of this RSU batch are not in the cluster now: RSU changes are not replicated, so a node that rejoins by IST lacks the steps it missed (lupo status shows it diverged). Rejoin it by SST, or run those steps on it by hand.`,
        });
      }
      const skip = options.skip ?? new Set<number>();
      const total = steps.length;
      const started = Date.now();
      let executed = 0;
      let skipped = 0;
      let previous = -1;
      let previousElapsed = 0;
      const guard = async (write: () => Promise<unknown>): Promise<void> => {
        try {
          await write();
        } catch (error) {
          if (isConnectionLoss(error))
            throw new LupoError(
              'apply/connection-lost',
              `The connection to the server was lost while applying ${options.file}.`,
              {
                hint: 'When the server is reachable again, run `lupo status` to see what took effect, then `lupo apply --resume`.',
                cause: error,
              },
            );
          throw error;
        }
      };
      for (const step of steps) {
        const shown = maskSqlSecrets(step.sql);
        if (skip.has(step.index)) {
          skipped++;
          sink({ type: 'statement', index: step.index, total, phase: 'skipped', sql: shown });
          continue;
        }
        throwIfCancelled(signal);
        await guard(() => journal.writer.advance(journal.batchId, previous, previousElapsed, step.index));
        sink({ type: 'statement', index: step.index, total, phase: 'start', sql: shown });
        const t0 = Date.now();
        let stepProgress = progress.get(step.index);
        if (!stepProgress)
          throw new Error(`journal row ${step.index + 1} of batch ${context.batchId} has no RSU progress`);
        if (stepProgress.role === 'once') {
          await runStepOn(connection, step, options, 'the run’s node');
        } else if (stepProgress.role === 'session') {
          await runStepOn(connection, step, options, 'the run’s node');
          for (const node of nodes) await runStepOn(node.connection, step, options, `node ${node.name}`);
        } else {
          for (const node of nodes) {
            throwIfCancelled(signal);
            const label = `RSU statement ${step.index + 1}/${total} on node ${node.name} (${node.address})`;
            if (stepProgress.done.includes(node.name)) {
              sink({ type: 'log', level: 'info', message: `${label}: already done` });
              continue;
            }
            if (context.resume && (await resolvedOnNode(context, step, node, sink, label))) {
              stepProgress = await recordNodeDone(
                connection,
                context.ledgerDatabase,
                context.batchId,
                step.index,
                stepProgress,
                node.name,
              );
              continue;
            }
            await waitSynced(node, bound, sink);
            // The app's run panel and the CLI's bar show which node works now.
            sink({ type: 'progress', detail: `${label}: running (that node is desynced)` });
            const n0 = Date.now();
            await runStepOn(node.connection, step, options, `node ${node.name} (${node.address})`);
            stepProgress = await recordNodeDone(
              connection,
              context.ledgerDatabase,
              context.batchId,
              step.index,
              stepProgress,
              node.name,
            );
            sink({ type: 'log', level: 'info', message: `${label}: done in ${Date.now() - n0} ms` });
            await waitSynced(node, bound, sink);
          }
        }
        progress.set(step.index, stepProgress);
        previous = step.index;
        previousElapsed = Date.now() - t0;
        executed++;
        sink({ type: 'statement', index: step.index, total, phase: 'done', sql: shown, elapsedMs: previousElapsed });
        await options.onStepDone?.(step, executed + skipped);
      }
      if (previous >= 0) await guard(() => journal.writer.advance(journal.batchId, previous, previousElapsed, -1));
      return { executed, skipped, elapsedMs: Date.now() - started };
    } finally {
      // destroy, not end: a node that died mid-step would keep a graceful quit waiting.
      for (const node of nodes) node.connection.destroy();
    }
  };
}

/**
 * Resume on one node: true when the step's effect is already there (recorded done without
 * running); false when it must run. An undetectable, non-idempotent effect follows the
 * operator's --in-flight decision, as in a TOI resume.
 */
async function resolvedOnNode(
  context: RollingContext,
  step: ExecutionStep,
  node: NodeSession,
  sink: EngineSink,
  label: string,
): Promise<boolean> {
  const resume = context.resume!;
  const presence = await resume.presence(step, node.connection);
  if (presence === 'present') {
    sink({ type: 'log', level: 'info', message: `${label}: effect already present, not run again` });
    return true;
  }
  if (presence === 'absent' || step.classification.idempotent || resume.inFlight === 'rerun') return false;
  if (resume.inFlight === 'done') return true;
  throw new LupoError(
    'resume/in-flight-unknown',
    `Statement ${step.index + 1} (line ${step.line}: ${step.classification.summary}) cannot be checked on node ${node.name} (${presence}).`,
    {
      hint: 'Check that node yourself, then resume with --in-flight=rerun (run it again) or --in-flight=done (count it as applied).',
      details: { node: node.name, statementIndex: step.index + 1, line: step.line },
    },
  );
}

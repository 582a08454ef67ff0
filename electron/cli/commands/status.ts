import type { Command } from 'commander';
import { loadWorkspaceConfig } from '../../engine/config/index';
import { inspectUnfinished, ledgerExists } from '../../engine/orchestrator/inspect-unfinished';
import { Ledger } from '../../engine/orchestrator/ledger';
import { formatYmdhis } from '../../engine/orchestrator/ymdhis';
import { detectTopology } from '../../engine/topology/detect-topology';
import { verifyPeersAfterRun } from '../../engine/topology/post-run-verify';
import { readHolder } from '../../engine/orchestrator/cluster-lease';
import { describeTopology } from '../../../shared/contract/topology';
import { openCliSession } from '../cli-session';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_OK, type RegisterCommand } from '../runtime';

/** `lupo status`: the server's version and (with the ledger) recent batches and unfinished runs. */
export const registerStatus: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('status')
      .description('Show the server version and the orchestration ledger: batches and unfinished runs.')
      .option('--db', 'use the live databases (kept for the DESIGN §5 contract)'),
  ).action(
    action(io, setExit, async (flags: ConnectionFlags, command: Command) => {
      const globals = command.optsWithGlobals() as { json?: boolean; config?: string };
      const json = Boolean(globals.json);
      const { config } = await loadWorkspaceConfig({
        cwd: io.cwd,
        ...(globals.config ? { path: globals.config } : {}),
      });
      const ledgerDatabase = flags.orchestrationDb ?? config.databases.orchestration;
      const session = await openCliSession(flags, io);
      try {
        const server = { version: session.serverVersion, flavor: session.flavor, endpoint: session.endpoint };
        const topology = await detectTopology(session.pool);
        const hasLedger = await ledgerExists(session.pool, ledgerDatabase);
        const recent = hasLedger ? await (await Ledger.open(session.pool, ledgerDatabase)).recentBatches(10) : [];
        const unfinished = hasLedger ? await inspectUnfinished(session.pool, ledgerDatabase) : [];
        if (json) {
          io.stdout(
            JSON.stringify(
              {
                server,
                topology,
                ledger: { database: ledgerDatabase, present: hasLedger, recentBatches: recent, unfinished },
              },
              null,
              2,
            ) + '\n',
          );
          return EXIT_OK;
        }
        io.stdout(`Server: ${session.serverVersion} (${session.flavor}) at ${session.endpoint}\n`);
        io.stdout(`Topology: ${describeTopology(topology)}\n`);
        for (const warning of topology.warnings) io.stdout(`  (partial: ${warning})\n`);
        // Galera nodes / replicas: is the core schema the same everywhere (e.g. after a node rejoined)?
        const peers = await verifyPeersAfterRun({
          pool: session.pool,
          topology,
          targetDatabase: flags.coreDb ?? config.databases.core,
          sink: () => {},
          alert: async () => {},
          replicaWaitMs: 5000,
        });
        for (const peer of peers.peers)
          io.stdout(
            `  ${peer.role === 'galera-node' ? 'node' : 'replica'} ${peer.address}: ${peer.state} — ${peer.detail}\n`,
          );
        if (topology.kind === 'galera') {
          const target = flags.coreDb ?? config.databases.core;
          const lease = await readHolder(session.pool, ledgerDatabase, target);
          const h = lease?.holder;
          io.stdout(
            `Cluster lease of ${target}: ${
              !h || lease.released
                ? 'free'
                : `${h.stale ? 'STALE (expired: its runner stopped renewing it)' : 'held'} by ${h.operator} on ${h.host} pid ${h.pid} via ${h.node}, since ${formatYmdhis(h.acquiredYmdhis)}, last heartbeat ${formatYmdhis(h.heartbeatYmdhis)}`
            }\n`,
          );
        }
        if (!hasLedger) {
          io.stdout(`Ledger: none in ${ledgerDatabase} yet (it is created by the first apply).\n`);
          return EXIT_OK;
        }
        io.stdout(`Ledger: ${ledgerDatabase}\nRecent batches:\n`);
        if (recent.length === 0) io.stdout('  (none)\n');
        for (const b of recent) {
          io.stdout(
            `  #${b.batchId} ${b.kind} ${b.status.padEnd(11)} ${b.targetDatabase}  started ${formatYmdhis(b.startedYmdhis)}  by ${b.runner.user} on ${b.runner.host}\n`,
          );
        }
        io.stdout(`Unfinished runs: ${unfinished.length === 0 ? 'none' : ''}\n`);
        for (const run of unfinished) {
          const state = run.lockHeld
            ? 'RUNNING NOW (lock held)'
            : run.batch.status === 'running'
              ? 'INTERRUPTED (no runner holds the lock)'
              : run.batch.status.toUpperCase();
          io.stdout(
            `  #${run.batch.batchId} ${run.batch.kind} on ${run.batch.targetDatabase}: ${state}; file ${run.files.map((f) => f.path).join(', ')}\n`,
          );
          io.stdout(
            `    statements: ${run.counts.done} done, ${run.counts.pending} pending, ${run.counts.running} in flight, ${run.counts.failed} failed, ${run.counts.skipped} skipped (of ${run.counts.total})\n`,
          );
          if (run.inFlight) {
            io.stdout(
              `    in flight: #${run.inFlight.index + 1} line ${run.inFlight.line} ${run.inFlight.summary} — effect ${run.inFlight.effect}\n`,
            );
          }
          if (run.failed)
            io.stdout(
              `    failed: #${run.failed.index + 1} line ${run.failed.line} ${run.failed.summary} — ${run.failed.errorCode} ${run.failed.errorMessage}\n`,
            );
          if (!run.lockHeld)
            io.stdout(
              `    next: lupo apply --resume --db${run.batch.kind === 'apply' ? '' : ''}  (or lupo rollback --batch ${run.batch.batchId})\n`,
            );
        }
        return EXIT_OK;
      } finally {
        await session.close();
      }
    }),
  );
};

import type { Command } from 'commander';
import { loadWorkspaceConfig } from '../../engine/config/index';
import { inspectUnfinished } from '../../engine/orchestrator/inspect-unfinished';
import { Ledger, type BatchSummary } from '../../engine/orchestrator/ledger';
import { recentLedgerFiles, type LedgerFileRow } from '../../engine/orchestrator/ledger-file-rows';
import { workspaceLedgerKeyStyle } from '../../engine/orchestrator/ledger-bootstrap';
import {
  LEGACY_LEDGER_LABEL,
  readLegacyBatches,
  readLegacyFiles,
} from '../../engine/orchestrator/ledger-legacy-reader';
import { detectLedgerShape, ledgerRefusal } from '../../engine/orchestrator/ledger-shape';
import { formatYmdhis } from '../../engine/orchestrator/ymdhis';
import { detectTopology } from '../../engine/topology/detect-topology';
import { verifyPeersAfterRun } from '../../engine/topology/post-run-verify';
import { readHolder } from '../../engine/orchestrator/cluster-lease';
import { describeTopology } from '../../../shared/contract/topology';
import { openCliSession } from '../cli-session';
import { addConnectionOptions, type ConnectionFlags } from '../connection-options';
import { action, EXIT_OK, type RegisterCommand } from '../runtime';

function fileLine(f: LedgerFileRow): string {
  return `  ${f.name.padEnd(32)} ${(f.checksum.slice(0, 12) || '—').padEnd(12)} ${f.status.padEnd(11)} ${formatYmdhis(f.whenYmdhis)}  by ${f.by}  on ${f.targetDatabase || '—'}  (batch ${f.batchId || 'none'})${f.origin === 'lupo-admin-0.1' ? ' [Lupo Admin 0.1]' : ''}\n`;
}

/** What a batch line needs: a Lupopedia-ledger summary or a 0.1 history entry. */
type BatchLineInput = Pick<BatchSummary, 'batchId' | 'kind' | 'targetDatabase' | 'startedYmdhis' | 'runner'> & {
  readonly status: string;
  readonly name?: string;
  readonly origin?: string;
};

function batchLine(b: BatchLineInput): string {
  const id = b.batchId > 0 ? `#${b.batchId}` : '#0 (no id)';
  const origin =
    b.origin === 'lupo-admin' ? '' : b.origin === 'lupo-admin-0.1' ? ' [Lupo Admin 0.1]' : ' [written by Lupopedia]';
  return `  ${id} ${b.kind} ${b.status.padEnd(11)} ${b.targetDatabase || '—'}  ${b.name ?? ''}  started ${formatYmdhis(b.startedYmdhis)}  by ${b.runner.user}${b.runner.host === '—' ? '' : ` on ${b.runner.host}`}${origin}\n`;
}

/** `lupo status`: the server's version and the ledger (its shape, recent batches and files, unfinished runs). */
export const registerStatus: RegisterCommand = (program, io, setExit) => {
  addConnectionOptions(
    program
      .command('status')
      .description(
        'Show the server version and the orchestration ledger: its format, batches, files (name, checksum, status, when, by whom) and unfinished runs.',
      )
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
        const shape = await detectLedgerShape(session.pool, ledgerDatabase);
        const refusal = ledgerRefusal(shape);
        // Unknown shapes are refused outright (exit 2): never guess at tables we do not recognise.
        if (refusal && shape.verdict !== 'lupo-admin-0.1') throw refusal;
        const hasLedger = shape.verdict === 'lupopedia';
        const ledger = hasLedger ? await Ledger.open(session.pool, ledgerDatabase) : undefined;
        // A 0.1 ledger is read (never written) by the legacy reader until it is converted (LEDGER §5d.9).
        const legacy = shape.verdict === 'lupo-admin-0.1';
        const recent: readonly BatchLineInput[] = ledger
          ? await ledger.recentBatches(10)
          : legacy
            ? await readLegacyBatches(session.pool, ledgerDatabase, 10)
            : [];
        const files: LedgerFileRow[] = hasLedger
          ? await recentLedgerFiles(session.pool, ledgerDatabase, 20)
          : legacy
            ? await readLegacyFiles(session.pool, ledgerDatabase, 20)
            : [];
        const unfinished =
          hasLedger && shape.journal === 'j1' ? await inspectUnfinished(session.pool, ledgerDatabase) : [];
        const foreignUnfinished = ledger ? await ledger.foreignUnfinishedBatches() : [];
        const format = shape.verdict;
        const keys = shape.keyStyle;
        // LEDGER §2.2: Lupopedia's PHP reads only lupopedia_orchestration.migration_*.
        const notes = [...shape.notes];
        if (ledgerDatabase !== 'lupopedia_orchestration' && (await workspaceLedgerKeyStyle(config)) !== undefined)
          notes.push(
            `The workspace declares Lupopedia's ledger, but the orchestration database is ${ledgerDatabase}: Lupopedia's PHP reads only lupopedia_orchestration.migration_*.`,
          );
        if (json) {
          io.stdout(
            JSON.stringify(
              {
                server,
                topology,
                ledger: {
                  database: ledgerDatabase,
                  present: hasLedger,
                  format,
                  keys,
                  ...(refusal ? { message: refusal.message, hint: refusal.hint ?? '' } : {}),
                  notes,
                  recentBatches: recent,
                  files,
                  unfinished,
                  foreignUnfinished,
                },
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
        if (refusal) {
          io.stdout(`Ledger: ${refusal.message}\n  next: ${refusal.hint ?? ''}\n`);
          if (!legacy) return EXIT_OK;
        }
        if (legacy) {
          io.stdout(`Recent batches (${LEGACY_LEDGER_LABEL}):\n`);
          if (recent.length === 0) io.stdout('  (none)\n');
          for (const b of recent) io.stdout(batchLine(b));
          io.stdout('Files:\n');
          if (files.length === 0) io.stdout('  (none)\n');
          for (const f of files) io.stdout(fileLine(f));
          return EXIT_OK;
        }
        if (!hasLedger) {
          io.stdout(`Ledger: none in ${ledgerDatabase} yet (it is created by the first apply).\n`);
          return EXIT_OK;
        }
        io.stdout(
          `Ledger: ${ledgerDatabase} (Lupopedia's orchestrator tables, ${keys === 'pk' ? 'with primary keys' : keys === 'nokey' ? 'without keys' : 'mixed keys'})\n`,
        );
        for (const note of notes) io.stdout(`  note: ${note}\n`);
        io.stdout('Recent batches:\n');
        if (recent.length === 0) io.stdout('  (none)\n');
        for (const b of recent) io.stdout(batchLine(b));
        io.stdout('Files:\n');
        if (files.length === 0) io.stdout('  (none)\n');
        for (const f of files) {
          io.stdout(fileLine(f));
        }
        if (foreignUnfinished.length > 0) {
          io.stdout('Unfinished batches written by others (shown, not blocking):\n');
          for (const b of foreignUnfinished) io.stdout(batchLine(b));
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
            const rsu = run.inFlight.rsu;
            if (rsu)
              io.stdout(
                `    RSU: done on ${rsu.done.join(', ') || 'no node'}; still to run on ${rsu.nodes.filter((n) => !rsu.done.includes(n)).join(', ') || 'no node'} (resume runs it there)\n`,
              );
          }
          if (run.failed)
            io.stdout(
              `    failed: #${run.failed.index + 1} line ${run.failed.line} ${run.failed.summary} — ${run.failed.errorCode} ${run.failed.errorMessage}\n`,
            );
          if (!run.lockHeld)
            io.stdout(`    next: lupo apply --resume --db  (or lupo rollback --batch ${run.batch.batchId})\n`);
        }
        return EXIT_OK;
      } finally {
        await session.close();
      }
    }),
  );
};

import type { Pool } from 'mysql2/promise';
import { runnerHolder } from './run-lock';
import { Ledger, type BatchFile, type BatchSummary } from './ledger';
import { effectPresence, liveNamesFor, stepFromJournal, type EffectPresence } from './resume';
import { readRollingProgress } from './rsu-journal';
import { detectLedgerShape, ledgerRefusal } from './ledger-shape';
import { JOURNAL_TABLE, readJournal } from './statement-journal';
import { quoteQualified } from '../sql/identifier';

/** An unfinished batch as `lupo status` and the UI's resume dialog show it. */
export interface UnfinishedRun {
  readonly batch: BatchSummary;
  readonly files: readonly BatchFile[];
  /** True when a runner holds the target's lock right now (it is running, not crashed). */
  readonly lockHeld: boolean;
  readonly counts: {
    readonly total: number;
    readonly done: number;
    readonly pending: number;
    readonly running: number;
    readonly failed: number;
    readonly skipped: number;
  };
  /** The step that was running when the batch stopped, and whether its effect is in the live schema. */
  readonly inFlight?: {
    readonly index: number;
    readonly line: number;
    readonly summary: string;
    readonly effect: EffectPresence;
    /** An RSU batch: the Galera nodes the step was planned for and those that ran it (the effect above is this node's). */
    readonly rsu?: { readonly nodes: readonly string[]; readonly done: readonly string[] };
  };
  /** The step that failed, with the server's error. */
  readonly failed?: {
    readonly index: number;
    readonly line: number;
    readonly summary: string;
    readonly errorCode: string;
    readonly errorMessage: string;
  };
}

/**
 * True when `database` holds a readable Lupopedia-shaped ledger (its batch and file tables
 * and the statement journal). Unknown shapes throw their typed refusal (LEDGER §5a): read
 * commands never guess at tables they do not recognise.
 */
export async function ledgerExists(pool: Pick<Pool, 'query'>, database: string): Promise<boolean> {
  const shape = await detectLedgerShape(pool, database);
  if (shape.verdict === 'empty' || shape.verdict === 'lupopedia-renamed') return false;
  const refusal = ledgerRefusal(shape);
  if (refusal) throw refusal;
  const present = (t: string): boolean => shape.tables.some((x) => x.table === t && x.verdict !== 'absent');
  return present('migration_batches') && present('migration_files') && shape.journal === 'j1';
}

/**
 * Reads every unfinished batch (running or failed) with its journal: which steps are
 * done, which one was in flight and whether its effect is present in the live schema
 * (table/column/index exists…), which one failed. Read-only; takes no lock.
 */
export async function inspectUnfinished(
  pool: Pool,
  ledgerDatabase: string,
  targetDatabase?: string,
): Promise<UnfinishedRun[]> {
  if (!(await ledgerExists(pool, ledgerDatabase))) return [];
  const ledger = await Ledger.open(pool, ledgerDatabase);
  const runs: UnfinishedRun[] = [];
  for (const batch of await ledger.unfinishedBatches(targetDatabase)) {
    const entries = await readJournal(pool, quoteQualified(ledgerDatabase, JOURNAL_TABLE), batch.batchId);
    const count = (status: string): number => entries.filter((e) => e.status === status).length;
    const lockHeld = (await runnerHolder(pool, batch.targetDatabase, ledgerDatabase)) !== undefined;
    const running = entries.filter((e) => e.status === 'running');
    const failed = entries.find((e) => e.status === 'failed');
    let inFlight: UnfinishedRun['inFlight'];
    if (running.length > 0) {
      const steps = running.map(stepFromJournal);
      const live = await liveNamesFor(pool, batch.targetDatabase, steps);
      const effects = steps.map((step) => effectPresence(step, live));
      // A journal group leaves several steps running: the one in flight is the first whose
      // effect is not in the schema (those before it ran), or the last when all of them ran.
      const found = effects.findIndex((effect) => effect !== 'present');
      const at = found < 0 ? running.length - 1 : found;
      const entry = running[at]!;
      const rolling = (await readRollingProgress(pool, ledgerDatabase, batch.batchId))?.get(entry.index);
      inFlight = {
        index: entry.index,
        line: entry.line,
        summary: entry.summary,
        effect: effects[at]!,
        ...(rolling?.role === 'rolling' ? { rsu: { nodes: [...rolling.nodes], done: [...rolling.done] } } : {}),
      };
    }
    runs.push({
      batch,
      files: await ledger.batchFiles(batch.batchId),
      lockHeld,
      counts: {
        total: entries.length,
        done: count('done'),
        pending: count('pending'),
        running: count('running'),
        failed: count('failed'),
        skipped: count('skipped'),
      },
      ...(inFlight ? { inFlight } : {}),
      ...(failed
        ? {
            failed: {
              index: failed.index,
              line: failed.line,
              summary: failed.summary,
              errorCode: failed.errorCode,
              errorMessage: failed.errorMessage,
            },
          }
        : {}),
    });
  }
  return runs;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { silentSink } from '../../../shared/engine-events';
import { startLocalServer, type LocalServer } from '../../../electron/engine/sandbox/local-server';
import { resumeApply } from '../../../electron/engine/orchestrator/resume';
import { inspectUnfinished } from '../../../electron/engine/orchestrator/inspect-unfinished';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from './support';
import { migrationText } from './migration-fixtures';
import { createLupopediaLedger, type LupopediaShape } from '../ledger/lupopedia-ledger';

/** 28 CREATE TABLE + 3 guarded ADD COLUMN groups (4 statements each) = 40 statements, 31 steps. */
const TEXT = migrationText(28, 3, 'lupo_crash');

/**
 * Kill points: the step index, whether the server dies as the step starts or right after it
 * finished, and how the orchestration database was built beforehand: Lupopedia's ledger
 * from its `.toon` files (no keys) or from its 4.0.25 SQL (primary keys), or left empty
 * (the app creates the ledger).
 */
const KILL_POINTS: ReadonlyArray<{ step: number; phase: 'start' | 'done'; ledgerShape: LupopediaShape | 'empty' }> = [
  { step: 0, phase: 'start', ledgerShape: 'toon' },
  { step: 5, phase: 'done', ledgerShape: 'sql' },
  { step: 13, phase: 'start', ledgerShape: 'toon' },
  { step: 20, phase: 'done', ledgerShape: 'sql' },
  { step: 28, phase: 'done', ledgerShape: 'empty' },
  { step: 30, phase: 'start', ledgerShape: 'toon' },
];

describe('resume after the server is killed mid-batch', () => {
  let server: LocalServer;
  let reference: Record<string, string>;
  const recovered: string[] = [];

  beforeAll(async () => {
    server = await startLocalServer();
    const pool = poolFor(server.url);
    try {
      await pool.query('CREATE DATABASE crash_reference');
      const path = await writeMigration('V1__crash.sql', TEXT);
      const outcome = await applyFile(pool, path, 'crash_reference', 'crash_reference_ledger');
      expect(outcome.executed).toBe(31);
      reference = await schemaSnapshot(pool, 'crash_reference');
      expect(Object.keys(reference)).toHaveLength(28);
    } finally {
      await pool.end();
    }
  });
  afterAll(async () => {
    await server.destroy();
    console.log(
      `server kill points tried: ${KILL_POINTS.length}, recovered: ${recovered.length} (${recovered.join(', ')})`,
    );
  });

  it.each(KILL_POINTS)(
    'kill at step $step ($phase), ledger $ledgerShape → status shows the run → resume completes',
    async ({ step, phase, ledgerShape }) => {
      const target = `crash_${step}_${phase}`;
      const ledger = `${target}_ledger`;
      if (ledgerShape !== 'empty') await createLupopediaLedger(server.url, ledger, ledgerShape);
      const path = await writeMigration('V1__crash.sql', TEXT);
      let pool: Pool = poolFor(server.url);
      let killing: Promise<void> | undefined;
      const error = await applyFile(pool, path, target, ledger, {
        sink: (event) => {
          if (event.type === 'statement' && event.index === step && event.phase === phase && !killing)
            killing = server.kill();
        },
      }).catch((e: unknown) => e);
      await killing;
      expect(error).toBeInstanceOf(LupoError);
      expect((error as LupoError).code).toBe('apply/connection-lost');
      await pool.end().catch(() => {});
      await server.restart();
      pool = poolFor(server.url);
      try {
        const report = await inspectUnfinished(pool, ledger);
        expect(report).toHaveLength(1);
        const run = report[0]!;
        expect(run.lockHeld).toBe(false);
        expect(run.counts.done).toBeLessThanOrEqual(step + 1);
        // Steps 0–27 (the CREATE TABLEs) are journaled in groups (0–15, 16–27): killed after
        // step N finished inside a group, N and the rest of its group are still `running`, and
        // the step in flight is the first whose table is absent (the next one). Elsewhere
        // the journal names the step itself.
        const grouped = phase === 'done' && step < 27 && step !== 15;
        expect(run.inFlight?.index).toBe(grouped ? step + 1 : step);
        if (run.inFlight && phase === 'done') expect(run.inFlight.effect).toBe(grouped ? 'absent' : 'present');

        const outcome = await resumeApply(pool, {
          targetDatabase: target,
          ledgerDatabase: ledger,
          sink: silentSink,
          signal: new AbortController().signal,
        });
        expect(outcome.status).toBe('completed');
        expect(outcome.verification?.ok).toBe(true);
        expect(await schemaSnapshot(pool, target)).toEqual(reference);
        const [rows] = await pool.query<RowDataPacket[]>(
          `SELECT statement_index, journal_status, resolution, execution_count FROM \`${ledger}\`.migration_statement_journal ORDER BY statement_index`,
        );
        expect(rows).toHaveLength(31);
        expect(rows.every((r) => r.journal_status === 'done')).toBe(true);
        expect(rows.every((r) => Number(r.execution_count) <= 1)).toBe(true);
        if (phase === 'done') {
          const inFlight = rows.find((r) => Number(r.statement_index) === step)!;
          expect(inFlight.resolution).toBe('effect-present');
          expect(Number(inFlight.execution_count)).toBe(0);
        }
        const [batches] = await pool.query<RowDataPacket[]>(
          `SELECT batch_status, processed_files, batch_id FROM \`${ledger}\`.migration_batches`,
        );
        expect(batches.map((b) => b.batch_status)).toEqual(['completed']);
        expect(Number(batches[0]!.batch_id)).toBeGreaterThan(0);
        expect(Number(batches[0]!.processed_files)).toBe(1);
        recovered.push(`${step}/${phase}`);
      } finally {
        await pool.end();
      }
    },
  );

  it('refuses to resume when nothing is unfinished', async () => {
    const pool = poolFor(server.url);
    try {
      const error = await resumeApply(pool, {
        targetDatabase: 'crash_reference',
        ledgerDatabase: 'crash_reference_ledger',
        sink: silentSink,
        signal: new AbortController().signal,
      }).catch((e: unknown) => e);
      expect((error as LupoError).code).toBe('resume/nothing-to-resume');
    } finally {
      await pool.end();
    }
  });
});

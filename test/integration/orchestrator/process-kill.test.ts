import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { inspectUnfinished } from '../../../electron/engine/orchestrator/inspect-unfinished';
import { createScratchDatabases } from '../../support/databases';
import { applyFile, poolFor, schemaSnapshot, writeMigration } from './support';
import { migrationText } from './migration-fixtures';
import { createLupopediaLedger, type LupopediaShape } from '../ledger/lupopedia-ledger';

const TEXT = migrationText(28, 3, 'lupo_proc');
const CHILD = resolve(__dirname, '../../../bin/lupo.mjs');
// Kill points, leaving the last steps free: the SIGKILL lands a moment after the child
// prints the step, so the process may already be one or two steps further.
const KILL_AT = [1, 7, 15, 22, 27];
/** The orchestration database per kill point: Lupopedia's ledger from its .toon files (no keys) or its 4.0.25 SQL (keys). */
const SHAPE_AT: Readonly<Record<number, LupopediaShape>> = { 1: 'toon', 7: 'sql', 15: 'toon', 22: 'sql', 27: 'toon' };

/** Runs the CLI child; with `killAtStep` it is SIGKILLed when that step (1-based) starts. */
function runCli(
  args: string[],
  cwd: string,
  killAtStep?: number,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHILD, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killAtStep !== undefined && new RegExp(`^statement ${killAtStep}/\\d+ start`, 'm').test(stdout))
        child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

// Sequential: five concurrent children on 2 cores stretch the kill latency.
describe('resume after the applying process is killed (SIGKILL on `lupo apply`)', () => {
  const url = inject('mysqlUrl');
  let pool: Pool;
  let reference: Record<string, string>;
  let cwd: string;
  const cleanups: Array<() => Promise<void>> = [];
  const recovered: number[] = [];

  beforeAll(async () => {
    pool = poolFor(url);
    cwd = await mkdtemp(join(tmpdir(), 'lupo-proc-'));
    const scratch = await createScratchDatabases(url, ['proc_ref', 'proc_ref_ledger']);
    cleanups.push(scratch.drop);
    const path = await writeMigration('V1__proc.sql', TEXT, cwd);
    await applyFile(pool, path, scratch.names[0]!, scratch.names[1]!);
    reference = await schemaSnapshot(pool, scratch.names[0]!);
  });
  afterAll(async () => {
    for (const c of cleanups) await c();
    await pool.end();
    console.log(
      `process kill points tried: ${KILL_AT.length}, recovered: ${recovered.length} (${recovered.join(', ')})`,
    );
  });

  it.each(KILL_AT)('killed as step %i starts → status shows it → apply --resume completes', async (step) => {
    const scratch = await createScratchDatabases(url, ['proc_core', 'proc_orch']);
    cleanups.push(scratch.drop);
    const [target, ledger] = scratch.names as [string, string];
    await pool.query(`DROP DATABASE \`${ledger}\``);
    await createLupopediaLedger(url, ledger, SHAPE_AT[step]!);
    await writeMigration('V1__proc.sql', TEXT, cwd);
    const common = ['--db', '--yes', '--url', url, '--core-db', target, '--orchestration-db', ledger];
    const killed = await runCli(['apply', 'V1__proc.sql', ...common], cwd, step);
    expect(killed.signal).toBe('SIGKILL');

    const runs = await inspectUnfinished(pool, ledger);
    expect(runs).toHaveLength(1);
    const inFlight = runs[0]!.inFlight?.index ?? -1;
    expect(inFlight).toBeGreaterThanOrEqual(step - 1);
    expect(inFlight).toBeLessThan(31);

    const status = await runCli(['status', '--url', url, '--orchestration-db', ledger], cwd);
    expect(status.stdout).toMatch(/INTERRUPTED/);
    expect(status.stdout).toMatch(new RegExp(`in flight: #${inFlight + 1} `));

    const resumed = await runCli(['apply', '--resume', ...common], cwd);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(await schemaSnapshot(pool, target)).toEqual(reference);
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT journal_status, execution_count FROM \`${ledger}\`.migration_statement_journal`,
    );
    expect(rows).toHaveLength(31);
    expect(rows.every((r) => r.journal_status === 'done' && Number(r.execution_count) <= 1)).toBe(true);
    const [batches] = await pool.query<RowDataPacket[]>(
      `SELECT batch_id, batch_status, (SELECT MAX(retry_count) FROM \`${ledger}\`.migration_files) AS retries FROM \`${ledger}\`.migration_batches`,
    );
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ batch_id: '1', batch_status: 'completed', retries: 1 });
    recovered.push(step);
  });
});

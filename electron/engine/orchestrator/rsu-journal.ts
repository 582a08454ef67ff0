import type { RowDataPacket } from 'mysql2/promise';
import { quoteQualified } from '../sql/identifier';
import type { RsuRole, RsuSafety } from '../topology/rsu-safety';
import type { Queryable } from './live-names';
import { JOURNAL_TABLE } from './statement-journal';
import { ymdhis } from './ymdhis';

/**
 * Per-node progress of a Rolling Schema Upgrade batch, kept in each journal row's
 * `properties.lupo_admin` (LEDGER §3.10 leaves `properties` to the app): the step's role,
 * the Galera nodes it was planned for, and the nodes that have run it. The row's own
 * `journal_status` keeps its meaning (`running` until every node has the step), so
 * `lupo status` and resume read an RSU batch like any other; resume reads this to finish
 * a step on the nodes that have not run it yet.
 */
export interface RollingStepProgress {
  readonly role: RsuRole;
  /** `wsrep_node_name`s the batch was started on. */
  readonly nodes: readonly string[];
  /** Nodes that completed the step. */
  readonly done: readonly string[];
}

function properties(progress: RollingStepProgress): string {
  return JSON.stringify({ lupo_admin: { osu: 'RSU', ...progress } });
}

/** Marks every step of `batchId` as part of an RSU batch over `nodes` (nothing done yet). */
export async function markRollingBatch(
  db: Queryable,
  ledgerDatabase: string,
  batchId: number,
  safety: RsuSafety,
  nodes: readonly string[],
): Promise<Map<number, RollingStepProgress>> {
  const progress = new Map<number, RollingStepProgress>();
  for (const verdict of safety.steps) {
    if (!('role' in verdict)) throw new Error(`step ${verdict.index + 1} is not RSU-safe`);
    progress.set(verdict.index, { role: verdict.role, nodes: [...nodes], done: [] });
  }
  const table = quoteQualified(ledgerDatabase, JOURNAL_TABLE);
  for (const role of ['rolling', 'once', 'session'] as const) {
    const indexes = [...progress].filter(([, p]) => p.role === role).map(([i]) => i);
    if (indexes.length === 0) continue;
    await db.query(
      `UPDATE ${table} SET properties = ?, updated_ymdhis = ? WHERE batch_id = ? AND statement_index IN (${indexes.map(() => '?').join(', ')})`,
      [properties({ role, nodes: [...nodes], done: [] }), ymdhis(), batchId, ...indexes],
    );
  }
  return progress;
}

/** Records that `node` completed step `index`; returns the step's new progress. */
export async function recordNodeDone(
  db: Queryable,
  ledgerDatabase: string,
  batchId: number,
  index: number,
  progress: RollingStepProgress,
  node: string,
): Promise<RollingStepProgress> {
  const next = { ...progress, done: [...progress.done.filter((n) => n !== node), node] };
  await db.query(
    `UPDATE ${quoteQualified(ledgerDatabase, JOURNAL_TABLE)} SET properties = ?, updated_ymdhis = ? WHERE batch_id = ? AND statement_index = ?`,
    [properties(next), ymdhis(), batchId, index],
  );
  return next;
}

/** The RSU progress of a batch's steps, or undefined when the batch is not an RSU batch. */
export async function readRollingProgress(
  db: Queryable,
  ledgerDatabase: string,
  batchId: number,
): Promise<Map<number, RollingStepProgress> | undefined> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT statement_index, properties FROM ${quoteQualified(ledgerDatabase, JOURNAL_TABLE)} WHERE batch_id = ? AND is_deleted = 0`,
    [batchId],
  );
  const progress = new Map<number, RollingStepProgress>();
  for (const row of rows) {
    const value: unknown = row.properties;
    let parsed: unknown;
    try {
      // MariaDB returns JSON columns as text, MySQL 8 as parsed values.
      parsed = typeof value === 'string' ? JSON.parse(value) : value;
    } catch {
      continue;
    }
    const entry = (parsed as { lupo_admin?: Partial<RollingStepProgress> & { osu?: string } } | null)?.lupo_admin;
    if (entry?.osu !== 'RSU' || !entry.role) continue;
    progress.set(Number(row.statement_index), {
      role: entry.role,
      nodes: Array.isArray(entry.nodes) ? entry.nodes.map(String) : [],
      done: Array.isArray(entry.done) ? entry.done.map(String) : [],
    });
  }
  return progress.size > 0 ? progress : undefined;
}

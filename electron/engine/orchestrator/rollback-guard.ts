import type { RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { quoteQualified } from '../sql/identifier';
import { isKeyword, isName, isPunct, tokenizeAll, type Token } from '../sql/tokenizer';
import { markNarrowingSteps } from './column-narrowing';
import type { Queryable } from './live-names';
import type { ExecutionStep } from './steps';

/** A table (or one of its columns) a rollback step removes data from. */
export interface RollbackDataTarget {
  readonly table: string;
  readonly column?: string;
}

/** A data target probed for rows (the data-loss warning). */
export interface RollbackDataRisk extends RollbackDataTarget {
  readonly rows: boolean;
}

/**
 * Whether a data target holds rows: `true`/`false` when probed, `'unknown'` when the probe
 * was left to the execution (a non-interactive rollback: nobody reads the preview).
 */
export type RowsHeld = boolean | 'unknown';

/** Something a rollback drops, and whether it holds rows (the data-loss warning). */
export interface RollbackDrop extends RollbackDataTarget {
  readonly rows: RowsHeld;
}

/** The steps as the guard classified them (narrowing marked), and what they can remove data from. */
export interface RollbackGuard {
  readonly steps: readonly ExecutionStep[];
  readonly drops: readonly RollbackDrop[];
}

/** The table a TRUNCATE / single-table DELETE / UPDATE writes, or undefined when it cannot tell. */
export function dataStatementTable(sql: string): { database?: string; table: string } | undefined {
  const tokens = tokenizeAll(sql, { tolerant: true });
  const readName = (at: number): { database?: string; table: string; next: number } | undefined => {
    const first = tokens[at];
    if (!isName(first)) return undefined;
    if (isPunct(tokens[at + 1], '.') && isName(tokens[at + 2])) {
      return { database: first.value, table: tokens[at + 2]!.value, next: at + 3 };
    }
    return { table: first.value, next: at + 1 };
  };
  const skip = (at: number, ...words: string[]): number => {
    let i = at;
    while (isKeyword(tokens[i], ...words)) i++;
    return i;
  };
  const single = (
    name: ReturnType<typeof readName>,
    follows: (t: Token | undefined) => boolean,
  ): { database?: string; table: string } | undefined =>
    name && follows(tokens[name.next])
      ? { ...(name.database ? { database: name.database } : {}), table: name.table }
      : undefined;
  if (isKeyword(tokens[0], 'TRUNCATE')) {
    return single(readName(skip(1, 'TABLE')), (t) => t === undefined || isPunct(t, ';'));
  }
  if (isKeyword(tokens[0], 'DELETE')) {
    const from = skip(1, 'LOW_PRIORITY', 'QUICK', 'IGNORE');
    if (!isKeyword(tokens[from], 'FROM')) return undefined;
    return single(
      readName(from + 1),
      (t) => t === undefined || isKeyword(t, 'WHERE', 'ORDER', 'LIMIT') || isPunct(t, ';'),
    );
  }
  if (isKeyword(tokens[0], 'UPDATE')) {
    return single(readName(skip(1, 'LOW_PRIORITY', 'IGNORE')), (t) => isKeyword(t, 'SET'));
  }
  return undefined;
}

/** How many `SELECT … LIMIT 1` probes go in one UNION ALL round trip. */
const PROBES_PER_QUERY = 200;

/**
 * How many probe queries are sent before the first answers: while the server runs one, the
 * next is already on its way (on a pool, on a second connection), so the round trips and
 * our own work overlap the server's instead of adding to it.
 */
const PROBE_QUERIES_IN_FLIGHT = 2;

/**
 * Which of `targets` exist and hold at least one row, as `database\0table` keys: one
 * information_schema query per database, then the existing tables probed 200 to a round
 * trip. (Two queries per dropped table made rolling back 2,000 created tables 2.4× the
 * time the `mariadb` client took to run the down file.)
 */
async function tablesHoldingRows(
  db: Queryable,
  targets: readonly { readonly database: string; readonly table: string }[],
): Promise<Set<string>> {
  const existing: { database: string; table: string; key: string }[] = [];
  const seen = new Set<string>();
  for (const database of new Set(targets.map((t) => t.database))) {
    const [rows] = await db.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [database],
    );
    const exact = new Set(rows.map((row) => String(row.t)));
    const folded = new Map(rows.map((row) => [String(row.t).toLowerCase(), String(row.t)]));
    for (const target of targets) {
      const key = `${database}\0${target.table}`;
      if (target.database !== database || seen.has(key)) continue;
      seen.add(key);
      // information_schema matched names case-insensitively; probe the name as stored.
      const stored = exact.has(target.table) ? target.table : folded.get(target.table.toLowerCase());
      if (stored !== undefined) existing.push({ database, table: stored, key });
    }
  }
  const chunks: (typeof existing)[] = [];
  for (let start = 0; start < existing.length; start += PROBES_PER_QUERY) {
    chunks.push(existing.slice(start, start + PROBES_PER_QUERY));
  }
  const holding = new Set<string>();
  const probeNext = async (): Promise<void> => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      const sql = chunk
        .map(({ database, table }) => `(SELECT ? AS k FROM ${quoteQualified(database, table)} LIMIT 1)`)
        .join(' UNION ALL ');
      const [rows] = await db.query<RowDataPacket[]>(
        sql,
        chunk.map((target) => target.key),
      );
      for (const row of rows) holding.add(String(row.k));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_QUERIES_IN_FLIGHT, chunks.length) }, probeNext));
  return holding;
}

/**
 * The data-loss guard of a rollback (the same reading as apply's): every step that removes
 * rows or values — a drop of a table or column, TRUNCATE, DELETE, UPDATE without WHERE, a
 * narrowing MODIFY/CHANGE, anything the classifier cannot verify — names the tables it can
 * remove data from, with whether they hold rows. A step whose table it cannot tell names
 * every table of the target. `executeRollback` refuses without `allowDataLoss` when any of
 * them holds rows, and backs those tables up before the first statement runs.
 *
 * With `probeRows: false` every drop says `rows: 'unknown'`: for a preview nobody reads
 * (`lupo rollback --yes`), since `executeRollback` probes under the target's lock anyway and
 * opening every table to drop costs the server (~0.5-1 s of server CPU for 2,000 tables).
 */
export async function guardRollback(
  db: Queryable,
  targetDatabase: string,
  steps: readonly ExecutionStep[],
  { probeRows = true }: { readonly probeRows?: boolean } = {},
): Promise<RollbackGuard> {
  const marked = await markNarrowingSteps(db, targetDatabase, steps);
  if (probeRows) return { steps: marked, drops: await rollbackDataRisks(db, targetDatabase, marked) };
  const targets = await rollbackDataTargets(db, targetDatabase, marked);
  return {
    steps: marked,
    drops: targets.map(({ table, column }) => ({
      table,
      ...(column === undefined ? {} : { column }),
      rows: 'unknown',
    })),
  };
}

/** What `steps` (already marked by `guardRollback`) can remove data from, without probing for rows. */
async function rollbackDataTargets(
  db: Queryable,
  targetDatabase: string,
  marked: readonly ExecutionStep[],
): Promise<Array<RollbackDataTarget & { readonly database: string }>> {
  const wanted = new Map<string, { database: string; table: string; column?: string }>();
  const want = (database: string, table: string, column?: string): void => {
    const at = [database, table, column ?? ''].join('\u0000').toLowerCase();
    if (!wanted.has(at)) wanted.set(at, { database, table, ...(column === undefined ? {} : { column }) });
  };
  let everything = false;
  for (const step of marked) {
    const cls = step.classification;
    let named = false;
    for (const effect of cls.effects) {
      if (effect.kind !== 'table-absent' && effect.kind !== 'column-absent') continue;
      want(
        effect.database ?? targetDatabase,
        effect.table,
        effect.kind === 'column-absent' ? effect.column : undefined,
      );
      named = true;
    }
    if (!cls.destructive) continue;
    for (const change of cls.columnChanges ?? []) {
      want(change.database ?? targetDatabase, change.table, change.column);
      named = true;
    }
    if (cls.kind === 'data' && step.statements.length === 1) {
      const target = dataStatementTable(step.statements[0]!.sql);
      if (target) {
        want(target.database ?? targetDatabase, target.table);
        named = true;
      }
    }
    // Dropped indexes and foreign keys lose no rows; anything else unnamed may touch any table.
    const structural = /^(guarded: )?drop (index|foreign|primary|constraint|check)/.test(cls.summary);
    if (!named && !structural) everything = true;
  }
  if (everything) {
    const [tables] = await db.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [targetDatabase],
    );
    for (const row of tables) want(targetDatabase, String(row.t));
  }
  return [...wanted.values()];
}

/**
 * What `steps` (already marked by `guardRollback`) can remove data from, probed now. The
 * interactive preview probes once; `executeRollback` probes again under the target's lock,
 * because rows can arrive between the preview and the run.
 */
export async function rollbackDataRisks(
  db: Queryable,
  targetDatabase: string,
  marked: readonly ExecutionStep[],
): Promise<RollbackDataRisk[]> {
  const targets = await rollbackDataTargets(db, targetDatabase, marked);
  const holding = await tablesHoldingRows(db, targets);
  return targets.map(({ database, table, column }) => ({
    table,
    ...(column === undefined ? {} : { column }),
    rows: holding.has(`${database}\0${table}`),
  }));
}

/** What a data-loss refusal carries besides its message: every target probed, so a caller can list them. */
export class DataLossRefusal extends LupoError {
  constructor(
    message: string,
    options: { hint: string; details: Record<string, string> },
    readonly drops: readonly RollbackDrop[],
  ) {
    super('rollback/data-loss', message, options);
  }
}

/**
 * Refuses (`rollback/data-loss`) when a table or column the rollback drops holds rows;
 * `when` says which probe found them: the preview's, the one as the rollback started, or
 * the one as an interrupted rollback was resumed (its remaining drops only).
 */
export function refuseDataLoss(
  batchId: number,
  drops: readonly RollbackDrop[],
  when: 'preview' | 'start' | 'resume',
): void {
  // Only a probe that found rows refuses; an unprobed target waits for the execution's probe.
  const holding = drops.filter((d) => d.rows === true).map((d) => (d.column ? `${d.table}.${d.column}` : d.table));
  if (holding.length === 0) return;
  const found =
    when === 'start' ? ' (found as the rollback started)' : when === 'resume' ? ' (found as the rollback resumed)' : '';
  throw new DataLossRefusal(
    `${when === 'resume' ? 'Resuming the rollback of' : 'Rolling back'} batch ${batchId} would drop data: ${holding.join(', ')} hold rows${found}.`,
    {
      hint:
        when === 'resume'
          ? 'Check those tables; resume with --allow-data-loss (or confirm the data loss in the app) to proceed (a backup of those tables is written first).'
          : when === 'start'
            ? 'Nothing was changed. Check those tables; pass --allow-data-loss (or confirm the data loss in the app) to proceed (a backup of those tables is written first).'
            : 'Check the preview; pass --allow-data-loss to proceed (a backup of those tables is written first).',
      details: { tables: holding.join(', ') },
    },
    drops,
  );
}

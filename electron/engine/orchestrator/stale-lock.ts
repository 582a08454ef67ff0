import { hostname } from 'node:os';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LupoError } from '../../../shared/errors';
import { lockHolderConnectionId } from './advisory-lock';
import type { BatchSummary, Ledger } from './ledger';
import { formatYmdhis } from './ymdhis';

/** The holder connection as the server's process list shows it. */
export interface HolderConnection {
  readonly id: number;
  /** `Sleep` when idle, `Query` while a statement runs. */
  readonly command: string;
  /** Seconds in the current state. */
  readonly seconds: number;
  readonly user: string;
  readonly clientHost: string;
}

/** Who holds a target's lock, and whether that runner is provably gone. */
export interface LockHolder {
  readonly targetDatabase: string;
  /** The connection holding the lock (undefined: the lock is free). */
  readonly connectionId?: number;
  readonly connection?: HolderConnection;
  /** The ledger's running batch on that target (its runner's identity). */
  readonly batch?: BatchSummary;
  /** The runner's host name and pid, parsed from the ledger (`host pid N`). */
  readonly runnerHost?: string;
  readonly runnerPid?: number;
  /**
   * - `free`: nobody holds the lock;
   * - `alive`: the runner runs on this host, or its connection is busy, or it cannot be told;
   * - `stale`: the runner ran on this host, its pid is gone, and its connection is idle —
   *   a half-open connection that keeps the lock until the server's wait_timeout;
   * - `orphaned-statement`: the runner is gone but its last statement still runs on the server.
   */
  readonly verdict: 'free' | 'alive' | 'stale' | 'orphaned-statement' | 'unknown';
  /** One sentence saying why. */
  readonly reason: string;
}

/** `host pid N` (see ledger.currentRunner) → its parts; undefined when the text is something else. */
export function parseRunnerHost(text: string): { host: string; pid: number } | undefined {
  const match = /^(.*) pid (\d+)$/.exec(text);
  return match ? { host: match[1]!, pid: Number(match[2]) } : undefined;
}

/** True while a process with this pid exists on this host (EPERM: it exists, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderConnection(db: Pick<Connection, 'query'>, id: number): Promise<HolderConnection | undefined> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT ID AS id, COMMAND AS command, TIME AS seconds, USER AS user, HOST AS host FROM information_schema.PROCESSLIST WHERE ID = ?',
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    command: String(row.command),
    seconds: Number(row.seconds),
    user: String(row.user),
    clientHost: String(row.host),
  };
}

/**
 * Finds who holds the lock of `targetDatabase` and whether it is stale: the ledger's
 * running batch names the runner (`host pid N`); when that host is this one, the pid can be
 * checked. A lock whose runner is gone and whose connection is idle is stale: a half-open
 * connection (the runner was killed, its host or network went away) that the server keeps
 * until wait_timeout (8 hours by default), blocking every apply.
 */
export async function assessLockHolder(
  db: Pick<Connection, 'query'>,
  ledger: Ledger,
  targetDatabase: string,
  thisHost: string = hostname(),
): Promise<LockHolder> {
  const connectionId = await lockHolderConnectionId(db, targetDatabase).catch(() => undefined);
  const batch = (await ledger.unfinishedBatches(targetDatabase)).find((b) => b.status === 'running');
  const runner = batch ? parseRunnerHost(batch.runner.host) : undefined;
  const base = {
    targetDatabase,
    ...(connectionId === undefined ? {} : { connectionId }),
    ...(batch ? { batch } : {}),
    ...(runner ? { runnerHost: runner.host, runnerPid: runner.pid } : {}),
  };
  if (connectionId === undefined) return { ...base, verdict: 'free', reason: 'Nobody holds the lock.' };
  const connection = await holderConnection(db, connectionId).catch(() => undefined);
  const withConnection = { ...base, ...(connection ? { connection } : {}) };
  if (!runner) {
    return {
      ...withConnection,
      verdict: 'unknown',
      reason: `The ledger names no running batch with a host and pid for server connection ${connectionId}.`,
    };
  }
  if (runner.host !== thisHost) {
    return {
      ...withConnection,
      verdict: 'unknown',
      reason: `The runner ran on ${runner.host} (pid ${runner.pid}); its process can only be checked there.`,
    };
  }
  if (processAlive(runner.pid)) {
    return { ...withConnection, verdict: 'alive', reason: `Its process (pid ${runner.pid}) is still running here.` };
  }
  if (connection && connection.command !== 'Sleep') {
    return {
      ...withConnection,
      verdict: 'orphaned-statement',
      reason: `Its process (pid ${runner.pid}) is gone, but its last statement still runs on the server (connection ${connectionId}, ${connection.command} for ${connection.seconds} s).`,
    };
  }
  return {
    ...withConnection,
    verdict: 'stale',
    reason: `Its process (pid ${runner.pid}) is gone; its server connection ${connectionId} still holds the lock${connection ? ` (idle for ${connection.seconds} s)` : ''} and will until the server's wait_timeout.`,
  };
}

/**
 * The `apply/locked` error, with the remedy that fits: wait for a live runner; for a
 * stale lock, the exact `KILL <connection id>` or `lupo unlock --batch N`.
 */
export async function lockedError(
  db: Pick<Connection, 'query'>,
  ledger: Ledger,
  targetDatabase: string,
): Promise<LupoError> {
  const holder = await assessLockHolder(db, ledger, targetDatabase);
  const running = holder.batch;
  const who = running
    ? `batch ${running.batchId} (${running.kind}) started ${formatYmdhis(running.startedYmdhis)} by ${running.runner.user} on ${running.runner.host}`
    : `server connection ${holder.connectionId ?? 'unknown'}`;
  const kill = holder.connectionId === undefined ? undefined : `KILL ${holder.connectionId}`;
  const hint =
    holder.verdict === 'stale'
      ? `The lock is stale. Run \`lupo unlock --batch ${running!.batchId}\` (it checks the runner is gone, then ends connection ${holder.connectionId}), or \`${kill}\` on the server yourself; then \`lupo apply --resume\`.`
      : holder.verdict === 'orphaned-statement'
        ? `Wait for that statement to finish (the lock then becomes stale: run \`lupo unlock --batch ${running!.batchId}\`), or \`${kill}\` to stop it now (the server rolls the statement back); then \`lupo apply --resume\`.`
        : holder.verdict === 'unknown' && kill
          ? `Wait for it to finish (lupo status shows its progress). If you know its runner is gone, \`${kill}\` on the server frees the lock.`
          : 'Wait for it to finish (lupo status shows its progress); only one apply or rollback may run per database.';
  return new LupoError(
    'apply/locked',
    `Another runner is migrating ${targetDatabase}: ${who}.${holder.verdict === 'alive' ? '' : ` ${holder.reason}`}`,
    {
      hint,
      details: {
        targetDatabase,
        holderBatchId: running?.batchId ?? null,
        holderUser: running?.runner.user ?? null,
        holderHost: running?.runner.host ?? null,
        holderStarted: running ? formatYmdhis(running.startedYmdhis) : null,
        holderConnectionId: holder.connectionId ?? null,
        holderState: holder.verdict,
      },
    },
  );
}

/**
 * `lupo unlock`: frees the lock of a batch's target when — and only when — its holder is
 * provably dead: the runner ran on this host, its pid is gone, and its connection is idle
 * (a statement still running is left alone unless `force`, as is a runner elsewhere). Kills
 * the holder connection and checks the lock is free. Returns the connection it ended.
 */
export async function unlockStaleBatch(
  db: Pick<Connection, 'query'>,
  ledger: Ledger,
  batchId: number,
  options: { readonly force?: boolean } = {},
): Promise<{ readonly connectionId: number; readonly holder: LockHolder }> {
  const batch = await ledger.batch(batchId);
  if (!batch) {
    throw new LupoError('unlock/no-batch', `No batch ${batchId} in the ledger.`, {
      hint: 'lupo status lists the batches; the apply/locked message names the one holding the lock.',
    });
  }
  const holder = await assessLockHolder(db, ledger, batch.targetDatabase);
  if (holder.verdict === 'free' || holder.connectionId === undefined) {
    throw new LupoError('unlock/not-locked', `Nobody holds the lock of ${batch.targetDatabase}: nothing to unlock.`, {
      hint: 'Run `lupo apply --resume` to finish the interrupted batch.',
    });
  }
  if (holder.batch?.batchId !== batchId) {
    throw new LupoError(
      'unlock/other-holder',
      `The lock of ${batch.targetDatabase} is not held for batch ${batchId}${holder.batch ? ` but for batch ${holder.batch.batchId}` : ''}.`,
      { hint: 'Check `lupo status`, and give the batch the apply/locked message names.' },
    );
  }
  const deadEnough = holder.verdict === 'stale' || (options.force === true && holder.verdict === 'orphaned-statement');
  if (!deadEnough) {
    throw new LupoError(
      'unlock/holder-alive',
      `Refusing to unlock ${batch.targetDatabase}: the holder is not provably gone. ${holder.reason}`,
      {
        hint:
          holder.verdict === 'orphaned-statement'
            ? 'Wait for the statement to end, or pass --force to stop it (the server rolls it back).'
            : holder.verdict === 'alive'
              ? 'Let the runner finish, or stop it (Ctrl-C) and resume later.'
              : `Check on ${holder.runnerHost ?? 'the runner host'} that the runner is gone, then run \`KILL ${holder.connectionId}\` on the server.`,
        details: { batchId, connectionId: holder.connectionId, holderState: holder.verdict },
      },
    );
  }
  await db.query(`KILL ${Number(holder.connectionId)}`).catch((error: { errno?: number }) => {
    // 1094 ER_NO_SUCH_THREAD: the connection went away on its own meanwhile — the lock check below decides.
    if (error.errno === 1094) return;
    if (error.errno === 1095) {
      throw new LupoError(
        'unlock/kill-denied',
        `This login may not end connection ${holder.connectionId} (it belongs to ${holder.connection?.user ?? 'another user'}).`,
        {
          hint: `Run \`KILL ${holder.connectionId}\` as that user or as an administrator (CONNECTION ADMIN / SUPER), then \`lupo apply --resume\`.`,
        },
      );
    }
    throw error;
  });
  for (let i = 0; i < 50; i++) {
    if ((await lockHolderConnectionId(db, batch.targetDatabase)) === undefined) {
      return { connectionId: holder.connectionId, holder };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new LupoError(
    'unlock/still-locked',
    `Connection ${holder.connectionId} was ended but the lock of ${batch.targetDatabase} is still held.`,
    { hint: 'Run `lupo status` and try again; another runner may have taken it.' },
  );
}

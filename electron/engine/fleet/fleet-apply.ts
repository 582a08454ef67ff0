import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LupoError } from '../../../shared/errors';
import type { EngineSink } from '../../../shared/engine-events';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import {
  fleetRunState,
  type FleetFile,
  type FleetRunState,
  type FleetTarget,
  type FleetTargetRunState,
} from '../../../shared/contract/fleet';
import type { MigrationFile } from '../migrations/migration-folder';
import { planApply } from '../orchestrator/apply-plan';
import { validateApply } from '../orchestrator/apply-validate';
import { executeApply } from '../orchestrator/apply-execute';
import { ledgerExists } from '../orchestrator/inspect-unfinished';
import { Ledger } from '../orchestrator/ledger';
import { resumeApply } from '../orchestrator/resume';
import { ymdhis } from '../orchestrator/ymdhis';
import { planWaves } from './fleet-file';
import { targetDatabase, type OpenTarget } from './fleet-status';
import { mapLimit } from '../jobs/map-limit';

/** What a fleet apply reports while it runs. */
export type FleetEvent =
  | { readonly type: 'wave'; readonly index: number; readonly total: number; readonly targets: readonly string[] }
  | {
      readonly type: 'target';
      readonly name: string;
      readonly state: FleetTargetRunState;
      readonly detail?: string;
    }
  | { readonly type: 'halted'; readonly failed: readonly string[]; readonly notStarted: readonly string[] }
  /** A target started statement `index` (0-based) of `total`. */
  | { readonly type: 'statement'; readonly name: string; readonly index: number; readonly total: number };

/** Options of `fleetApply`. */
export interface FleetApplyOptions {
  readonly fleet: FleetFile;
  readonly config: WorkspaceConfig;
  readonly open: OpenTarget;
  /** The migration (its path as the operator named it, relative to the workspace). */
  readonly file: MigrationFile;
  readonly role: DatabaseRole;
  /** Where the run's state is kept (for --resume and the report). */
  readonly statePath: string;
  readonly allowDestructive?: boolean;
  readonly onEvent?: (event: FleetEvent) => void;
  /** Called with the run state each time it changes (the app's live wave view). */
  readonly onState?: (state: FleetRunState) => void;
  readonly signal?: AbortSignal;
}

/** Reads the last fleet run's state, or undefined when there is none. */
export async function readFleetRunState(path: string): Promise<FleetRunState | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = fleetRunState.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new LupoError('fleet/bad-state', `${path} is not a fleet run state file.`, {
      hint: 'Delete it to start a new fleet run.',
    });
  return parsed.data;
}

/** Writes the run state atomically (a crash never leaves half a file). */
async function writeState(path: string, state: FleetRunState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ ...state, updatedYmdhis: ymdhis() }, null, 2));
  await rename(temp, path);
}

/** Starts a new fleet run of `file` (refused while an unfinished run exists: resume or discard it). */
export async function fleetApply(options: FleetApplyOptions): Promise<FleetRunState> {
  const previous = await readFleetRunState(options.statePath);
  if (previous && previous.status !== 'completed') {
    throw new LupoError(
      'fleet/unfinished-run',
      `Fleet run ${previous.runId} of ${previous.file} is ${previous.status}: ${describeCounts(previous)}.`,
      {
        hint: 'Fix what failed (lupo fleet status shows each target), then lupo fleet apply --resume. Delete the state file to abandon that run.',
        details: { stateFile: options.statePath },
      },
    );
  }
  const waves = planWaves(options.fleet);
  const state: FleetRunState = {
    runId: randomUUID(),
    fleet: options.fleet.name,
    file: options.file.path,
    sha256: options.file.sha256,
    role: options.role,
    startedYmdhis: ymdhis(),
    updatedYmdhis: ymdhis(),
    status: 'running',
    waves,
    targets: Object.fromEntries(
      waves.flatMap((wave, index) => wave.map((name) => [name, { state: 'pending' as const, wave: index }])),
    ),
  };
  await writeState(options.statePath, state);
  options.onState?.(state);
  return runWaves(options, state);
}

/** Continues the last fleet run: targets done stay done; failed and not-started ones run (a failed batch is resumed). */
export async function resumeFleetApply(
  options: Omit<FleetApplyOptions, 'file'> & { readonly file?: MigrationFile },
): Promise<FleetRunState> {
  const state = await readFleetRunState(options.statePath);
  if (!state)
    throw new LupoError('fleet/no-run', 'There is no fleet run to resume.', {
      hint: 'Start one with lupo fleet apply FILE.',
    });
  if (state.status === 'completed') return state;
  const file = options.file;
  if (!file) throw new LupoError('fleet/no-file', `The migration ${state.file} of the fleet run is needed to resume.`);
  if (file.sha256 !== state.sha256)
    throw new LupoError('fleet/file-changed', `${state.file} changed since fleet run ${state.runId} started.`, {
      hint: 'Applied migrations must not change: restore the file, or put new statements in a new migration.',
    });
  return runWaves({ ...options, file, role: state.role }, { ...state, status: 'running' });
}

async function runWaves(options: FleetApplyOptions, initial: FleetRunState): Promise<FleetRunState> {
  let state = initial;
  const targets = new Map(options.fleet.targets.map((t) => [t.name, t]));
  let writing = Promise.resolve();
  const update = (name: string, patch: Partial<FleetRunState['targets'][string]>): Promise<void> => {
    state = { ...state, targets: { ...state.targets, [name]: { ...state.targets[name]!, ...patch } } };
    const snapshot = state;
    options.onState?.(snapshot);
    writing = writing.then(() => writeState(options.statePath, snapshot));
    return writing;
  };
  let halted = false;
  for (const [index, wave] of state.waves.entries()) {
    const todo = wave.filter((n) => !['done', 'already'].includes(state.targets[n]?.state ?? ''));
    if (todo.length === 0) continue;
    options.onEvent?.({ type: 'wave', index, total: state.waves.length, targets: todo });
    await mapLimit(todo, options.fleet.parallelism, async (name) => {
      if (halted || options.signal?.aborted) {
        await update(name, { state: 'not-started' });
        return;
      }
      const target = targets.get(name);
      if (!target) {
        await update(name, {
          state: 'failed',
          error: 'no longer in the fleet file',
          errorCode: 'fleet/unknown-target',
        });
        halted = true;
        return;
      }
      await update(name, { state: 'running' });
      options.onEvent?.({ type: 'target', name, state: 'running' });
      const started = Date.now();
      const result = await applyToTarget(options, target, state.runId);
      await update(name, { ...result, elapsedMs: Date.now() - started });
      options.onEvent?.({
        type: 'target',
        name,
        state: result.state,
        ...(result.error ? { detail: result.error } : {}),
      });
      if (result.state === 'failed') halted = true;
    });
    // Cancelled by the operator: what did not run stays resumable, like after a failure.
    if (options.signal?.aborted) halted = true;
    if (halted) break;
  }
  if (halted) {
    for (const [name, t] of Object.entries(state.targets))
      if (t.state === 'pending') await update(name, { state: 'not-started' });
    const failed = Object.entries(state.targets)
      .filter(([, t]) => t.state === 'failed')
      .map(([n]) => n);
    const notStarted = Object.entries(state.targets)
      .filter(([, t]) => t.state === 'not-started')
      .map(([n]) => n);
    options.onEvent?.({ type: 'halted', failed, notStarted });
  }
  state = { ...state, status: halted ? 'halted' : 'completed' };
  await writing;
  await writeState(options.statePath, state);
  options.onState?.(state);
  return state;
}

interface TargetResult {
  readonly state: FleetTargetRunState;
  readonly batchId?: number;
  readonly error?: string;
  readonly errorCode?: string;
}

/**
 * One target of a fleet run, under its own lock and ledger: an unfinished batch there is
 * resumed first; then the file is planned, validated and executed (already applied with the
 * same checksum → `already`). Failures come back as a `failed` result with the error.
 */
async function applyToTarget(options: FleetApplyOptions, target: FleetTarget, runId: string): Promise<TargetResult> {
  const database = targetDatabase(target, options.role, options.config);
  const ledgerDatabase = targetDatabase(target, 'orchestration', options.config);
  const signal = options.signal ?? new AbortController().signal;
  // Statement progress of this target (start of each statement) for live views.
  const sink: EngineSink = (event) => {
    if (event.type === 'statement' && event.phase === 'start')
      options.onEvent?.({ type: 'statement', name: target.name, index: event.index, total: event.total });
  };
  try {
    const session = await options.open(target, 'write');
    try {
      const pool = session.pool;
      let resumed: number | undefined;
      if (await ledgerExists(pool, ledgerDatabase)) {
        const [unfinished] = await (await Ledger.open(pool, ledgerDatabase)).unfinishedBatches(database);
        if (unfinished) {
          const outcome = await resumeApply(pool, {
            targetDatabase: database,
            ledgerDatabase,
            inFlight: 'refuse',
            sink,
            signal,
          });
          resumed = outcome.batchId ?? unfinished.batchId;
        }
      }
      const plan = await planApply(pool, {
        file: options.file,
        targetDatabase: database,
        ledgerDatabase,
        budget: options.config.tableBudget.total,
      });
      const validation = await validateApply(pool, plan, {
        config: options.config,
        allowDestructive: Boolean(options.allowDestructive),
      });
      if (validation.alreadyApplied)
        return resumed === undefined ? { state: 'already' } : { state: 'done', batchId: resumed };
      const failed = validation.checks.filter((c) => !c.passed);
      if (failed.length > 0)
        return {
          state: 'failed',
          errorCode: 'apply/validation-failed',
          error: failed.map((c) => `${c.id}: ${c.message}`).join(' '),
        };
      const outcome = await executeApply(pool, {
        plan,
        validation,
        confirmation: { typedDatabase: database, allowDestructive: Boolean(options.allowDestructive) },
        sink,
        signal,
        // Every target's batch names the fleet run it belongs to (properties.lupo_admin.fleet_run_id).
        batchProperties: { fleet_run_id: runId },
      });
      return outcome.status === 'noop'
        ? { state: 'already' }
        : { state: 'done', ...(outcome.batchId ? { batchId: outcome.batchId } : {}) };
    } finally {
      await session.close().catch(() => {});
    }
  } catch (error) {
    const code = error instanceof LupoError ? error.code : 'fleet/target-failed';
    return { state: 'failed', errorCode: code, error: (error as Error).message };
  }
}

/** "3 done, 1 failed, 16 not started" for messages and the report. */
export function describeCounts(state: FleetRunState): string {
  const counts = new Map<string, number>();
  for (const t of Object.values(state.targets)) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { z } from 'zod';
import type { LupoClient } from '../../../shared/contract/client';
import type { EventPayload } from '../../../shared/contract/index';
import {
  applyResultSchema,
  rehearsalResultSchema,
  type ApplyResultView,
  type MigrationFolderFile,
  type MigrationPlanView,
  type OsuMethodView,
  type RehearsalResultView,
  type UnfinishedRunView,
  type ValidationResultView,
} from '../../../shared/contract/migration';
import type { DatabaseRole } from '../../../shared/schema/model';
import { toUiError, type UiError } from '../lib/ui-error';
import { EarlyFinishes, listenToJobs } from './job-events';

/** An error with the engine's details (statement, line, server code) kept for the failure panel. */
export interface RunError extends UiError {
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** A job the wizard follows: progress, the latest statement, and how it ended. */
export interface RunState<R> {
  readonly jobId: string;
  readonly startedMs: number;
  readonly status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  readonly value: number;
  readonly detail?: string;
  readonly endedMs?: number;
  readonly result?: R;
  readonly error?: RunError;
}

/** Starts following a job. */
export function startRun<R>(jobId: string, now: number): RunState<R> {
  return { jobId, startedMs: now, status: 'running', value: 0 };
}

/** Folds a `job/progress` event into a run (ignored when it is another job's or the run ended). */
export function foldProgress<R>(
  run: RunState<R> | undefined,
  event: EventPayload<'job/progress'>,
): RunState<R> | undefined {
  if (!run || run.jobId !== event.jobId || run.status !== 'running') return run;
  return {
    ...run,
    ...(event.value === undefined ? {} : { value: Math.max(run.value, event.value) }),
    ...(event.detail === undefined ? {} : { detail: event.detail }),
  };
}

/**
 * Folds a `job/finished` event into a run; the result is validated with the job kind's
 * schema (a result that does not match is reported as a failure, never trusted).
 */
export function foldFinished<R>(
  run: RunState<R> | undefined,
  event: EventPayload<'job/finished'>,
  schema: z.ZodType<R>,
  now: number,
): RunState<R> | undefined {
  if (!run || run.jobId !== event.jobId) return run;
  const base = { ...run, status: event.status, endedMs: now } as RunState<R>;
  if (event.status === 'succeeded') {
    const parsed = schema.safeParse(event.result);
    if (parsed.success) return { ...base, value: 1, result: parsed.data };
    return {
      ...base,
      status: 'failed',
      error: {
        code: 'contract/invalid-result',
        message: 'The engine returned an unexpected result for this job.',
        hint: 'This is a bug in Lupo Admin: please report it.',
      },
    };
  }
  const error = event.error;
  return {
    ...base,
    ...(error
      ? {
          error: {
            code: error.code,
            message: error.message,
            ...(error.hint === undefined ? {} : { hint: error.hint }),
            ...(error.details === undefined ? {} : { details: error.details }),
          },
        }
      : {}),
  };
}

/** Elapsed time and a linear ETA from the progress so far (undefined until there is progress). */
export function runTiming(
  run: Pick<RunState<unknown>, 'startedMs' | 'endedMs' | 'value'>,
  now: number,
): { elapsedMs: number; etaMs?: number } {
  const elapsedMs = Math.max(0, (run.endedMs ?? now) - run.startedMs);
  if (run.endedMs !== undefined || run.value <= 0 || run.value >= 1)
    return { elapsedMs, ...(run.value >= 1 ? { etaMs: 0 } : {}) };
  return { elapsedMs, etaMs: Math.round((elapsedMs * (1 - run.value)) / run.value) };
}

/** `1 min 05 s`-style duration for the progress panel. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['source', 'review', 'validate', 'rehearse', 'confirm', 'execute', 'done'] as const;
/** One wizard step. */
export type WizardStep = (typeof WIZARD_STEPS)[number];

/**
 * The stepper's active index: steps before it show as completed. A rehearsal that succeeded
 * ticks "Rehearse" at once, while the operator is still on the validate/rehearse panel;
 * on "done" every step is completed.
 */
export function stepperActive(step: WizardStep, rehearsalSucceeded: boolean): number {
  if (step === 'done') return WIZARD_STEPS.length;
  const rehearse = WIZARD_STEPS.indexOf('rehearse');
  if (rehearsalSucceeded && (step === 'validate' || step === 'rehearse')) return rehearse + 1;
  return WIZARD_STEPS.indexOf(step);
}

/** State and actions of the migration wizard. */
export interface MigrationState {
  readonly step: WizardStep;
  readonly sourceKind: 'drift' | 'files';
  readonly driftRole: DatabaseRole;
  readonly folder?: string;
  readonly files: readonly MigrationFolderFile[];
  readonly selectedFiles: readonly string[];
  readonly plan?: MigrationPlanView;
  readonly validation?: ValidationResultView;
  readonly rehearsal?: RunState<RehearsalResultView>;
  readonly confirmText: string;
  readonly allowDestructive: boolean;
  /** On Galera: how the batch's DDL runs (TOI, the default, or RSU node by node); chosen on the review step. */
  readonly osuMethod: OsuMethodView;
  readonly run?: RunState<ApplyResultView>;
  readonly unfinished: readonly UnfinishedRunView[];
  /** The connection the plan was made on (resume and the unfinished list use it). */
  readonly connectionId?: string;
  /** An unfinished batch the operator chose to resume (from the overview): the wizard shows its resume step. */
  readonly resumeCandidate?: UnfinishedRunView;
  /** What to do with the statement that was running when the batch stopped. */
  readonly resumeInFlight: 'refuse' | 'rerun' | 'done';
  readonly busy: boolean;
  readonly error?: UiError;
  setSource(kind: 'drift' | 'files'): void;
  setDriftRole(role: DatabaseRole): void;
  toggleFile(name: string): void;
  loadFiles(): Promise<void>;
  /** Plans from the chosen source and moves to the review. */
  makePlan(connectionId: string): Promise<void>;
  validate(): Promise<void>;
  rehearse(): Promise<void>;
  setConfirmText(text: string): void;
  setAllowDestructive(allow: boolean): void;
  /** Chooses TOI or RSU; the plan must be validated again for the new method. */
  setOsuMethod(method: OsuMethodView): void;
  /** Starts the apply job (the confirmation is checked again by the engine). */
  apply(): Promise<void>;
  /** Resumes an unfinished batch (the failure panel's "resume", or the overview's call to action). */
  resume(
    connectionId: string,
    batchId: number,
    typedDatabase: string,
    inFlight?: 'refuse' | 'rerun' | 'done',
    /** A rollback batch: drop rows found in tables still to drop (the engine backs them up first). */
    allowDataLoss?: boolean,
  ): Promise<void>;
  /** Opens the resume step for an unfinished batch (the operator still types the database name). */
  prepareResume(connectionId: string, run: UnfinishedRunView): void;
  setResumeInFlight(choice: 'refuse' | 'rerun' | 'done'): void;
  /** Asks the running job to stop between statements. */
  cancel(): Promise<void>;
  loadUnfinished(connectionId: string): Promise<void>;
  goTo(step: WizardStep): void;
  reset(): void;
  /** Folds job events (subscribed by `listen`, public for tests). */
  onProgress(event: EventPayload<'job/progress'>): void;
  onFinished(event: EventPayload<'job/finished'>): void;
  /** Subscribes to job events; returns the unsubscribe. */
  listen(): () => void;
}

/** A migration wizard store. */
export type MigrationStore = StoreApi<MigrationState>;

/** True when the typed name matches the target and destructive statements (if any) are confirmed too. */
export function canConfirm(
  state: Pick<MigrationState, 'plan' | 'validation' | 'confirmText' | 'allowDestructive'>,
): boolean {
  const { plan, validation } = state;
  if (!plan || !validation) return false;
  const blocking = validation.checks.some((c) => !c.passed && c.id !== 'destructive' && c.id !== 'runner');
  if (blocking || validation.alreadyApplied) return false;
  return state.confirmText === plan.targetDatabase && (plan.counts.destructive === 0 || state.allowDestructive);
}

const initial = {
  step: 'source' as WizardStep,
  sourceKind: 'drift' as const,
  driftRole: 'core' as DatabaseRole,
  files: [] as readonly MigrationFolderFile[],
  selectedFiles: [] as readonly string[],
  confirmText: '',
  allowDestructive: false,
  osuMethod: 'toi' as OsuMethodView,
  unfinished: [] as readonly UnfinishedRunView[],
  resumeInFlight: 'refuse' as const,
  busy: false,
};

/** True when the typed name matches the resume candidate's target and no runner holds its lock. */
export function canResume(state: Pick<MigrationState, 'resumeCandidate' | 'confirmText'>): boolean {
  const run = state.resumeCandidate;
  return run !== undefined && !run.lockHeld && state.confirmText === run.batch.targetDatabase;
}

/**
 * Creates the migration wizard store: plan → review → validate → rehearse → confirm →
 * execute → done. The plan lives in the engine; this store holds its view and the plan
 * id. Job events are folded by job id; events that arrive before the call that started
 * the job has returned are buffered so none is lost.
 */
export function createMigrationStore(client: LupoClient, now: () => number = Date.now): MigrationStore {
  const early = new EarlyFinishes();
  return createStore<MigrationState>()((set, get) => {
    const follow = (jobId: string, field: 'run' | 'rehearsal'): void => {
      set({ [field]: startRun(jobId, now()) } as Partial<MigrationState>);
      const finished = early.take(jobId);
      if (finished) get().onFinished(finished);
    };
    const guarded = async (work: () => Promise<void>): Promise<void> => {
      set({ busy: true, error: undefined });
      try {
        await work();
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    };
    return {
      ...initial,
      setSource: (sourceKind) => set({ sourceKind }),
      setDriftRole: (driftRole) => set({ driftRole }),
      toggleFile(name) {
        const selected = get().selectedFiles;
        set({ selectedFiles: selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name] });
      },
      loadFiles: () =>
        guarded(async () => {
          const { folder, files } = await client.call('migration/files', {});
          set({ folder, files, selectedFiles: get().selectedFiles.filter((n) => files.some((f) => f.name === n)) });
        }),
      makePlan: (connectionId) =>
        guarded(async () => {
          const { sourceKind, driftRole, selectedFiles } = get();
          const source =
            sourceKind === 'drift'
              ? { kind: 'drift' as const, role: driftRole }
              : { kind: 'files' as const, files: [...selectedFiles] };
          const plan = await client.call('migration/plan', { connectionId, source });
          set({
            plan,
            connectionId,
            validation: undefined,
            rehearsal: undefined,
            run: undefined,
            confirmText: '',
            allowDestructive: false,
            osuMethod: 'toi',
            step: 'review',
          });
        }),
      validate: () =>
        guarded(async () => {
          const plan = get().plan;
          if (!plan) return;
          const validation = await client.call('migration/validate', {
            planId: plan.planId,
            osuMethod: get().osuMethod,
          });
          set({ validation, step: 'validate' });
        }),
      rehearse: () =>
        guarded(async () => {
          const plan = get().plan;
          if (!plan) return;
          const { jobId } = await client.call('migration/rehearse', { planId: plan.planId });
          follow(jobId, 'rehearsal');
        }),
      setConfirmText: (confirmText) => set({ confirmText }),
      setAllowDestructive: (allowDestructive) => set({ allowDestructive }),
      setOsuMethod: (osuMethod) => set({ osuMethod, validation: undefined, rehearsal: undefined }),
      apply: () =>
        guarded(async () => {
          const { plan, confirmText, allowDestructive, osuMethod } = get();
          if (!plan || !canConfirm(get())) return;
          const { jobId } = await client.call('migration/apply', {
            planId: plan.planId,
            confirmation: { typedDatabase: confirmText, allowDestructive },
            osuMethod,
          });
          set({ step: 'execute' });
          follow(jobId, 'run');
        }),
      resume: (connectionId, batchId, typedDatabase, inFlight = 'refuse', allowDataLoss = false) =>
        guarded(async () => {
          const { jobId } = await client.call('migration/resume', {
            connectionId,
            batchId,
            typedDatabase,
            inFlight,
            allowDataLoss,
          });
          set({ step: 'execute', connectionId, resumeCandidate: undefined });
          follow(jobId, 'run');
        }),
      async cancel() {
        const job =
          get().run?.status === 'running'
            ? get().run
            : get().rehearsal?.status === 'running'
              ? get().rehearsal
              : undefined;
        if (job)
          await client
            .call('job/cancel', { jobId: job.jobId })
            .catch((error: unknown) => set({ error: toUiError(error) }));
      },
      prepareResume(connectionId, run) {
        set({
          ...initial,
          files: get().files,
          folder: get().folder,
          connectionId,
          resumeCandidate: run,
          plan: undefined,
          validation: undefined,
          rehearsal: undefined,
          run: undefined,
          error: undefined,
        });
      },
      setResumeInFlight: (resumeInFlight) => set({ resumeInFlight }),
      loadUnfinished: (connectionId) =>
        guarded(async () => {
          const { runs } = await client.call('migration/unfinished', { connectionId });
          set({ unfinished: runs });
        }),
      goTo: (step) => set({ step }),
      // A new plan forgets the last one's plan, checks and run (their results are not the next plan's).
      reset: () =>
        set({
          ...initial,
          files: get().files,
          folder: get().folder,
          plan: undefined,
          validation: undefined,
          rehearsal: undefined,
          run: undefined,
          resumeCandidate: undefined,
          error: undefined,
        }),
      onProgress(event) {
        const { run, rehearsal } = get();
        const nextRun = foldProgress(run, event);
        const nextRehearsal = foldProgress(rehearsal, event);
        if (nextRun !== run || nextRehearsal !== rehearsal) set({ run: nextRun, rehearsal: nextRehearsal });
      },
      onFinished(event) {
        const { run, rehearsal } = get();
        if (run?.jobId === event.jobId) {
          const next = foldFinished(run, event, applyResultSchema, now());
          set({ run: next, ...(next?.status === 'succeeded' ? { step: 'done' as const } : {}) });
          // A stopped run leaves an unfinished batch: fetch it for the resume / roll back choice.
          const connectionId = get().connectionId;
          if (next?.status !== 'succeeded' && connectionId) void get().loadUnfinished(connectionId);
        } else if (rehearsal?.jobId === event.jobId) {
          set({ rehearsal: foldFinished(rehearsal, event, rehearsalResultSchema, now()) });
        } else if (event.kind === 'apply' || event.kind === 'rehearse' || event.kind === 'resume') {
          early.remember(event);
        }
      },
      listen: () =>
        listenToJobs(
          client,
          (event) => get().onProgress(event),
          (event) => get().onFinished(event),
        ),
    };
  });
}

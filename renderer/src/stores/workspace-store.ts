import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { EventPayload } from '../../../shared/contract/index';
import { analysisSummarySchema, type AnalysisSummary, type WorkspaceSummary } from '../../../shared/contract/workspace';
import { NO_WORKSPACE_MEMORY, type WorkspaceMemory } from '../lib/last-workspace';
import { analysisSummaryCheck } from '../lib/analysis-summary-check';
import { runSliced } from '../lib/sliced-work';
import { toUiError, type UiError } from '../lib/ui-error';
import { EarlyFinishes, listenToJobs } from './job-events';
import { foldFinished, foldProgress, startRun, type RunState } from './migration-store';

/** The job kind of `workspace/analyze-start`. */
export const ANALYZE_JOB_KIND = 'analyze';

/** State and actions of the workspace domain: the opened workspace and its latest analysis. */
export interface WorkspaceState {
  readonly summary?: WorkspaceSummary;
  /** The latest analysis that succeeded: kept on screen while a newer one runs, and after one is cancelled. */
  readonly analysis?: AnalysisSummary;
  readonly loading: boolean;
  /** True from the moment an analysis is asked for until its job ends. */
  readonly analyzing: boolean;
  /** The analysis job being followed (or the last one): progress, detail, how it ended. */
  readonly analysisRun?: RunState<AnalysisSummary>;
  /** The job's stable title (from its progress events). */
  readonly analysisTitle?: string;
  /** The last open problem (no config, bad files…), kept until the next open. */
  readonly error?: UiError;
  /** The last analysis problem, kept until the next analysis. */
  readonly analysisError?: UiError;
  /** Opens a workspace folder (the demo workspace when `path` is absent); true when it opened. */
  open(path?: string): Promise<boolean>;
  /**
   * Opens the workspace remembered from the last start, else the demo one. When the
   * remembered one no longer opens, the demo opens and the error says why (and is kept).
   */
  openRemembered(): Promise<void>;
  /**
   * Analyzes the open workspace as a job (`workspace/analyze-start`), against the live
   * databases when a connection id is given; a newer analysis cancels an older one still
   * running. Resolves when this analysis ends (succeeded, failed, cancelled or superseded);
   * needs `listen()` to hear the job's events.
   */
  analyze(connectionId?: string): Promise<void>;
  /** Asks the running analysis to stop; the previous analysis stays on screen. */
  cancelAnalysis(): Promise<void>;
  clearError(): void;
  /** Folds job events (subscribed by `listen`, public for tests). */
  onProgress(event: EventPayload<'job/progress'>): void;
  onFinished(event: EventPayload<'job/finished'>): void;
  /** Subscribes to job events; returns the unsubscribe. */
  listen(): () => void;
}

/** A workspace store. */
export type WorkspaceStore = StoreApi<WorkspaceState>;

/**
 * Creates the workspace store; a newer open/analyze supersedes an older one still in
 * flight. Every successful open is remembered in `memory` (the demo as "nothing").
 * Analyses are jobs followed by id like the migration wizard's: the result is validated
 * with analysisSummarySchema on arrival, and a finished event that beats the start call's
 * answer is buffered so none is lost.
 */
export function createWorkspaceStore(
  client: LupoClient,
  memory: WorkspaceMemory = NO_WORKSPACE_MEMORY,
  now: () => number = Date.now,
): WorkspaceStore {
  let openTicket = 0;
  let analyzeTicket = 0;
  const early = new EarlyFinishes();
  /** Resolves the `analyze()` promise of a followed job when it ends or is superseded. */
  const settle = new Map<string, () => void>();
  const release = (jobId: string | undefined): void => {
    if (jobId === undefined) return;
    settle.get(jobId)?.();
    settle.delete(jobId);
  };
  const cancelJob = (jobId: string): void => {
    void client.call('job/cancel', { jobId }).catch(() => {});
  };
  return createStore<WorkspaceState>()((set, get) => ({
    loading: false,
    analyzing: false,
    async open(path) {
      const ticket = ++openTicket;
      set({ loading: true, error: undefined });
      try {
        const summary = await client.call('workspace/open', path === undefined ? {} : { path });
        if (ticket !== openTicket) return false;
        // An analysis still running is of the previous workspace: stop following it.
        if (get().analyzing) analyzeTicket++;
        const running = get().analysisRun;
        if (running?.status === 'running') {
          cancelJob(running.jobId);
          release(running.jobId);
        }
        set({ summary, analysis: undefined, analysisRun: undefined, analyzing: false, loading: false });
        memory.remember(summary.isDemo ? undefined : (summary.configPath ?? summary.root));
        return true;
      } catch (error) {
        if (ticket === openTicket) set({ loading: false, error: toUiError(error) });
        return false;
      }
    },
    async openRemembered() {
      const remembered = await memory.recall();
      if (remembered === undefined) {
        await get().open();
        return;
      }
      if (await get().open(remembered)) return;
      const failure = get().error;
      if (!(await get().open())) return;
      set({
        error: {
          code: failure?.code ?? 'workspace/reopen-failed',
          message: `The last workspace (${remembered}) could not be reopened: ${failure?.message ?? 'unknown error'}`,
          hint: `${failure?.hint ? `${failure.hint} ` : ''}The demo workspace is open instead; use “Open workspace…” to pick another folder.`,
        },
      });
    },
    async analyze(connectionId) {
      const ticket = ++analyzeTicket;
      const previous = get().analysisRun;
      if (previous?.status === 'running') {
        cancelJob(previous.jobId);
        release(previous.jobId);
      }
      set({ analyzing: true, analysisError: undefined, analysisRun: undefined, analysisTitle: undefined });
      let jobId: string;
      try {
        ({ jobId } = await client.call('workspace/analyze-start', connectionId === undefined ? {} : { connectionId }));
      } catch (error) {
        if (ticket === analyzeTicket) set({ analyzing: false, analysisError: toUiError(error) });
        return;
      }
      if (ticket !== analyzeTicket) {
        cancelJob(jobId); // a newer analysis was asked for while this one was starting
        return;
      }
      const ended = new Promise<void>((resolve) => settle.set(jobId, resolve));
      set({ analysisRun: startRun(jobId, now()) });
      const finished = early.take(jobId);
      if (finished) get().onFinished(finished);
      await ended;
    },
    async cancelAnalysis() {
      const run = get().analysisRun;
      if (run?.status !== 'running') return;
      await client
        .call('job/cancel', { jobId: run.jobId })
        .catch((error: unknown) => set({ analysisError: toUiError(error) }));
    },
    clearError: () => set({ error: undefined, analysisError: undefined }),
    onProgress(event) {
      const run = get().analysisRun;
      const next = foldProgress(run, event);
      if (next !== run) set({ analysisRun: next, analysisTitle: event.title });
    },
    onFinished(event) {
      const run = get().analysisRun;
      if (!run || run.jobId !== event.jobId) {
        if (event.kind === ANALYZE_JOB_KIND) early.remember(event);
        return;
      }
      if (event.status === 'succeeded') {
        // Its summary (over a MB at 10,000 tables) is validated in slices, then shown unless
        // another analysis was asked for meanwhile.
        const endedMs = now();
        void runSliced(analysisSummaryCheck(event.result)).then((summary) => {
          if (get().analysisRun !== run) return;
          if (summary) {
            const next = { ...run, status: 'succeeded' as const, endedMs, value: 1, result: summary };
            set({ analysisRun: next, analysis: summary, analyzing: false });
          } else {
            // Invalid: the same failure the schema reports.
            const next = foldFinished(run, event, analysisSummarySchema, endedMs)!;
            set({ analysisRun: next, analyzing: false, ...(next.error ? { analysisError: next.error } : {}) });
          }
          release(run.jobId);
        });
        return;
      }
      const next = foldFinished(run, event, analysisSummarySchema, now())!;
      if (next.status === 'failed') {
        set({ analysisRun: next, analyzing: false, ...(next.error ? { analysisError: next.error } : {}) });
      } else {
        set({ analysisRun: next, analyzing: false }); // cancelled: the previous analysis stays
      }
      release(run.jobId);
    },
    listen: () =>
      listenToJobs(
        client,
        (event) => get().onProgress(event),
        (event) => get().onFinished(event),
      ),
  }));
}

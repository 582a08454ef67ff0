import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../../shared/contract/client';
import type { EventPayload } from '../../../../shared/contract/index';
import {
  fleetRunState,
  type FleetApplyPlan,
  type FleetProgress,
  type FleetRunState,
  type FleetTargetRunState,
} from '../../../../shared/contract/fleet';
import type { MigrationFolderFile } from '../../../../shared/contract/migration';
import { toUiError, type UiError } from '../../lib/ui-error';
import { EarlyFinishes, listenToJobs } from '../../stores/job-events';

/** Where a target stands, as the wave view says it. */
export type TargetPhase = 'queued' | 'running' | 'done' | 'failed' | 'halted';

/** The engine's run state of a target, as the operator reads it (not started after a halt = halted). */
export function targetPhase(state: FleetTargetRunState | string | undefined): TargetPhase {
  switch (state) {
    case 'running':
      return 'running';
    case 'done':
    case 'already':
      return 'done';
    case 'failed':
      return 'failed';
    case 'not-started':
      return 'halted';
    default:
      return 'queued';
  }
}

/** State and actions of the Fleet screen's apply: pick a migration, see the waves, confirm, follow the run. */
export interface FleetApplyState {
  /** The apply panel is open (picking a file, reading the plan, confirming). */
  readonly panelOpen: boolean;
  readonly files?: readonly MigrationFolderFile[];
  readonly plan?: FleetApplyPlan;
  readonly confirmText: string;
  readonly allowDestructive: boolean;
  /** The fleet job being followed, and how it ended. */
  readonly jobId?: string;
  readonly jobStatus?: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** The run as the engine last reported it (live events, else the last run read from disk). */
  readonly run?: FleetRunState;
  /** Per running target: the statement it is at. */
  readonly statements: Readonly<Record<string, { readonly index: number; readonly total: number }>>;
  readonly busy: boolean;
  readonly error?: UiError;
  openPanel(): Promise<void>;
  closePanel(): void;
  pickFile(name: string): Promise<void>;
  setConfirmText(text: string): void;
  setAllowDestructive(allow: boolean): void;
  apply(): Promise<void>;
  resume(): Promise<void>;
  /** Asks the running fleet job to stop: targets running finish their statement, the rest are not started. */
  cancel(): Promise<void>;
  /** The last run as `fleet/status` read it (ignored while a job is followed). */
  showRun(run: FleetRunState | null): void;
  onProgress(event: FleetProgress): void;
  onFinished(event: EventPayload<'job/finished'>): void;
  listen(): () => void;
}
/** The Fleet screen's apply store. */
export type FleetRunStore = StoreApi<FleetApplyState>;

/** True when the plan may be applied: the fleet's name typed, destructive statements consented to. */
export function canStartFleetApply(state: Pick<FleetApplyState, 'plan' | 'confirmText' | 'allowDestructive'>): boolean {
  const { plan } = state;
  if (!plan || plan.unfinished) return false;
  return state.confirmText === plan.fleet && (plan.destructive === 0 || state.allowDestructive);
}

/** Creates the store; events of jobs it did not start are ignored. */
export function createFleetRunStore(client: LupoClient): FleetRunStore {
  const early = new EarlyFinishes();
  // Progress of a job whose id the starting call has not returned yet (events can overtake the reply).
  const earlyProgress: FleetProgress[] = [];
  const follow = (jobId: string, set: FleetRunStore['setState'], get: FleetRunStore['getState']): void => {
    set({ jobId, jobStatus: 'running', statements: {}, panelOpen: false, confirmText: '', error: undefined });
    for (const event of earlyProgress.splice(0)) if (event.jobId === jobId) get().onProgress(event);
    const finished = early.take(jobId);
    if (finished) get().onFinished(finished);
  };
  return createStore<FleetApplyState>()((set, get) => ({
    panelOpen: false,
    confirmText: '',
    allowDestructive: false,
    statements: {},
    busy: false,
    async openPanel() {
      set({ panelOpen: true, plan: undefined, confirmText: '', allowDestructive: false, busy: true, error: undefined });
      try {
        const { files } = await client.call('migration/files', {});
        set({ files });
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    },
    closePanel: () => set({ panelOpen: false, plan: undefined, confirmText: '' }),
    async pickFile(name) {
      set({ plan: undefined, busy: true, error: undefined });
      try {
        set({ plan: await client.call('fleet/plan', { file: name }) });
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    },
    setConfirmText: (confirmText) => set({ confirmText }),
    setAllowDestructive: (allowDestructive) => set({ allowDestructive }),
    async apply() {
      const { plan, confirmText, allowDestructive } = get();
      if (!plan || !canStartFleetApply(get())) return;
      set({ busy: true, error: undefined });
      try {
        const { jobId } = await client.call('fleet/apply', {
          file: plan.file,
          role: plan.role,
          confirmation: { typedFleet: confirmText, allowDestructive },
        });
        follow(jobId, set, get);
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    },
    async resume() {
      const { confirmText, allowDestructive } = get();
      set({ busy: true, error: undefined });
      try {
        const { jobId } = await client.call('fleet/resume', {
          confirmation: { typedFleet: confirmText, allowDestructive },
        });
        follow(jobId, set, get);
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    },
    async cancel() {
      const { jobId, jobStatus } = get();
      if (jobId && jobStatus === 'running')
        await client.call('job/cancel', { jobId }).catch((error: unknown) => set({ error: toUiError(error) }));
    },
    showRun(run) {
      if (get().jobStatus === 'running') return;
      set({ run: run ?? undefined });
    },
    onProgress(event) {
      const { jobId } = get();
      if (event.jobId !== jobId) {
        if (get().busy) earlyProgress.push(event);
        return;
      }
      if (event.kind === 'run') set({ run: event.run });
      else set({ statements: { ...get().statements, [event.target]: { index: event.index, total: event.total } } });
    },
    onFinished(event) {
      if (event.kind !== 'fleet-apply') return;
      if (event.jobId !== get().jobId) {
        early.remember(event);
        return;
      }
      if (event.status === 'succeeded') {
        const parsed = fleetRunState.safeParse(event.result);
        set(
          parsed.success
            ? { jobStatus: 'succeeded', run: parsed.data }
            : {
                jobStatus: 'failed',
                error: {
                  code: 'contract/invalid-result',
                  message: 'The engine returned an unexpected result for the fleet run.',
                  hint: 'This is a bug in Lupo Admin: please report it.',
                },
              },
        );
      } else {
        set({
          jobStatus: event.status,
          ...(event.error ? { error: toUiError(event.error) } : {}),
        });
      }
    },
    listen() {
      const offJobs = listenToJobs(client, () => {}, get().onFinished);
      const offFleet = client.on('fleet/progress', get().onProgress);
      return () => {
        offJobs();
        offFleet();
      };
    },
  }));
}

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../../shared/contract/client';
import type { EventPayload } from '../../../../shared/contract/index';
import {
  rollbackResultSchema,
  type RollbackPreviewView,
  type RollbackResultView,
} from '../../../../shared/contract/migration';
import { toUiError, type UiError } from '../../lib/ui-error';
import { EarlyFinishes, listenToJobs } from '../../stores/job-events';
import { foldFinished, foldProgress, startRun, type RunState } from '../../stores/migration-store';

/** The rollback wizard's steps. */
export const ROLLBACK_STEPS = ['pick', 'preview', 'confirm', 'execute', 'done'] as const;
/** One rollback step. */
export type RollbackStep = (typeof ROLLBACK_STEPS)[number];

/** State and actions of the rollback wizard. */
export interface RollbackState {
  readonly step: RollbackStep;
  readonly batchId?: number;
  readonly preview?: RollbackPreviewView;
  readonly confirmText: string;
  readonly allowDataLoss: boolean;
  readonly reason: string;
  readonly run?: RunState<RollbackResultView>;
  readonly busy: boolean;
  readonly error?: UiError;
  /** Picks a batch and loads its preview. */
  pick(connectionId: string, batchId: number): Promise<void>;
  setConfirmText(text: string): void;
  setAllowDataLoss(allow: boolean): void;
  setReason(reason: string): void;
  goTo(step: RollbackStep): void;
  rollback(): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
  onProgress(event: EventPayload<'job/progress'>): void;
  onFinished(event: EventPayload<'job/finished'>): void;
  listen(): () => void;
}

/** A rollback wizard store. */
export type RollbackStore = StoreApi<RollbackState>;

/** True when the operator typed the target's name and confirmed any data loss. */
export function canConfirmRollback(state: Pick<RollbackState, 'preview' | 'confirmText' | 'allowDataLoss'>): boolean {
  const { preview } = state;
  if (!preview || preview.statements.length === 0) return false;
  return state.confirmText === preview.targetDatabase && (preview.dataLoss.length === 0 || state.allowDataLoss);
}

const initial = { step: 'pick' as RollbackStep, confirmText: '', allowDataLoss: false, reason: '', busy: false };

/** Creates the rollback wizard store: pick a batch → preview → confirm → progress → result. */
export function createRollbackStore(client: LupoClient, now: () => number = Date.now): RollbackStore {
  const early = new EarlyFinishes();
  return createStore<RollbackState>()((set, get) => ({
    ...initial,
    async pick(connectionId, batchId) {
      set({ ...initial, batchId, busy: true, error: undefined });
      try {
        const preview = await client.call('migration/rollback-preview', { connectionId, batchId });
        set({ preview, step: 'preview' });
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    },
    setConfirmText: (confirmText) => set({ confirmText }),
    setAllowDataLoss: (allowDataLoss) => set({ allowDataLoss }),
    setReason: (reason) => set({ reason }),
    goTo: (step) => set({ step }),
    async rollback() {
      const { preview, confirmText, allowDataLoss, reason } = get();
      if (!preview || !canConfirmRollback(get())) return;
      set({ busy: true, error: undefined });
      try {
        const { jobId } = await client.call('migration/rollback', {
          previewId: preview.previewId,
          confirmation: { typedDatabase: confirmText, allowDestructive: allowDataLoss },
          reason,
        });
        set({ step: 'execute', run: startRun(jobId, now()) });
        const finished = early.take(jobId);
        if (finished) get().onFinished(finished);
      } catch (error) {
        set({ error: toUiError(error) });
      } finally {
        set({ busy: false });
      }
    },
    async cancel() {
      const run = get().run;
      if (run?.status === 'running')
        await client
          .call('job/cancel', { jobId: run.jobId })
          .catch((error: unknown) => set({ error: toUiError(error) }));
    },
    reset: () => set({ ...initial, preview: undefined, batchId: undefined, run: undefined, error: undefined }),
    onProgress(event) {
      const run = get().run;
      const next = foldProgress(run, event);
      if (next !== run) set({ run: next });
    },
    onFinished(event) {
      const run = get().run;
      if (run?.jobId === event.jobId) {
        const next = foldFinished(run, event, rollbackResultSchema, now());
        set({ run: next, ...(next?.status === 'succeeded' ? { step: 'done' as const } : {}) });
      } else if (event.kind === 'rollback') {
        early.remember(event);
      }
    },
    listen: () =>
      listenToJobs(
        client,
        (event) => get().onProgress(event),
        (event) => get().onFinished(event),
      ),
  }));
}

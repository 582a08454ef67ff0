import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { AnalysisSummary, WorkspaceSummary } from '../../../shared/contract/workspace';
import { toUiError, type UiError } from '../lib/ui-error';

/** State and actions of the workspace domain: the opened workspace and its latest analysis. */
export interface WorkspaceState {
  readonly summary?: WorkspaceSummary;
  readonly analysis?: AnalysisSummary;
  readonly loading: boolean;
  readonly analyzing: boolean;
  readonly error?: UiError;
  /** Opens a workspace folder (the demo workspace when `path` is absent). */
  open(path?: string): Promise<void>;
  /** Analyzes the open workspace, against the live databases when a connection id is given. */
  analyze(connectionId?: string): Promise<void>;
  clearError(): void;
}

/** A workspace store. */
export type WorkspaceStore = StoreApi<WorkspaceState>;

/** Creates the workspace store; a newer open/analyze supersedes an older one still in flight. */
export function createWorkspaceStore(client: LupoClient): WorkspaceStore {
  let openTicket = 0;
  let analyzeTicket = 0;
  return createStore<WorkspaceState>()((set) => ({
    loading: false,
    analyzing: false,
    async open(path) {
      const ticket = ++openTicket;
      set({ loading: true, error: undefined });
      try {
        const summary = await client.call('workspace/open', path === undefined ? {} : { path });
        if (ticket === openTicket) set({ summary, analysis: undefined, loading: false });
      } catch (error) {
        if (ticket === openTicket) set({ loading: false, error: toUiError(error) });
      }
    },
    async analyze(connectionId) {
      const ticket = ++analyzeTicket;
      set({ analyzing: true, error: undefined });
      try {
        const analysis = await client.call('workspace/analyze', connectionId === undefined ? {} : { connectionId });
        if (ticket === analyzeTicket) set({ analysis, analyzing: false });
      } catch (error) {
        if (ticket === analyzeTicket) set({ analyzing: false, error: toUiError(error) });
      }
    },
    clearError: () => set({ error: undefined }),
  }));
}

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LupoClient } from '../../../shared/contract/client';
import type { AnalysisSummary, WorkspaceSummary } from '../../../shared/contract/workspace';
import { NO_WORKSPACE_MEMORY, type WorkspaceMemory } from '../lib/last-workspace';
import { toUiError, type UiError } from '../lib/ui-error';

/** State and actions of the workspace domain: the opened workspace and its latest analysis. */
export interface WorkspaceState {
  readonly summary?: WorkspaceSummary;
  readonly analysis?: AnalysisSummary;
  readonly loading: boolean;
  readonly analyzing: boolean;
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
  /** Analyzes the open workspace, against the live databases when a connection id is given. */
  analyze(connectionId?: string): Promise<void>;
  clearError(): void;
}

/** A workspace store. */
export type WorkspaceStore = StoreApi<WorkspaceState>;

/**
 * Creates the workspace store; a newer open/analyze supersedes an older one still in
 * flight. Every successful open is remembered in `memory` (the demo as "nothing").
 */
export function createWorkspaceStore(
  client: LupoClient,
  memory: WorkspaceMemory = NO_WORKSPACE_MEMORY,
): WorkspaceStore {
  let openTicket = 0;
  let analyzeTicket = 0;
  return createStore<WorkspaceState>()((set, get) => ({
    loading: false,
    analyzing: false,
    async open(path) {
      const ticket = ++openTicket;
      set({ loading: true, error: undefined });
      try {
        const summary = await client.call('workspace/open', path === undefined ? {} : { path });
        if (ticket !== openTicket) return false;
        set({ summary, analysis: undefined, loading: false });
        memory.remember(summary.isDemo ? undefined : (summary.configPath ?? summary.root));
        return true;
      } catch (error) {
        if (ticket === openTicket) set({ loading: false, error: toUiError(error) });
        return false;
      }
    },
    async openRemembered() {
      const remembered = memory.recall();
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
      set({ analyzing: true, analysisError: undefined });
      try {
        const analysis = await client.call('workspace/analyze', connectionId === undefined ? {} : { connectionId });
        if (ticket === analyzeTicket) set({ analysis, analyzing: false });
      } catch (error) {
        if (ticket === analyzeTicket) set({ analyzing: false, analysisError: toUiError(error) });
      }
    },
    clearError: () => set({ error: undefined, analysisError: undefined }),
  }));
}

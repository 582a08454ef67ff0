import type { ConnectionParams } from '../../../shared/contract/connection';
import { connectionStore, navigationStore, schemaStore, workspaceStore } from './app-stores';

/**
 * Flows that span several domain stores, kept out of components: each is a short
 * sequence of store actions.
 */

/** At start: open the workspace (the demo one unless the host says otherwise). */
export async function startApp(): Promise<void> {
  const workspace = workspaceStore.getState();
  if (!workspace.summary && !workspace.loading) {
    await workspace.open();
    void schemaStore.getState().loadDefinitions();
    if (workspaceStore.getState().summary) void workspaceStore.getState().analyze();
  }
}

/** Connects; on success loads the live model and the analysis against it. */
export async function connectAndLoad(params: ConnectionParams): Promise<void> {
  // Without explicit role databases, the open workspace's names decide which three databases count.
  const names = workspaceStore.getState().summary?.config.databases;
  await connectionStore
    .getState()
    .open(params.databases === undefined && names ? { ...params, databases: names } : params);
  const info = connectionStore.getState().info;
  if (!info || connectionStore.getState().error) return;
  void schemaStore.getState().loadLive(info.connectionId);
  if (workspaceStore.getState().summary) void workspaceStore.getState().analyze(info.connectionId);
}

/** Disconnects and forgets everything that came from the server. */
export async function disconnect(): Promise<void> {
  schemaStore.getState().clearLive();
  await connectionStore.getState().close();
  if (workspaceStore.getState().summary) void workspaceStore.getState().analyze();
  navigationStore.getState().go('connect');
}

/** Opens another workspace folder and reloads what depends on it. */
export async function openWorkspace(path?: string): Promise<void> {
  await workspaceStore.getState().open(path);
  if (!workspaceStore.getState().summary) return;
  void schemaStore.getState().loadDefinitions();
  void workspaceStore.getState().analyze(connectionStore.getState().info?.connectionId);
}

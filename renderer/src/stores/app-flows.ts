import type { ConnectionParams } from '../../../shared/contract/connection';
import type { CallRequest } from '../../../shared/contract/index';
import { lupo } from '../api/lupo';
import { toUiError, type UiError } from '../lib/ui-error';
import { connectionStore, navigationStore, runsStore, schemaStore, workspaceStore } from './app-stores';

/**
 * Flows that span several domain stores, kept out of components: each is a short
 * sequence of store actions.
 */

/** At start: reopen the last workspace (the demo one the first time, or when it no longer opens). */
export async function startApp(): Promise<void> {
  const workspace = workspaceStore.getState();
  if (!workspace.summary && !workspace.loading) {
    await workspace.openRemembered();
    if (!workspaceStore.getState().summary) return;
    void schemaStore.getState().loadDefinitions();
    void workspaceStore.getState().analyze();
  }
}

/**
 * Loads what depends on a fresh connection (or a fresh workspace on it): the role
 * databases as the engine resolves them now, the live model, the analysis, the ledger glance.
 * `databasesRead`: the caller has just read the role databases (connect, reconnect), so they
 * are not listed again (at 10,000 tables that is one more information_schema scan).
 */
export function loadForConnection(connectionId: string, { databasesRead = false } = {}): void {
  if (!databasesRead) void connectionStore.getState().refreshDatabases();
  const analysis = workspaceStore.getState().summary ? workspaceStore.getState().analyze(connectionId) : undefined;
  // The analysis first, the explorer's pages of the live model as it ends: both wait for the
  // same live read, and at 10,000 tables the 100 page round trips served between the
  // analysis's slices made it finish ~0.4 s later (scripts/bench app-ui).
  void schemaStore.getState().loadLive(connectionId, analysis);
  void runsStore.getState().load(connectionId);
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
  loadForConnection(info.connectionId, { databasesRead: true });
}

/** Tries a lost connection again; once it answers, everything read from it is reloaded. */
export async function reconnect(): Promise<void> {
  if (!(await connectionStore.getState().reconnect())) return;
  const info = connectionStore.getState().info;
  if (info) loadForConnection(info.connectionId, { databasesRead: true });
}

/** After an apply, resume or rollback: table counts, live model, analysis and ledger glance are stale. */
export function refreshAfterRun(): void {
  const connectionId = connectionStore.getState().info?.connectionId;
  if (!connectionId) return;
  loadForConnection(connectionId);
}

/** Disconnects and forgets everything that came from the server (pending data edits are asked about first). */
export async function disconnect(): Promise<void> {
  // Asked before closing: afterwards the edits could no longer be committed.
  if (!(await navigationStore.getState().leaveAllowed())) return;
  schemaStore.getState().clearLive();
  runsStore.getState().clear();
  await connectionStore.getState().close();
  if (workspaceStore.getState().summary) void workspaceStore.getState().analyze();
  navigationStore.getState().go('connect');
}

/**
 * Opens another workspace folder and reloads what depends on it; true when it opened. Pending
 * data edits are asked about first: the new workspace can name other role databases, and a
 * change set must never reach a database it was not made on.
 */
export async function openWorkspace(path?: string): Promise<boolean> {
  if (!(await navigationStore.getState().leaveAllowed())) return false;
  if (!(await workspaceStore.getState().open(path))) return false;
  void schemaStore.getState().loadDefinitions();
  const connectionId = connectionStore.getState().info?.connectionId;
  // Connected: the connection now reads the new workspace's databases; everything read from
  // the old ones (role counts, live model, analysis, ledger) is reloaded, not relabelled.
  if (connectionId) {
    schemaStore.getState().clearLive();
    runsStore.getState().clear();
    loadForConnection(connectionId);
  } else void workspaceStore.getState().analyze();
  return true;
}

/** Loads the definitions and (when connected) the live model again, after a failed load. */
export function reloadModels(): void {
  void schemaStore.getState().loadDefinitions();
  const connectionId = connectionStore.getState().info?.connectionId;
  if (connectionId) void schemaStore.getState().loadLive(connectionId);
}

/** Analyzes the open workspace again (against the live databases when connected). */
export function reanalyze(): void {
  void workspaceStore.getState().analyze(connectionStore.getState().info?.connectionId);
}

/** A waiver request as the Doctrine screen makes it. */
export type WaiverRequest = CallRequest<'workspace/waive'>;

/**
 * Accepts findings: writes the waiver into the workspace config (through the engine), shows
 * the reloaded config and analyzes again so every count drops the waived findings.
 */
export async function waiveFindings(request: WaiverRequest): Promise<UiError | undefined> {
  try {
    const summary = await lupo.call('workspace/waive', request);
    workspaceStore.setState({ summary });
    await workspaceStore.getState().analyze(connectionStore.getState().info?.connectionId);
    return undefined;
  } catch (error) {
    return toUiError(error);
  }
}

/** Removes a waiver from the workspace config, then analyzes again. */
export async function unwaiveFindings(request: CallRequest<'workspace/unwaive'>): Promise<UiError | undefined> {
  try {
    const summary = await lupo.call('workspace/unwaive', request);
    workspaceStore.setState({ summary });
    await workspaceStore.getState().analyze(connectionStore.getState().info?.connectionId);
    return undefined;
  } catch (error) {
    return toUiError(error);
  }
}

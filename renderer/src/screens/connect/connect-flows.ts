import { connectAndLoad, loadForConnection } from '../../stores/app-flows';
import { connectionStore } from '../../stores/app-stores';
import { isDirectTarget, type ConnectionTarget } from '../../stores/connection-store';

/** After a (re)connect: load the live model and analyze the workspace against it. */
function loadAfterConnect(previousId: string | undefined): void {
  const { info, error } = connectionStore.getState();
  if (!info || error || info.connectionId === previousId) return;
  loadForConnection(info.connectionId, { databasesRead: true });
}

/**
 * Connects with typed-in parameters (the app-wide flow) or a saved profile (whose own role
 * database names count), then loads what depends on the connection.
 */
export async function connectTo(target: ConnectionTarget): Promise<void> {
  if (isDirectTarget(target)) {
    await connectAndLoad(target);
    return;
  }
  const previousId = connectionStore.getState().info?.connectionId;
  await connectionStore.getState().open(target);
  loadAfterConnect(previousId);
}

/** Accepts the prompted SSH host key and retries; a retried connect loads like a first one. */
export async function trustHostKeyAndRetry(): Promise<void> {
  const previousId = connectionStore.getState().info?.connectionId;
  await connectionStore.getState().trustHostKey();
  loadAfterConnect(previousId);
}

import type { UiError } from '../../lib/ui-error';
import { useConnection } from '../../stores/app-stores';

/**
 * The error a screen shows itself. A lost connection is said once, by the app-wide
 * "Connection lost" banner with its Reconnect; a screen whose call failed for that reason
 * shows nothing more (no second, differently worded alert).
 */
export function useVisibleProblem(error: UiError | undefined): UiError | undefined {
  const lost = useConnection((s) => s.lost !== undefined);
  return error && lost && error.code === 'connection/lost' ? undefined : error;
}

/** True while the open connection is lost: what was read from it is as of before, not current. */
export function useConnectionLost(): boolean {
  return useConnection((s) => s.lost !== undefined);
}

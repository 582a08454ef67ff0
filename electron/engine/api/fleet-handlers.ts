import path from 'node:path';
import type { HandlersFor } from '../../../shared/contract/server';
import type { FleetTarget } from '../../../shared/contract/fleet';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { LupoError } from '../../../shared/errors';
import { openSession } from '../connection/session';
import { findFleetFile, loadFleetFile } from '../fleet/fleet-file';
import { readFleetRunState } from '../fleet/fleet-apply';
import { fleetStatus, type OpenTarget } from '../fleet/fleet-status';

/** The open workspace as the fleet handlers need it (none open → undefined). */
export type FleetWorkspace = () => { readonly root: string; readonly config: WorkspaceConfig } | undefined;

/** The calls these handlers answer. */
export type FleetCallName = 'fleet/status';

/**
 * Connects to a fleet target from the app: its URL's host, port and user; the password from
 * the URL or the environment variable the fleet file names (never from the renderer).
 */
export const urlOpener =
  (env: NodeJS.ProcessEnv = process.env): OpenTarget =>
  (target: FleetTarget) => {
    const u = new URL(target.url);
    const password = target.passwordEnv ? env[target.passwordEnv] : decodeURIComponent(u.password);
    return openSession({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      ...(password ? { password } : {}),
      connectTimeoutMs: 5000,
    });
  };

/** `fleet/status`: the matrix of the workspace's fleet file, plus the last fleet run's state. */
export function createFleetHandlers(workspace: FleetWorkspace): HandlersFor<FleetCallName> {
  return {
    'fleet/status': async ({ role }) => {
      const open = workspace();
      if (!open)
        throw new LupoError('fleet/no-workspace', 'Open a workspace first: its fleet file lists the targets.', {
          hint: 'Open the workspace folder that holds lupo.fleet.json (or .toon).',
        });
      const file = findFleetFile(open.root);
      if (!file) return { fleetFile: null, status: null, run: null };
      const fleet = await loadFleetFile(file);
      const run = (await readFleetRunState(path.join(path.dirname(file), '.lupo', 'fleet-run.json'))) ?? null;
      const status = await fleetStatus({
        fleet,
        config: open.config,
        open: urlOpener(),
        role,
        ...(run ? { run } : {}),
      });
      return { fleetFile: file, status, run };
    },
  };
}

import { join } from 'node:path';
import type { HandlerMap } from '../../../shared/contract/server';
import { KnownHosts } from '../connection/known-hosts';
import { ProfileStore } from '../connection/profile-store';
import { SessionRegistry } from '../connection/session-registry';
import { JobRunner } from '../jobs/job-runner';
import { createAppHandlers } from './app-handlers';
import { createConnectionHandlers } from './connection-handlers';
import type { EmitEvent, EngineHost } from './engine-host';
import { createJobHandlers } from './job-handlers';
import { createWorkspaceHandlers } from './workspace-handlers';

/** The engine's API as a shell mounts it: every handler, the emitter, and a way to shut down. */
export interface EngineHandlers {
  readonly handlers: HandlerMap;
  readonly emit: EmitEvent;
  dispose(): Promise<void>;
}

/**
 * Builds the handler of every call in the contract from the engine's capabilities. The
 * Electron shell and the browser-mode host both call this; neither adds handlers of its own.
 */
export function createEngineHandlers(host: EngineHost): EngineHandlers {
  const jobs = new JobRunner(host.emit);
  const sessions = new SessionRegistry({ emit: (event) => host.emit('connection/state', event) });
  const handlers: HandlerMap = {
    ...createAppHandlers(host),
    ...createJobHandlers(jobs),
    ...createConnectionHandlers({
      profiles: new ProfileStore(host.userDataDir, host.secretCipher),
      sessions,
      knownHosts: new KnownHosts(host.userDataDir),
    }),
    ...createWorkspaceHandlers({ demoWorkspaceDir: join(host.resourcesDir, 'toon', 'demo'), sessions }),
  };
  return {
    handlers,
    emit: host.emit,
    dispose: async () => {
      for (const jobId of jobs.runningJobIds()) jobs.cancel(jobId);
      await sessions.dispose();
    },
  };
}

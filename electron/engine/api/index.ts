import type { HandlerMap } from '../../../shared/contract/server';
import { JobRunner } from '../jobs/job-runner';
import { createAppHandlers } from './app-handlers';
import { createConnectionHandlers } from './connection-handlers';
import type { EmitEvent, EngineHost } from './engine-host';
import { createJobHandlers } from './job-handlers';

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
  const connection = createConnectionHandlers();
  const handlers: HandlerMap = {
    ...createAppHandlers(host),
    ...createJobHandlers(jobs),
    ...connection.handlers,
  };
  return {
    handlers,
    emit: host.emit,
    dispose: async () => {
      for (const jobId of jobs.runningJobIds()) jobs.cancel(jobId);
      await connection.dispose();
    },
  };
}

import { join } from 'node:path';
import type { HandlerMap } from '../../../shared/contract/server';
import { KnownHosts } from '../connection/known-hosts';
import { ProfileStore } from '../connection/profile-store';
import { SessionRegistry } from '../connection/session-registry';
import { JobRunner } from '../jobs/job-runner';
import { createAppHandlers } from './app-handlers';
import { createConnectionHandlers } from './connection-handlers';
import { prepareDemoWorkspace } from './demo-workspace';
import type { EmitEvent, EngineHost } from './engine-host';
import { createJobHandlers } from './job-handlers';
import { createMigrationHandlers, type MigrationWorkspace } from './migration-handlers';
import type { PdfPrinter } from '../reports/render-pdf';
import { createReportHandlers } from './report-handlers';
import { createSandboxHandlers } from './sandbox-handlers';
import { createQueryHandlers } from './query-handlers';
import { createFleetHandlers } from './fleet-handlers';
import { createWorkspaceHandlers, createWorkspaceSession, type WorkspaceSession } from './workspace-handlers';

/** The engine's API as a shell mounts it: every handler, the emitter, and a way to shut down. */
export interface EngineHandlers {
  readonly handlers: HandlerMap;
  readonly emit: EmitEvent;
  dispose(): Promise<void>;
}

/** Extra capabilities a shell may offer the engine (Electron prints PDFs itself). */
export interface ShellCapabilities {
  readonly pdfPrinter?: PdfPrinter;
}

/** The open workspace as the migration handlers see it (none open → undefined). */
function migrationWorkspace(session: WorkspaceSession): () => MigrationWorkspace | undefined {
  return () => {
    try {
      const open = session.current();
      return { root: open.summary.root, config: open.config };
    } catch {
      return undefined;
    }
  };
}

/**
 * Wraps every handler so that a call on an open connection (`connectionId`) that fails
 * because the server went away marks that connection lost (the app's one "Connection lost"
 * banner) and fails with one clear `connection/lost` error, never a raw socket error.
 */
function reportConnectionLoss(sessions: SessionRegistry, handlers: HandlerMap): HandlerMap {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    const call = handler as (request: unknown, context: unknown) => Promise<unknown>;
    wrapped[name] = async (request: unknown, context: unknown) => {
      try {
        return await call(request, context);
      } catch (error) {
        const connectionId = (request as { connectionId?: unknown } | undefined)?.connectionId;
        throw sessions.explainFailure(typeof connectionId === 'string' ? connectionId : undefined, error);
      }
    };
  }
  return wrapped as HandlerMap;
}

/**
 * Builds the handler of every call in the contract from the engine's capabilities. The
 * Electron shell and the browser-mode host both call this; neither adds handlers of its own.
 * One session registry and one open workspace are shared by every domain.
 */
export function createEngineHandlers(host: EngineHost, shell: ShellCapabilities = {}): EngineHandlers {
  const jobs = new JobRunner(host.emit);
  const sessions = new SessionRegistry({ emit: (event) => host.emit('connection/state', event) });
  const demoWorkspaceDir = prepareDemoWorkspace(join(host.resourcesDir, 'toon', 'demo'), host.userDataDir);
  const workspace = createWorkspaceSession({ demoWorkspaceDir, sessions });
  // Connections read the open workspace's role databases (unless their profile overrides them).
  sessions.followWorkspace(() => {
    try {
      return workspace.current().config.databases;
    } catch {
      return undefined;
    }
  });
  // One profile store and one known-hosts file for connections and fleet targets by profile.
  const profiles = new ProfileStore(host.userDataDir, host.secretCipher);
  const knownHosts = new KnownHosts(host.userDataDir);
  const handlers: HandlerMap = reportConnectionLoss(sessions, {
    ...createAppHandlers(host),
    ...createJobHandlers(jobs),
    ...createConnectionHandlers({
      profiles,
      sessions,
      knownHosts,
    }),
    ...createWorkspaceHandlers({ demoWorkspaceDir, sessions, workspace, jobs }),
    ...createMigrationHandlers({ jobs, sessions, workspace: migrationWorkspace(workspace) }),
    ...createReportHandlers({ workspace, sessions, ...(shell.pdfPrinter ? { pdfPrinter: shell.pdfPrinter } : {}) }),
    ...createSandboxHandlers({ userDataDir: host.userDataDir, demoWorkspaceDir }),
    ...createQueryHandlers({
      sessions,
      jobs,
      userDataDir: host.userDataDir,
      migrationsDir: () => migrationWorkspace(workspace)()?.config.migrations,
    }),
    ...createFleetHandlers({ workspace: migrationWorkspace(workspace), profiles, knownHosts, jobs, emit: host.emit }),
  });
  return {
    handlers,
    emit: host.emit,
    dispose: async () => {
      for (const jobId of jobs.runningJobIds()) jobs.cancel(jobId);
      await sessions.dispose();
    },
  };
}

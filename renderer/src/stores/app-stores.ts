import { useStore } from 'zustand';
import { lupo } from '../api/lupo';
import { analysisFor } from '../lib/analysis-scope';
import { engineWorkspaceMemory, storageWorkspaceMemory } from '../lib/last-workspace';
import { createConnectionStore, type ConnectionState } from './connection-store';
import { createConsoleStore, engineTabMemory, storageTabMemory, type ConsoleState } from './console-store';
import { createJobsStore, type JobsState } from './jobs-store';
import { createNavigationStore, type NavigationState } from './navigation-store';
import { createRunsStore, type RunsState } from './runs-store';
import { createSchemaStore, type SchemaState } from './schema-store';
import { dropStaleDefinitions } from './stale-resets';
import { createWorkspaceStore, type WorkspaceState } from './workspace-store';

/**
 * The app's store instances, one per domain, bound to the real transport. Store modules
 * export factories (so unit tests give them their own client); components use these hooks.
 */
export const connectionStore = createConnectionStore(lupo);
// The last workspace lives in the user-data folder (browser mode's origin changes with its port).
export const workspaceStore = createWorkspaceStore(
  lupo,
  engineWorkspaceMemory(lupo, storageWorkspaceMemory(window.localStorage)),
);
export const schemaStore = createSchemaStore(lupo);
export const jobsStore = createJobsStore(lupo);
export const navigationStore = createNavigationStore();
export const runsStore = createRunsStore(lupo);
// Another workspace's definitions never stay on screen while the new ones load.
dropStaleDefinitions({ workspace: workspaceStore, schema: schemaStore });
// Analyses are jobs: the workspace store follows their events for the app's lifetime.
workspaceStore.getState().listen();

/** Selects from the connection store. */
export const useConnection = <T>(selector: (state: ConnectionState) => T): T => useStore(connectionStore, selector);
/** Selects from the workspace store. */
export const useWorkspace = <T>(selector: (state: WorkspaceState) => T): T => useStore(workspaceStore, selector);
/** Selects from the schema store. */
export const useSchema = <T>(selector: (state: SchemaState) => T): T => useStore(schemaStore, selector);
/** Selects from the jobs store. */
export const useJobs = <T>(selector: (state: JobsState) => T): T => useStore(jobsStore, selector);
/** Selects from the navigation store. */
export const useNavigation = <T>(selector: (state: NavigationState) => T): T => useStore(navigationStore, selector);
/** Selects from the runs store (the overview's ledger glance). */
export const useRuns = <T>(selector: (state: RunsState) => T): T => useStore(runsStore, selector);

/**
 * The latest analysis of the open workspace on the current connection (none while the
 * workspace or connection changed and the new analysis has not arrived yet).
 */
export const useCurrentAnalysis = (): WorkspaceState['analysis'] => {
  const analysis = useWorkspace((s) => s.analysis);
  const root = useWorkspace((s) => s.summary?.root);
  const connectionId = useConnection((s) => s.info?.connectionId);
  return analysisFor(analysis, root, connectionId);
};
/** The SQL console's store (tabs kept per profile in localStorage). */
const consoleTabMemory = engineTabMemory(lupo, storageTabMemory(window.localStorage));
// Typing is saved with a short delay: send what is pending before the page goes away.
window.addEventListener('pagehide', () => void consoleTabMemory.flush());
export const consoleStore = createConsoleStore(lupo, consoleTabMemory);
/** Selects from the console store. */
export const useConsole = <T>(selector: (state: ConsoleState) => T): T => useStore(consoleStore, selector);

import path from 'node:path';
import type { HandlersFor } from '../../../shared/contract/server';
import type { FleetApplyPlan, FleetFile, FleetRunState } from '../../../shared/contract/fleet';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { WorkspaceConfig } from '../../../shared/workspace-config';
import { LupoError } from '../../../shared/errors';
import type { KnownHosts } from '../connection/known-hosts';
import type { ProfileStore } from '../connection/profile-store';
import { findFleetFile, fleetStatePath, loadFleetFile, planWaves } from '../fleet/fleet-file';
import { fleetApply, readFleetRunState, resumeFleetApply, type FleetEvent } from '../fleet/fleet-apply';
import { fleetStatus } from '../fleet/fleet-status';
import { fleetOpener } from '../fleet/fleet-targets';
import type { JobRunner } from '../jobs/job-runner';
import { readMigrationFolder, type MigrationFile } from '../migrations/migration-folder';
import { declaredTargetRole } from '../orchestrator/apply-plan';
import { classifyStatement } from '../orchestrator/classify';
import { splitStatements } from '../sqlfile/index';
import type { EmitEvent } from './engine-host';

/** The open workspace as the fleet handlers need it (none open → undefined). */
export type FleetWorkspace = () => { readonly root: string; readonly config: WorkspaceConfig } | undefined;

/** What the fleet handlers use: the workspace, the profile store (targets by profile), jobs and events. */
export interface FleetHandlerDeps {
  readonly workspace: FleetWorkspace;
  readonly profiles: ProfileStore;
  readonly knownHosts: KnownHosts;
  readonly jobs: JobRunner;
  readonly emit: EmitEvent;
  readonly env?: NodeJS.ProcessEnv;
}

/** The calls these handlers answer. */
export type FleetCallName = 'fleet/status' | 'fleet/plan' | 'fleet/apply' | 'fleet/resume';

interface OpenFleet {
  readonly root: string;
  readonly config: WorkspaceConfig;
  readonly fleetFile: string;
  readonly fleet: FleetFile;
}

/**
 * Handlers of the Fleet screen: the drift matrix, the plan of a fleet apply (waves and
 * parallelism), and the apply / resume themselves as jobs whose progress arrives as
 * `fleet/progress` events (the run state after each change, and each target's statements).
 * Targets connect in the engine: URLs, or saved profiles with their secrets (never the renderer).
 * One fleet job at a time.
 */
export function createFleetHandlers(deps: FleetHandlerDeps): HandlersFor<FleetCallName> {
  const env = deps.env ?? process.env;
  let runningJob: string | undefined;

  const openFleet = async (): Promise<OpenFleet | undefined> => {
    const open = deps.workspace();
    if (!open)
      throw new LupoError('fleet/no-workspace', 'Open a workspace first: its fleet file lists the targets.', {
        hint: 'Open the workspace folder that holds lupo.fleet.json (or .toon).',
      });
    const fleetFile = findFleetFile(open.root);
    if (!fleetFile) return undefined;
    return { ...open, fleetFile, fleet: await loadFleetFile(fleetFile) };
  };
  const requireFleet = async (): Promise<OpenFleet> => {
    const open = await openFleet();
    if (!open)
      throw new LupoError('fleet/no-fleet-file', 'This workspace has no fleet file.', {
        hint: 'Add lupo.fleet.json (or .toon) to the workspace, listing the targets.',
      });
    return open;
  };
  const opener = (open: OpenFleet) =>
    fleetOpener(open.fleet, { profiles: deps.profiles, knownHosts: deps.knownHosts, env, fleetFile: open.fleetFile });

  /** A migration of the workspace's folder, by name (never a path: the folder is the boundary). */
  const migration = async (open: OpenFleet, name: string): Promise<MigrationFile> => {
    const file = (await readMigrationFolder(open.config.migrations)).find((f) => f.name === name);
    if (!file)
      throw new LupoError('fleet/no-migration', `${name} is not a migration of ${open.config.migrations}.`, {
        hint: 'Pick a file of the workspace’s migrations folder.',
      });
    // The run state names it relative to the workspace, as `lupo fleet apply` run there does.
    return { ...file, path: path.relative(open.root, file.path) || file.path };
  };

  const checkConfirmation = (open: OpenFleet, typed: string): void => {
    if (typed !== open.fleet.name)
      throw new LupoError('fleet/not-confirmed', `Type the fleet's name, ${open.fleet.name}, to confirm.`, {
        hint: 'A fleet apply changes every target of the fleet.',
      });
  };
  const refuseConcurrent = (): void => {
    if (runningJob)
      throw new LupoError('fleet/already-running', 'A fleet apply is already running.', {
        hint: 'Wait for it to finish (or cancel it), then start again.',
      });
  };

  /** Starts a fleet job: its run state and statements go out as `fleet/progress`. */
  const startJob = (
    title: string,
    body: (hooks: {
      onState: (state: FleetRunState) => void;
      onEvent: (event: FleetEvent) => void;
      signal: AbortSignal;
    }) => Promise<FleetRunState>,
  ): string => {
    const jobId = deps.jobs.start('fleet-apply', title, async ({ signal }) => {
      try {
        return await body({
          signal,
          onState: (run) => deps.emit('fleet/progress', { kind: 'run', jobId, run }),
          onEvent: (event) => {
            if (event.type === 'statement')
              deps.emit('fleet/progress', {
                kind: 'statement',
                jobId,
                target: event.name,
                index: event.index,
                total: event.total,
              });
          },
        });
      } finally {
        runningJob = undefined;
      }
    });
    runningJob = jobId;
    return jobId;
  };

  return {
    'fleet/status': async ({ role }) => {
      const open = await openFleet();
      if (!open) return { fleetFile: null, status: null, run: null };
      const run = (await readFleetRunState(fleetStatePath(open.fleetFile))) ?? null;
      const status = await fleetStatus({
        fleet: open.fleet,
        config: open.config,
        open: await opener(open),
        role,
        ...(run ? { run } : {}),
      });
      return { fleetFile: open.fleetFile, status, run };
    },

    'fleet/plan': async ({ file, role }) => {
      const open = await requireFleet();
      const m = await migration(open, file);
      const statements = splitStatements(m.content);
      const previous = await readFleetRunState(fleetStatePath(open.fleetFile));
      const canaries = open.fleet.targets.some((t) => t.canary);
      const plan: FleetApplyPlan = {
        fleetFile: open.fleetFile,
        fleet: open.fleet.name,
        file: m.name,
        sha256: m.sha256,
        role: role ?? declaredTargetRole(m.content) ?? 'core',
        parallelism: open.fleet.parallelism,
        waves: planWaves(open.fleet).map((targets, i) => ({ canary: canaries && i === 0, targets })),
        statements: statements.length,
        destructive: statements.filter((s) => classifyStatement(s.sql).destructive).length,
        unfinished: previous && previous.status !== 'completed' ? previous : null,
      };
      return plan;
    },

    'fleet/apply': async ({ file, role, confirmation }) => {
      refuseConcurrent();
      const open = await requireFleet();
      checkConfirmation(open, confirmation.typedFleet);
      const m = await migration(open, file);
      const statePath = fleetStatePath(open.fleetFile);
      const previous = await readFleetRunState(statePath);
      if (previous && previous.status !== 'completed')
        throw new LupoError(
          'fleet/unfinished-run',
          `Fleet run ${previous.runId} of ${previous.file} is ${previous.status}.`,
          {
            hint: 'Resume it (after fixing what failed) before starting another fleet apply.',
          },
        );
      const target: DatabaseRole = role ?? declaredTargetRole(m.content) ?? 'core';
      const openTarget = await opener(open);
      return {
        jobId: startJob(`Apply ${m.name} to fleet ${open.fleet.name}`, (hooks) =>
          fleetApply({
            fleet: open.fleet,
            config: open.config,
            open: openTarget,
            file: m,
            role: target,
            statePath,
            allowDestructive: confirmation.allowDestructive,
            ...hooks,
          }),
        ),
      };
    },

    'fleet/resume': async ({ confirmation }) => {
      refuseConcurrent();
      const open = await requireFleet();
      checkConfirmation(open, confirmation.typedFleet);
      const statePath = fleetStatePath(open.fleetFile);
      const previous = await readFleetRunState(statePath);
      if (!previous || previous.status === 'completed')
        throw new LupoError('fleet/no-run', 'There is no unfinished fleet run to resume.', {
          hint: 'Start a fleet apply instead.',
        });
      const m = await migration(open, path.basename(previous.file));
      const openTarget = await opener(open);
      return {
        jobId: startJob(`Resume fleet run of ${m.name}`, (hooks) =>
          resumeFleetApply({
            fleet: open.fleet,
            config: open.config,
            open: openTarget,
            file: m,
            role: previous.role,
            statePath,
            allowDestructive: confirmation.allowDestructive,
            ...hooks,
          }),
        ),
      };
    },
  };
}

import type { StoreApi } from 'zustand/vanilla';
import type { ConnectionState } from './connection-store';
import type { MigrationState } from './migration-store';
import type { SchemaState } from './schema-store';
import type { WorkspaceState } from './workspace-store';

/** The part of the rollback wizard this module needs (its store lives with the screen). */
interface RollbackLike {
  readonly run?: { readonly status: string };
  reset(): void;
}

/**
 * Keeps the wizards from showing another server's or another workspace's results: when the
 * connection changes (another server, or none) or another workspace opens, a finished or
 * idle migration and rollback wizard start over; when a rollback succeeds, a migration
 * wizard still saying "Applied and verified" starts over (that batch is undone). A running
 * job is never reset. Returns the unsubscribe.
 */
export function resetStaleWizards(stores: {
  readonly connection: StoreApi<ConnectionState>;
  readonly workspace: StoreApi<WorkspaceState>;
  readonly migration: StoreApi<MigrationState>;
  readonly rollback: StoreApi<RollbackLike>;
}): () => void {
  const { connection, workspace, migration, rollback } = stores;
  const resetIdle = (): void => {
    if (migration.getState().run?.status !== 'running') migration.getState().reset();
    if (rollback.getState().run?.status !== 'running') rollback.getState().reset();
  };
  const unsubscribers = [
    connection.subscribe((state, previous) => {
      if (state.info?.connectionId !== previous.info?.connectionId) resetIdle();
    }),
    workspace.subscribe((state, previous) => {
      if (previous.summary !== undefined && state.summary?.root !== previous.summary.root) resetIdle();
    }),
    rollback.subscribe((state, previous) => {
      if (
        previous.run?.status === 'running' &&
        state.run?.status === 'succeeded' &&
        migration.getState().step === 'done'
      )
        migration.getState().reset();
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/**
 * Keeps screens from showing one workspace's definitions under another: the moment another
 * workspace opens, the schema store forgets the definitions it holds (they count as loading
 * until the new ones arrive). Returns the unsubscribe.
 */
export function dropStaleDefinitions(stores: {
  readonly workspace: StoreApi<WorkspaceState>;
  readonly schema: StoreApi<SchemaState>;
}): () => void {
  const { workspace, schema } = stores;
  return workspace.subscribe((state, previous) => {
    if (previous.summary !== undefined && state.summary?.root !== previous.summary.root)
      schema.getState().forgetDefinitions();
  });
}

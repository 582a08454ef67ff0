import { describe, expect, it } from 'vitest';
import { createSchemaStore } from '../../../renderer/src/stores/schema-store';
import { dropStaleDefinitions } from '../../../renderer/src/stores/stale-resets';
import { createWorkspaceStore } from '../../../renderer/src/stores/workspace-store';
import type { SchemaModel } from '../../../shared/schema/model';
import { eventsClient } from './app/events-client';

const summary = (root: string) => ({
  root,
  isDemo: false,
  config: {
    definitions: `${root}/toon`,
    migrations: `${root}/migrations`,
    sqlFiles: [],
    databases: { core: 'c', orchestration: 'o', ephemeral: 'e' },
    tableBudget: { total: 180, perRole: {} },
  },
  counts: { definitions: { core: 1, orchestration: 0, ephemeral: 0 } },
  findings: [],
});

/** A definitions model of one core table named after the workspace. */
function model(table: string): SchemaModel {
  const database = (role: 'core' | 'orchestration' | 'ephemeral', tables: string[]) => ({
    role,
    name: role,
    tables: tables.map((name) => ({ name, columns: [], indexes: [], foreignKeys: [], options: {} })),
    views: [],
    forbiddenObjects: [],
  });
  return {
    databases: {
      core: database('core', [table]),
      orchestration: database('orchestration', []),
      ephemeral: database('ephemeral', []),
    },
  };
}

/** Stores wired as the app wires them; `workspace/model` answers when `answer` is called (the open workspace's model). */
function stores() {
  let open = '';
  const pending: (() => void)[] = [];
  const { client } = eventsClient({
    'workspace/open': async ({ path }) => {
      open = path ?? '/demo';
      return summary(open);
    },
    'workspace/model': async () => {
      const root = open;
      await new Promise<void>((resolve) => pending.push(resolve));
      return model(`table_of_${root.slice(1)}`) as never; // readonly SchemaModel, same shape
    },
  });
  const workspace = createWorkspaceStore(client);
  const schema = createSchemaStore(client);
  dropStaleDefinitions({ workspace, schema });
  const answer = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 0)); // the call reaches its handler
    for (const resolve of pending.splice(0)) resolve();
  };
  return { workspace, schema, answer };
}

const tableNames = (definitions?: SchemaModel) => definitions?.databases.core.tables.map((t) => t.name);

describe('stale definitions (screens never show another workspace’s figures)', () => {
  it('another workspace opening drops the definitions at once; they load until the new ones arrive', async () => {
    const { workspace, schema, answer } = stores();
    await workspace.getState().open('/a');
    const loaded = schema.getState().loadDefinitions();
    await answer();
    await loaded;
    expect(tableNames(schema.getState().definitions)).toEqual(['table_of_a']);

    // What any screen could render in the same moment the new summary is set.
    const seen: { root?: string; tables?: string[]; loading: boolean }[] = [];
    workspace.subscribe((state) =>
      seen.push({
        root: state.summary?.root,
        tables: tableNames(schema.getState().definitions),
        loading: schema.getState().loadingDefinitions,
      }),
    );
    await workspace.getState().open('/b');
    expect(seen.filter((s) => s.root === '/b')).toEqual([{ root: '/b', tables: undefined, loading: true }]);

    const reloaded = schema.getState().loadDefinitions();
    expect(schema.getState()).toMatchObject({ definitions: undefined, loadingDefinitions: true });
    await answer();
    await reloaded;
    expect(tableNames(schema.getState().definitions)).toEqual(['table_of_b']);
    expect(schema.getState().loadingDefinitions).toBe(false);
  });

  it('a load of the old workspace’s definitions still in flight never lands', async () => {
    const { workspace, schema, answer } = stores();
    await workspace.getState().open('/a');
    const stale = schema.getState().loadDefinitions();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await workspace.getState().open('/b');
    await answer();
    await stale;
    expect(schema.getState()).toMatchObject({ definitions: undefined, loadingDefinitions: true });
  });

  it('reopening the same workspace keeps its definitions', async () => {
    const { workspace, schema, answer } = stores();
    await workspace.getState().open('/a');
    const loaded = schema.getState().loadDefinitions();
    await answer();
    await loaded;
    await workspace.getState().open('/a');
    expect(tableNames(schema.getState().definitions)).toEqual(['table_of_a']);
  });
});

import { describe, expect, it } from 'vitest';
import { createSchemaStore } from '../../../renderer/src/stores/schema-store';
import { eventsClient } from './app/events-client';

const emptyModel = () => {
  const database = (role: 'core' | 'orchestration' | 'ephemeral') => ({
    role,
    name: role,
    tables: [{ name: `${role}_thing`, columns: [], indexes: [], foreignKeys: [], options: {} }],
    views: [],
    forbiddenObjects: [],
  });
  return {
    databases: { core: database('core'), orchestration: database('orchestration'), ephemeral: database('ephemeral') },
  };
};

function store() {
  const reads: number[] = [];
  const { client } = eventsClient({
    'schema/introspect': async ({ page }) => {
      reads.push(page?.offset ?? -1);
      return emptyModel() as never; // readonly SchemaModel, same shape
    },
  });
  return { schema: createSchemaStore(client), reads };
}

/** Lets every pending call and continuation run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the live model after the analysis (connect: the analysis first, then the explorer’s pages)', () => {
  it('counts as loading at once, reads no page until the analysis ended, then reads the model', async () => {
    const { schema, reads } = store();
    let endAnalysis!: () => void;
    const analysis = new Promise<void>((resolve) => (endAnalysis = resolve));
    const loaded = schema.getState().loadLive('c1', analysis);
    expect(schema.getState().loadingLive).toBe(true);
    await settle();
    expect(reads).toEqual([]);
    endAnalysis();
    await loaded;
    expect(reads).toEqual([0]);
    expect(schema.getState()).toMatchObject({ loadingLive: false, liveConnectionId: 'c1' });
    expect(schema.getState().live?.databases.core.tables.map((t) => t.name)).toEqual(['core_thing']);
  });

  it('a failed analysis still lets the model load', async () => {
    const { schema, reads } = store();
    await schema.getState().loadLive('c1', Promise.reject(new Error('analysis failed')));
    expect(reads).toEqual([0]);
    expect(schema.getState().live).toBeDefined();
  });

  it('a disconnect while the analysis runs reads nothing afterwards', async () => {
    const { schema, reads } = store();
    let endAnalysis!: () => void;
    const loaded = schema.getState().loadLive('c1', new Promise<void>((resolve) => (endAnalysis = resolve)));
    schema.getState().clearLive();
    endAnalysis();
    await loaded;
    expect(reads).toEqual([]);
    expect(schema.getState()).toMatchObject({ live: undefined, loadingLive: false });
  });
});

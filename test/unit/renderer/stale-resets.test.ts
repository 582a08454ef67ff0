import { describe, expect, it } from 'vitest';
import { createConnectionStore } from '../../../renderer/src/stores/connection-store';
import { createMigrationStore } from '../../../renderer/src/stores/migration-store';
import { createWorkspaceStore } from '../../../renderer/src/stores/workspace-store';
import { createRollbackStore } from '../../../renderer/src/screens/rollback/rollback-store';
import { resetStaleWizards } from '../../../renderer/src/stores/stale-resets';
import { analysisFor } from '../../../renderer/src/lib/analysis-scope';
import { eventsClient } from './app/events-client';

const info = (id: string, endpoint: string) => ({
  connectionId: id,
  serverVersion: '10.11.19-MariaDB',
  flavor: 'mariadb' as const,
  user: 'root',
  endpoint,
  databases: [],
});

function stores() {
  let next = 0;
  const { client } = eventsClient({
    'connection/open': async () => info(`c${++next}`, `127.0.0.1:${3306 + next}`),
    'connection/close': async () => ({ closed: true }),
  });
  const connection = createConnectionStore(client);
  const workspace = createWorkspaceStore(client);
  const migration = createMigrationStore(client);
  const rollback = createRollbackStore(client);
  resetStaleWizards({ connection, workspace, migration, rollback });
  return { connection, workspace, migration, rollback };
}

const finishedRun = { jobId: 'j1', status: 'succeeded', progress: 1, startedMs: 0 } as never;

describe('stale wizard results (issue 13 item 3)', () => {
  it('another server: “Applied and verified” and a rollback result do not follow', async () => {
    const { connection, migration, rollback } = stores();
    await connection.getState().open({ user: 'root' });
    migration.setState({ step: 'done', run: finishedRun });
    rollback.setState({ step: 'result', run: finishedRun } as never);
    await connection.getState().open({ user: 'root' }); // another server
    expect(migration.getState().step).toBe('source');
    expect(migration.getState().run).toBeUndefined();
    expect(rollback.getState().run).toBeUndefined();
  });

  it('a running apply is never reset by a connection change', async () => {
    const { connection, migration } = stores();
    await connection.getState().open({ user: 'root' });
    migration.setState({
      step: 'execute',
      run: { jobId: 'j2', status: 'running', progress: 0.5, startedMs: 0 } as never,
    });
    await connection.getState().close();
    expect(migration.getState().step).toBe('execute');
  });

  it('a successful rollback clears the migration wizard’s “Applied and verified”', () => {
    const { migration, rollback } = stores();
    migration.setState({ step: 'done', run: finishedRun });
    rollback.setState({ run: { jobId: 'r1', status: 'running', progress: 0, startedMs: 0 } as never });
    rollback.setState({ run: { jobId: 'r1', status: 'succeeded', progress: 1, startedMs: 0 } as never });
    expect(migration.getState().step).toBe('source');
  });

  it('an analysis is shown only for its own workspace and connection', () => {
    const analysis = {
      context: {
        workspaceRoot: '/w/a',
        databases: { core: 'a', orchestration: 'b', ephemeral: 'c' },
        databasesFrom: 'workspace',
        connection: { connectionId: 'c1' },
      },
    } as never;
    expect(analysisFor(analysis, '/w/a', 'c1')).toBe(analysis);
    expect(analysisFor(analysis, '/w/b', 'c1')).toBeUndefined();
    expect(analysisFor(analysis, '/w/a', 'c2')).toBeUndefined();
    expect(analysisFor(analysis, '/w/a', undefined)).toBeUndefined();
  });
});

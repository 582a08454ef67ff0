import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dispatchCall, type HandlerMap } from '../../../shared/contract/server';
import { createConnectionHandlers } from '../../../electron/engine/api/connection-handlers';
import { createWorkspaceHandlers } from '../../../electron/engine/api/workspace-handlers';
import { KnownHosts } from '../../../electron/engine/connection/known-hosts';
import { ProfileStore } from '../../../electron/engine/connection/profile-store';
import { createOwnerOnlyFileCipher } from '../../../electron/engine/connection/secret-cipher';
import type { Session } from '../../../electron/engine/connection/session';
import { SessionRegistry } from '../../../electron/engine/connection/session-registry';
import { JobRunner } from '../../../electron/engine/jobs/job-runner';
import { createScratchDatabases } from '../../support/databases';

const demo = resolve(import.meta.dirname, '../../../toon/demo');

/** The SQL of each query a session's pool runs from the moment the registry takes it. */
class RecordingRegistry extends SessionRegistry {
  readonly queries: string[] = [];

  override add(session: Session, meta: Parameters<SessionRegistry['add']>[1]): string {
    const pool = session.pool;
    const query = pool.query.bind(pool);
    pool.query = ((sql: unknown, ...rest: unknown[]) => {
      this.queries.push(typeof sql === 'string' ? sql : String((sql as { sql?: unknown }).sql));
      return (query as (...args: unknown[]) => unknown)(sql, ...rest);
    }) as typeof pool.query;
    return super.add(session, meta);
  }
}

/** The database list's query: the one that scans information_schema.TABLES of every schema. */
const isDatabaseList = (sql: string): boolean => /FROM information_schema\.SCHEMATA s\s+LEFT JOIN/.test(sql);

/**
 * Connect starts reading the live databases; the analysis that follows joins that read
 * instead of listing the server's databases (a scan of every schema's tables) a second time.
 */
describe('the live read connect starts', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let dir: string;
  const sessions = new RecordingRegistry({ emit: () => {}, pingIntervalMs: 0 });
  const context = { emit: () => {} };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lupo-live-read-'));
    scratch = await createScratchDatabases(url.href, ['lr_core', 'lr_orch', 'lr_eph']);
  });
  afterAll(async () => {
    await sessions.dispose();
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is joined by the analysis right after connect, which lists the databases only when it reads anew', async () => {
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    const connection = createConnectionHandlers({
      profiles: new ProfileStore(dir, createOwnerOnlyFileCipher()),
      sessions,
      knownHosts: new KnownHosts(dir),
    }) as unknown as HandlerMap;
    const workspace = createWorkspaceHandlers({ demoWorkspaceDir: demo, sessions, jobs: new JobRunner(() => {}) });
    await workspace['workspace/open']({}, context);
    const opened = (await dispatchCall(
      connection,
      'connection/open',
      {
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password),
        overrideDatabases: true,
        databases: { core, orchestration, ephemeral },
      },
      context,
    )) as { ok: boolean; value: { connectionId: string } };
    expect(opened.ok).toBe(true);
    const { connectionId } = opened.value;
    // No reply from the server can have arrived since connect returned: the read is under way.
    const joined = await workspace['workspace/analyze']({ connectionId }, context);
    expect(sessions.queries.filter(isDatabaseList)).toEqual([]);
    expect(joined.context?.connection?.roles.map((role) => role.exists)).toEqual([true, true, true]);
    expect(joined.drift.comparedWith).toBe('live');

    // Once that read settled, an analysis reads both again: the live databases change under us.
    const again = await workspace['workspace/analyze']({ connectionId }, context);
    expect(sessions.queries.filter(isDatabaseList)).toHaveLength(1);
    expect(again.context?.connection?.roles.map((role) => role.exists)).toEqual([true, true, true]);
  });
});

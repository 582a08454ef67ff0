import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngineHandlers, type EngineHandlers } from '../../../electron/engine/api/index';
import { createBrowserModeCipher } from '../../../electron/engine/connection/secret-cipher';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract/index';
import { dispatchCall } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import { createScratchDatabases } from '../../support/databases';
import { copyDemoWorkspace, installDemo } from '../../e2e/support/demo-workspace';

const repo = resolve(import.meta.dirname, '../../..');

/**
 * Issue 13 item 3: the app's statement journal (created in the orchestration database
 * for crash recovery) is not a definitions table: the demo's drift must not say "34 in
 * sync" of 33 definitions.
 */
describe('the app’s own journal table', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let workspace: Awaited<ReturnType<typeof copyDemoWorkspace>>;
  let engine: EngineHandlers;
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const envelope = await dispatchCall(engine.handlers, name, request, { emit: () => {} } as never);
    if (!envelope.ok) throw new LupoError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResponse<N>;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['jr_core', 'jr_orch', 'jr_eph']);
    await installDemo(url.href, scratch.names);
    const admin = await mysql.createConnection({ uri: url.href });
    try {
      await admin.query(
        `CREATE TABLE \`${scratch.names[1]}\`.migration_statement_journal (migration_statement_journal_id bigint NOT NULL, PRIMARY KEY (migration_statement_journal_id))`,
      );
    } finally {
      await admin.end();
    }
    workspace = await copyDemoWorkspace(scratch.names);
    engine = createEngineHandlers({
      mode: 'browser',
      userDataDir: mkdtempSync(join(tmpdir(), 'lupo-journal-data-')),
      resourcesDir: repo,
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await scratch?.drop();
    await workspace?.remove();
  });

  it('is neither drift nor “in sync”, yet counts in the budget', async () => {
    await call('workspace/open', { path: workspace.dir });
    const info = await call('connection/open', {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
    const analysis = await call('workspace/analyze', { connectionId: info.connectionId });
    const { same, missing, extra, different } = analysis.drift.counts;
    expect(analysis.counts.definitions.orchestration).toBe(8);
    expect(same + missing + extra + different).toBe(33);
    expect(analysis.drift.tables.map((table) => table.table)).not.toContain('migration_statement_journal');
    expect(analysis.budget.current).toBe(20 + 9 + 3);
    await call('connection/close', { connectionId: info.connectionId });
  });
});

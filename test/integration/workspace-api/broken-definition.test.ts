import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngineHandlers, type EngineHandlers } from '../../../electron/engine/api/index';
import { createBrowserModeCipher } from '../../../electron/engine/connection/secret-cipher';
import { runCli } from '../../../electron/cli/program';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract/index';
import { dispatchCall } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import { captureIo } from '../../support/cli-io';
import { createScratchDatabases } from '../../support/databases';

const repo = resolve(import.meta.dirname, '../../..');
const BROKEN = '{\n  "table_name": "lupo_widgets",\n  "fields": [,\n  "data": []\n}\n';

/**
 * Issue 13 item 5: a definition file with a JSON error on line 3 is reported at line 3,
 * first among the problems, and its table — which exists live — is "unknown", never an
 * "extra" live table, and the drift planner leaves it alone.
 */
describe('a broken definition file', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let engine: EngineHandlers;
  let root: string;
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const envelope = await dispatchCall(engine.handlers, name, request, { emit: () => {} } as never);
    if (!envelope.ok) throw new LupoError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResponse<N>;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['brk_core', 'brk_orch', 'brk_eph']);
    const admin = await mysql.createConnection({ uri: url.href });
    try {
      await admin.query(
        `CREATE TABLE \`${scratch.names[0]}\`.lupo_widgets (widget_id bigint NOT NULL, PRIMARY KEY (widget_id))`,
      );
    } finally {
      await admin.end();
    }
    root = mkdtempSync(join(tmpdir(), 'lupo-broken-'));
    mkdirSync(join(root, 'core'));
    for (const name of ['lupo_tags', 'lupo_roles', 'lupo_sessions'])
      copyFileSync(join(repo, `toon/demo/core/${name}.toon`), join(root, `core/${name}.toon`));
    writeFileSync(join(root, 'core/lupo_widgets.toon'), BROKEN);
    const [core, orchestration, ephemeral] = scratch.names;
    writeFileSync(
      join(root, 'lupo.config.json'),
      JSON.stringify({ definitions: '.', databases: { core, orchestration, ephemeral } }),
    );
    engine = createEngineHandlers({
      mode: 'browser',
      userDataDir: mkdtempSync(join(tmpdir(), 'lupo-broken-data-')),
      resourcesDir: repo,
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await scratch?.drop();
  });

  it('is reported at its line, first, and its table is unknown — not extra, not planned', async () => {
    const summary = await call('workspace/open', { path: root });
    expect(summary.findings[0]).toMatchObject({
      code: 'definition/invalid-json',
      location: { kind: 'file', file: join(root, 'core/lupo_widgets.toon'), line: 3 },
    });
    const info = await call('connection/open', {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
    const analysis = await call('workspace/analyze', { connectionId: info.connectionId });
    expect(analysis.drift.counts.extra).toBe(0);
    expect(analysis.drift.counts.unknown).toBe(1);
    expect(analysis.drift.tables.find((table) => table.table === 'lupo_widgets')).toMatchObject({
      status: 'unknown',
      differences: [expect.stringContaining(':3)')],
    });
    const plan = await call('migration/plan', {
      connectionId: info.connectionId,
      source: { kind: 'drift', role: 'core' },
    });
    expect(plan.statements.map((statement) => statement.sql).join('\n')).not.toContain('lupo_widgets');
    expect(plan.notes).toContainEqual(expect.stringContaining('Not planned: lupo_widgets'));
    await call('connection/close', { connectionId: info.connectionId });

    // The CLI names the same line, first.
    const io = captureIo({ cwd: root });
    expect(await runCli(['diff', '--db', '--url', url.href], io)).toBe(2);
    expect(io.err[0]).toContain(`${join('core', 'lupo_widgets.toon')}:3:14: error: Invalid JSON`);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
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

/** Lupopedia's redirects table as the live database has it. */
const REDIRECTS = {
  table_name: 'lupo_anubis_redirects',
  fields: ['`redirect_id` bigint NOT NULL', '`target_url` varchar(500) NOT NULL'],
  data: [],
  primary_key: { column_name: 'redirect_id' },
};
/** A stale copy (`lupo_anibus_redirects.toon`) edited in place: it sorts first, so the model keeps it. */
const STALE = { ...REDIRECTS, fields: [...REDIRECTS.fields, '`hits` int NOT NULL DEFAULT 0'] };
const PAGES = {
  table_name: 'lupo_pages',
  fields: ['`page_id` bigint NOT NULL', '`title` varchar(200) NOT NULL'],
  data: [],
  primary_key: { column_name: 'page_id' },
};

/**
 * Issue 12 point 6: with a table declared in two files (Lupopedia's real HEAD), `lupo plan`
 * and the app's drift plan refuse only when the plan would touch that table — naming the
 * table and both files —, and otherwise plan the rest, listing the bad files (CLI exit 2).
 */
describe('plan with a duplicate definition', () => {
  const url = new URL(inject('mysqlUrl'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabases>>;
  let root: string;
  let flags: string[];
  let engine: EngineHandlers;
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const envelope = await dispatchCall(engine.handlers, name, request, { emit: () => {} } as never);
    if (!envelope.ok) throw new LupoError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResponse<N>;
  };
  const write = (name: string, document: object): void =>
    writeFileSync(join(root, 'core', `${name}.toon`), JSON.stringify(document, null, 4));
  const plan = async (...extra: string[]) => {
    const io = captureIo({ cwd: root });
    const code = await runCli(['plan', '--role', 'core', ...extra, ...flags], io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };
  const appPlan = async () => {
    const info = await call('connection/open', {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
    try {
      await call('workspace/open', { path: root });
      return await call('migration/plan', { connectionId: info.connectionId, source: { kind: 'drift', role: 'core' } });
    } finally {
      await call('connection/close', { connectionId: info.connectionId });
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabases(url.href, ['amb_core', 'amb_orch', 'amb_eph']);
    const [core, orchestration, ephemeral] = scratch.names as [string, string, string];
    const admin = await mysql.createConnection({ uri: url.href, database: core });
    try {
      await admin.query(
        'CREATE TABLE lupo_anubis_redirects (redirect_id bigint NOT NULL, target_url varchar(500) NOT NULL, PRIMARY KEY (redirect_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
      );
    } finally {
      await admin.end();
    }
    root = mkdtempSync(join(tmpdir(), 'lupo-ambiguous-'));
    mkdirSync(join(root, 'core'));
    writeFileSync(
      join(root, 'lupo.config.json'),
      JSON.stringify({ definitions: '.', databases: { core, orchestration, ephemeral } }),
    );
    write('lupo_anubis_redirects', REDIRECTS);
    write('lupo_pages', PAGES);
    flags = ['--db', '--url', url.href];
    engine = createEngineHandlers({
      mode: 'browser',
      userDataDir: mkdtempSync(join(tmpdir(), 'lupo-ambiguous-data-')),
      resourcesDir: repo,
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
  });
  afterAll(async () => {
    await engine?.dispose();
    await scratch?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('refuses when the stale copy would change the table, naming the table and both files', async () => {
    write('lupo_anibus_redirects', STALE);
    const refused = await plan('--out', 'V1__sync.sql');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('is also declared in core/lupo_anibus_redirects.toon');
    expect(refused.err).toContain(
      `\`lupo_anubis_redirects\` is declared in 2 files: ${join(root, 'core/lupo_anibus_redirects.toon')}, ${join(root, 'core/lupo_anubis_redirects.toon')}`,
    );
    expect(existsSync(join(root, 'V1__sync.sql'))).toBe(false);
    await expect(appPlan()).rejects.toThrow(/lupo_anubis_redirects` is declared in 2 files/);
  });

  it('plans the rest when both declarations match the live table, lists the bad file, exits 2', async () => {
    write('lupo_anibus_redirects', REDIRECTS);
    const planned = await plan('--out', 'V2__sync.sql');
    expect(planned.code).toBe(2);
    expect(planned.err).toContain('planned what loaded');
    expect(planned.out).toContain('wrote V2__sync.sql — 1 statement(s)');
    expect(planned.out).toContain('Not planned from a second declaration: `lupo_anubis_redirects`');
    const text = readFileSync(join(root, 'V2__sync.sql'), 'utf8');
    expect(text).toContain('CREATE TABLE IF NOT EXISTS `lupo_pages`');
    expect(text).not.toContain('lupo_anubis_redirects');

    const app = await appPlan();
    expect(app.statements.map((s) => s.sql).join('\n')).toContain('`lupo_pages`');
    expect(app.notes).toContainEqual(expect.stringContaining('declared in'));

    // and diff still reports the rest of the drift (exit 2 for the bad file)
    const io = captureIo({ cwd: root });
    expect(await runCli(['diff', ...flags], io)).toBe(2);
    expect(io.out.join('')).toContain('lupo_pages');
  });
});

import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBrowserModeCipher } from '../../../electron/engine/connection/secret-cipher';
import { createEngineHandlers, type EngineHandlers } from '../../../electron/engine/api/index';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract/index';
import { dispatchCall } from '../../../shared/contract/server';
import { LupoError } from '../../../shared/errors';
import { createScratchDatabases } from '../../support/databases';

const repo = resolve(import.meta.dirname, '../../..');

/** A workspace folder with one core definition and its own three database names. */
function workspaceFolder(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lupo-switch-'));
  mkdirSync(join(dir, 'core'));
  copyFileSync(join(repo, 'toon/demo/core/lupo_tags.toon'), join(dir, 'core/lupo_tags.toon'));
  const [core, orchestration, ephemeral] = names;
  writeFileSync(
    join(dir, 'lupo.config.json'),
    JSON.stringify({ definitions: '.', databases: { core, orchestration, ephemeral }, tableBudget: { total: 180 } }),
  );
  return dir;
}

/**
 * Issue 13 item 1: switching workspace while connected. The connection must read the new
 * workspace's role databases (not the ones named at connect), every figure of the analysis
 * must come from them, and a profile's own Databases names are an explicit, labelled override.
 */
describe('switching workspace while connected', () => {
  const url = new URL(inject('mysqlUrl'));
  let engine: EngineHandlers;
  let a: Awaited<ReturnType<typeof createScratchDatabases>>;
  let b: Awaited<ReturnType<typeof createScratchDatabases>>;
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const envelope = await dispatchCall(engine.handlers, name, request, { emit: () => {} } as never);
    if (!envelope.ok) throw new LupoError(envelope.error.code, envelope.error.message);
    return envelope.value as CallResponse<N>;
  };
  const params = () => ({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });

  beforeAll(async () => {
    a = await createScratchDatabases(url.href, ['swa_core', 'swa_orch', 'swa_eph']);
    b = await createScratchDatabases(url.href, ['swb_core', 'swb_orch', 'swb_eph']);
    const admin = await import('mysql2/promise').then((m) => m.createConnection({ uri: url.href }));
    try {
      for (const table of ['t1', 't2', 't3']) {
        await admin.query(
          `CREATE TABLE \`${a.names[0]}\`.${table} (${table}_id bigint NOT NULL, PRIMARY KEY (${table}_id))`,
        );
      }
      await admin.query(`CREATE TABLE \`${b.names[0]}\`.only_b (only_b_id bigint NOT NULL, PRIMARY KEY (only_b_id))`);
    } finally {
      await admin.end();
    }
    engine = createEngineHandlers({
      mode: 'browser',
      userDataDir: mkdtempSync(join(tmpdir(), 'lupo-switch-data-')),
      resourcesDir: repo,
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await a?.drop();
    await b?.drop();
  });

  it('re-resolves the role databases and recomputes the analysis for the new workspace', async () => {
    await call('workspace/open', { path: workspaceFolder(a.names) });
    const info = await call('connection/open', params());
    expect(info.roles?.map((role) => role.name)).toEqual(a.names);
    expect(info.databasesFrom).toBe('workspace');
    const first = await call('workspace/analyze', { connectionId: info.connectionId });
    expect(first.counts.live?.core).toBe(3);
    expect(first.context?.databases.core).toBe(a.names[0]);

    await call('workspace/open', { path: workspaceFolder(b.names) });
    const second = await call('workspace/analyze', { connectionId: info.connectionId });
    expect(second.context?.databases).toEqual({ core: b.names[0], orchestration: b.names[1], ephemeral: b.names[2] });
    expect(second.context?.databasesFrom).toBe('workspace');
    expect(second.counts.live?.core).toBe(1);
    expect(second.drift.tables.filter((t) => t.status === 'extra').map((t) => t.table)).toEqual(['only_b']);
    expect(second.context?.connection?.roles.map((role) => [role.name, role.exists, role.tableCount])).toEqual([
      [b.names[0], true, 1],
      [b.names[1], true, 0],
      [b.names[2], true, 0],
    ]);
    // The sidebar's refresh resolves the same names.
    const listed = await call('connection/list-databases', { connectionId: info.connectionId });
    expect(listed.roles?.map((role) => role.name)).toEqual(b.names);
    // The live model the explorer loads follows too.
    const live = await call('schema/introspect', { connectionId: info.connectionId });
    expect(live.databases.core.tables.map((t) => t.name)).toEqual(['only_b']);
    await call('connection/close', { connectionId: info.connectionId });
  });

  it('reads a connection’s own database names only with its explicit switch on, and says so', async () => {
    await call('workspace/open', { path: workspaceFolder(b.names) });
    const [core, orchestration, ephemeral] = a.names as [string, string, string];
    const names = { core, orchestration, ephemeral };
    // Names typed without the switch do not override: the connection follows the workspace.
    const plain = await call('connection/open', { ...params(), databases: names });
    expect(plain.databasesFrom).toBe('workspace');
    expect(plain.roles?.map((role) => role.name)).toEqual(b.names);
    await call('connection/close', { connectionId: plain.connectionId });

    const info = await call('connection/open', { ...params(), databases: names, overrideDatabases: true });
    expect(info.databasesFrom).toBe('connection');
    const analysis = await call('workspace/analyze', { connectionId: info.connectionId });
    expect(analysis.context?.databasesFrom).toBe('connection');
    expect(analysis.context?.databases.core).toBe(core);
    expect(analysis.counts.live?.core).toBe(3);
    await call('connection/close', { connectionId: info.connectionId });
  });

  it('saves the switch with the profile, off by default', async () => {
    await call('workspace/open', { path: workspaceFolder(b.names) });
    const [core, orchestration, ephemeral] = a.names as [string, string, string];
    const names = { core, orchestration, ephemeral };
    const off = await call('profile/save', { name: 'switch off', ...params(), databases: names });
    expect(off.overrideDatabases).toBe(false);
    const on = await call('profile/save', {
      name: 'switch on',
      ...params(),
      databases: names,
      overrideDatabases: true,
    });
    expect(on.overrideDatabases).toBe(true);
    const viaOff = await call('connection/open', { profileId: off.id });
    expect([viaOff.databasesFrom, viaOff.roles?.[0]?.name]).toEqual(['workspace', b.names[0]]);
    const viaOn = await call('connection/open', { profileId: on.id });
    expect([viaOn.databasesFrom, viaOn.roles?.[0]?.name]).toEqual(['connection', core]);
    await call('connection/close', { connectionId: viaOff.connectionId });
    await call('connection/close', { connectionId: viaOn.connectionId });
  });

  it('migrates profiles saved before the switch: their own names keep overriding, generic ones follow', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'lupo-switch-legacy-'));
    const [core, orchestration, ephemeral] = a.names as [string, string, string];
    const legacy = (id: string, databases: Record<string, string>) => ({
      id,
      name: id,
      ...params(),
      password: undefined,
      connectTimeoutMs: 10_000,
      databases,
    });
    writeFileSync(
      join(userDataDir, 'profiles.json'),
      JSON.stringify([
        legacy('legacy-own', { core, orchestration, ephemeral }),
        legacy('legacy-generic', { core: 'core', orchestration: 'orchestration', ephemeral: 'ephemeral' }),
      ]),
    );
    const old = createEngineHandlers({
      mode: 'browser',
      userDataDir,
      resourcesDir: repo,
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
    try {
      const callOld = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
        const envelope = await dispatchCall(old.handlers, name, request, { emit: () => {} } as never);
        if (!envelope.ok) throw new LupoError(envelope.error.code, envelope.error.message);
        return envelope.value as CallResponse<N>;
      };
      await callOld('workspace/open', { path: workspaceFolder(b.names) });
      const { profiles } = await callOld('profile/list', {});
      expect(profiles.map((p) => [p.id, p.overrideDatabases])).toEqual([
        ['legacy-generic', false],
        ['legacy-own', true],
      ]);
      const own = await callOld('connection/open', { profileId: 'legacy-own', password: params().password });
      expect([own.databasesFrom, own.roles?.[0]?.name]).toEqual(['connection', core]);
      const generic = await callOld('connection/open', { profileId: 'legacy-generic', password: params().password });
      expect([generic.databasesFrom, generic.roles?.[0]?.name]).toEqual(['workspace', b.names[0]]);
    } finally {
      await old.dispose();
    }
  });
});

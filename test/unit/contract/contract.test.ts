import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appCalls } from '../../../shared/contract/app';
import { connectionCalls, connectionEvents } from '../../../shared/contract/connection';
import { createLupoClient } from '../../../shared/contract/client';
import { calls, events } from '../../../shared/contract/index';
import { dispatchCall } from '../../../shared/contract/server';
import { jobCalls, jobEvents } from '../../../shared/contract/jobs';
import { migrationCalls } from '../../../shared/contract/migration';
import { reportCalls } from '../../../shared/contract/report';
import { sandboxCalls } from '../../../shared/contract/sandbox';
import { workspaceCalls } from '../../../shared/contract/workspace';
import { fleetCalls, fleetEvents } from '../../../shared/contract/fleet';
import { queryCalls } from '../../../shared/contract/query';
import { createEngineHandlers } from '../../../electron/engine/api/index';
import { createBrowserModeCipher } from '../../../electron/engine/connection/secret-cipher';

const domains = [
  appCalls,
  connectionCalls,
  jobCalls,
  workspaceCalls,
  migrationCalls,
  reportCalls,
  sandboxCalls,
  fleetCalls,
  queryCalls,
];

describe('the IPC contract', () => {
  it('declares each channel once, named domain/verb', () => {
    const names = domains.flatMap((domain) => Object.keys(domain));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(calls)).toHaveLength(names.length);
    const eventNames = [...Object.keys(connectionEvents), ...Object.keys(jobEvents), ...Object.keys(fleetEvents)];
    expect(Object.keys(events)).toHaveLength(eventNames.length);
    for (const name of [...names, ...eventNames]) expect(name).toMatch(/^[a-z]+\/[a-z]+(-[a-z]+)*$/);
  });

  it('has exactly one engine handler per call', async () => {
    const engine = createEngineHandlers({
      mode: 'browser',
      userDataDir: mkdtempSync(join(tmpdir(), 'lupo-contract-')),
      resourcesDir: resolve(import.meta.dirname, '../../..'),
      secretCipher: createBrowserModeCipher(),
      emit: () => {},
    });
    try {
      expect(Object.keys(engine.handlers).sort()).toEqual(Object.keys(calls).sort());
    } finally {
      await engine.dispose();
    }
  });
});

describe('response checks', () => {
  const broken = { databases: { core: { role: 'core', name: 'c', tables: 'not a list' } } };

  it('leaves model pages to the client: the engine sends them as built, the client refuses a bad one', async () => {
    const handlers = { 'workspace/model': async () => broken } as unknown as Parameters<typeof dispatchCall>[0];
    const envelope = await dispatchCall(handlers, 'workspace/model', { source: 'definitions' }, { emit: () => {} });
    expect(envelope).toEqual({ ok: true, value: broken });
    const client = createLupoClient({
      invoke: (channel, payload) => dispatchCall(handlers, channel, payload, { emit: () => {} }),
      subscribe: () => () => {},
    });
    await expect(client.call('workspace/model', { source: 'definitions' })).rejects.toMatchObject({
      code: 'contract/invalid-response',
    });
  });

  it('checks every other response in the engine too', async () => {
    const handlers = { 'workspace/analyze': async () => broken } as unknown as Parameters<typeof dispatchCall>[0];
    const envelope = await dispatchCall(handlers, 'workspace/analyze', {}, { emit: () => {} });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'contract/invalid-response' } });
  });
});

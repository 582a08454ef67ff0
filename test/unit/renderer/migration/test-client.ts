import type { LupoClient } from '../../../../shared/contract/client';
import type { CallSpec } from '../../../../shared/contract/define';
import { jobCalls } from '../../../../shared/contract/jobs';
import { migrationCalls } from '../../../../shared/contract/migration';
import { LupoError, serializeError } from '../../../../shared/errors';

type AnyHandler = (request: never, emit: (event: string, payload: unknown) => void) => Promise<unknown>;

/**
 * An in-process client over the migration and job contracts: every request is parsed by
 * its contract schema and every response validated by it, errors cross as serialized
 * errors — what the real transports do — with handlers written by each test.
 */
export function migrationTestClient(handlers: Record<string, AnyHandler>) {
  const specs: Record<string, CallSpec> = { ...migrationCalls, ...jobCalls };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const requests: Array<{ name: string; request: unknown }> = [];
  const emit = (event: string, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const client = {
    async call(name: string, request: unknown) {
      const spec = specs[name];
      const handler = handlers[name];
      if (!spec || !handler) throw new LupoError('contract/unknown-call', `No handler for ${name} in this test.`);
      const parsed = spec.request.parse(request ?? {});
      requests.push({ name, request: parsed });
      try {
        return spec.response.parse(await handler(parsed as never, emit));
      } catch (error) {
        throw LupoError.fromJSON(serializeError(error));
      }
    },
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as LupoClient;
  return { client, emit, requests };
}

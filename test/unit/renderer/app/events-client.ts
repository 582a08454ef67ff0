import { createLupoClient, type LupoBridge } from '../../../../shared/contract/client';
import type { EventName, EventPayload } from '../../../../shared/contract/index';
import { dispatchCall, type HandlerMap } from '../../../../shared/contract/server';

/**
 * An in-process transport with events: the real contract dispatch (request/response
 * validation, error serialisation) in front of the test's handlers, and an `emit` that
 * delivers events to the client's listeners like the engine's host does.
 */
export function eventsClient(handlers: Partial<HandlerMap>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const bridge: LupoBridge = {
    invoke: (channel, payload) => dispatchCall(handlers as HandlerMap, channel, payload, { emit }),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  return { client: createLupoClient(bridge), emit };
}

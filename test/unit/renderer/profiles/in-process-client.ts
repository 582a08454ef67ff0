import { createLupoClient, type LupoBridge, type LupoClient } from '../../../../shared/contract/client';
import type { EventName, EventPayload } from '../../../../shared/contract/index';
import { dispatchCall, type HandlerMap } from '../../../../shared/contract/server';

/**
 * An in-process transport for store tests: the real contract dispatch (request/response
 * validation, error serialisation) in front of the given handlers.
 */
export function inProcessClient(handlers: Partial<HandlerMap>): LupoClient {
  const emit = <E extends EventName>(_event: E, _payload: EventPayload<E>): void => {};
  const bridge: LupoBridge = {
    invoke: (channel, payload) => dispatchCall(handlers as HandlerMap, channel, payload, { emit }),
    subscribe: () => () => {},
  };
  return createLupoClient(bridge);
}

import { LupoError } from '../errors';
import type { Envelope } from './envelope';
import {
  calls,
  events,
  type CallName,
  type CallRequest,
  type CallResponse,
  type EventName,
  type EventPayload,
} from './index';
import { formatIssues } from './server';

/**
 * The untyped bridge a transport provides: Electron's preload exposes it as
 * `window.lupoBridge`; browser mode implements it over a WebSocket. Nothing else is
 * transport-specific.
 */
export interface LupoBridge {
  invoke(channel: string, payload: unknown): Promise<Envelope>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** The typed API the renderer uses (`window.lupo`). */
export interface LupoClient {
  call<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Wraps a bridge into the typed client, validating responses and events on arrival. */
export function createLupoClient(bridge: LupoBridge): LupoClient {
  return {
    async call(name, request) {
      const envelope = await bridge.invoke(name, request);
      if (!envelope.ok) throw LupoError.fromJSON(envelope.error);
      const checked = calls[name].response.safeParse(envelope.value);
      if (!checked.success) {
        throw new LupoError(
          'contract/invalid-response',
          `Invalid response for ${name}: ${formatIssues(checked.error.issues)}`,
        );
      }
      return checked.data as CallResponse<typeof name>;
    },
    on(event, listener) {
      return bridge.subscribe(event, (payload) => {
        const checked = events[event].payload.safeParse(payload);
        if (checked.success) listener(checked.data as EventPayload<typeof event>);
      });
    },
  };
}

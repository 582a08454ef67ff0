import { LupoError, serializeError } from '../errors';
import type { CallSpec } from './define';
import type { Envelope } from './envelope';
import {
  calls,
  events,
  isCallName,
  type CallName,
  type CallResponse,
  type EventName,
  type EventPayload,
  type ParsedRequest,
} from './index';

/** What a handler gets besides its request: a way to emit events to its caller. */
export interface HandlerContext {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** The handler of one call: one object in, a promise out. */
export type Handler<N extends CallName> = (
  request: ParsedRequest<N>,
  context: HandlerContext,
) => Promise<CallResponse<N>>;

/** Handlers for a subset of the calls (one domain). */
export type HandlersFor<N extends CallName> = { readonly [K in N]: Handler<K> };

/** Handlers for every call of the contract: the type makes a missing handler a compile error. */
export type HandlerMap = HandlersFor<CallName>;

/**
 * Runs one incoming call: refuses unknown channels, validates the request, runs the
 * handler, validates its response, and turns any failure into an error envelope.
 * Both transports (Electron IPC, WebSocket) call this and nothing else.
 */
export async function dispatchCall(
  handlers: HandlerMap,
  channel: string,
  payload: unknown,
  context: HandlerContext,
): Promise<Envelope> {
  try {
    if (!isCallName(channel)) {
      throw new LupoError('contract/unknown-call', `Unknown call "${channel}".`, {
        hint: 'The app and its engine are out of step: restart the app.',
      });
    }
    const spec = calls[channel];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      throw new LupoError(
        'contract/invalid-request',
        `Invalid request for ${channel}: ${formatIssues(parsed.error.issues)}`,
        {
          hint: 'Check the values entered; this request was refused before reaching the database.',
        },
      );
    }
    const handler = handlers[channel] as (request: unknown, context: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, context);
    // Responses the client alone checks (see CallSpec.responseCheckedBy) go out as built.
    if ((spec as CallSpec).responseCheckedBy === 'client') return { ok: true, value };
    const checked = spec.response.safeParse(value);
    if (!checked.success) {
      throw new LupoError(
        'contract/invalid-response',
        `The engine returned an invalid response for ${channel}: ${formatIssues(checked.error.issues)}`,
        {
          hint: 'This is a bug in Lupo Admin: please report it.',
        },
      );
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/** Validates an event payload before it leaves the engine (a bad event is a bug, so it throws). */
export function checkEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> {
  return events[event].payload.parse(payload) as EventPayload<E>;
}

/** Short human text for validation issues. */
export function formatIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

import type { z } from 'zod';
import { appCalls } from './app';
import { connectionCalls, connectionEvents } from './connection';
import { jobCalls, jobEvents } from './jobs';
import { migrationCalls } from './migration';
import { reportCalls } from './report';
import { sandboxCalls } from './sandbox';
import { workspaceCalls } from './workspace';
import { queryCalls } from './query';
import { fleetCalls, fleetEvents } from './fleet';

/**
 * The whole IPC contract: every call and event, declared once per domain and gathered
 * here. Adding a call = one declaration in its domain file + one handler in the engine's
 * api folder; the preload, the Electron handlers, the WebSocket transport and the typed
 * renderer client pick it up from this map.
 */
export const calls = {
  ...appCalls,
  ...connectionCalls,
  ...jobCalls,
  ...workspaceCalls,
  ...migrationCalls,
  ...reportCalls,
  ...sandboxCalls,
  ...queryCalls,
  ...fleetCalls,
} as const;

/** Every main → renderer event. */
export const events = {
  ...connectionEvents,
  ...jobEvents,
  ...fleetEvents,
} as const;

/** A call's channel name. */
export type CallName = keyof typeof calls;
/** An event's channel name. */
export type EventName = keyof typeof events;
/** What the caller passes (defaults not yet applied). */
export type CallRequest<N extends CallName> = z.input<(typeof calls)[N]['request']>;
/** What the handler receives (defaults applied). */
export type ParsedRequest<N extends CallName> = z.output<(typeof calls)[N]['request']>;
/** What the call resolves to. */
export type CallResponse<N extends CallName> = z.output<(typeof calls)[N]['response']>;
/** An event's payload. */
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

/** True when `name` is a declared call (used by transports to refuse unknown channels). */
export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

/** True when `name` is a declared event. */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

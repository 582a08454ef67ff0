import type { z } from 'zod';

/**
 * Building blocks of the IPC contract. A call is a request schema and a response schema;
 * an event is a payload schema. Channels are named `domain/verb`. Every transport
 * (Electron IPC, the browser-mode WebSocket) is derived from these declarations and
 * validates every message with them at runtime.
 */
export interface CallSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  /** One line for the API docs and error messages. */
  readonly summary: string;
  /**
   * Who validates the response: both ends by default (the engine before sending, the
   * client on arrival). `client` for pages of the engine's own schema model: tens of
   * thousands of objects a model, where the second check doubled the cost of every page.
   */
  readonly responseCheckedBy?: 'client';
}

/** Declares one request/response call. */
export function defineCall<Req extends z.ZodType, Res extends z.ZodType>(
  summary: string,
  request: Req,
  response: Res,
  options: Pick<CallSpec, 'responseCheckedBy'> = {},
): CallSpec<Req, Res> {
  return { summary, request, response, ...options };
}

/** Declares one main → renderer event. */
export function defineEvent<P extends z.ZodType>(summary: string, payload: P): EventSpec<P> {
  return { summary, payload };
}

/** One event payload schema. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly summary: string;
}

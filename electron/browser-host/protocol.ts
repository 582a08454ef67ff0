import { z } from 'zod';

/** A call from the page: channel + payload (validated later against the contract). */
export const clientMessage = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    channel: z.string().max(200),
    payload: z.unknown(),
  })
  .strict();
/** A call from the page. */
export type ClientMessage = z.output<typeof clientMessage>;

/** Largest message the host accepts from a page (a call's payload is small). */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024 * 1024;

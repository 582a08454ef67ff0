import type { SerializedError } from '../errors';

/** What every call returns over a transport: a value or a serialized error, never a throw. */
export type Envelope<T = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SerializedError };

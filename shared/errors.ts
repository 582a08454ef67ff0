/**
 * Errors as they cross every boundary (IPC, WebSocket, CLI JSON): a stable `code` the
 * UI can switch on, a `message` saying what went wrong, and a `hint` saying what to do.
 * No stack traces reach the operator.
 */
export interface SerializedError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** Extra facts (file, line, statement index, server errno…) for display. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** The typed error the engine throws and the renderer receives back. */
export class LupoError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;

  constructor(
    code: string,
    message: string,
    options: {
      hint?: string;
      details?: Record<string, string | number | boolean | null>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LupoError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.details !== undefined) this.details = options.details;
  }

  /** The wire form of this error. */
  toJSON(): SerializedError {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }

  /** Rebuilds a typed error from its wire form. */
  static fromJSON(error: SerializedError): LupoError {
    return new LupoError(error.code, error.message, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: { ...error.details } }),
    });
  }
}

/** Turns anything thrown into the wire form, hiding internals of unexpected errors. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof LupoError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: 'Error',
    code: 'internal',
    message,
    hint: 'This is a bug in Lupo Admin: please report it with the steps that led here.',
  };
}

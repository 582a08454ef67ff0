import { LupoError } from '../../../shared/errors';

/** An error as a screen shows it: what went wrong, what to do, and the stable code. */
export interface UiError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/**
 * Turns anything a call threw into what a screen shows. LupoErrors keep their code and hint;
 * anything else becomes an `internal` error without a stack trace, because the operator can
 * only act on a message and a hint.
 */
export function toUiError(error: unknown): UiError {
  if (error instanceof LupoError) {
    return { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  }
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown; hint?: unknown };
    return {
      code: String(e.code),
      message: String(e.message),
      ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
    };
  }
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : String(error),
    hint: 'This is a bug in Lupo Admin: please report it with the steps that led here.',
  };
}

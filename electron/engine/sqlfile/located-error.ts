import { LupoError } from '../../../shared/errors';
import { splitStatements, type SqlStatement } from './statement-splitter';

/**
 * The splitter's "cannot read this file to its end" errors (unterminated string or
 * comment, bare DELIMITER, binary content) carry a line but no file; this puts the file in
 * front (`file:line: …`) and in the details. Other errors pass through unchanged.
 */
export function locatedSqlError(error: unknown, file: string): unknown {
  if (!(error instanceof LupoError) || typeof error.details?.line !== 'number' || error.details.file !== undefined) {
    return error;
  }
  return new LupoError(error.code, `${file}:${error.details.line}: ${error.message}`, {
    ...(error.hint ? { hint: error.hint } : {}),
    details: { ...error.details, file },
  });
}

/** `splitStatements` for the text of `file`: a broken file is an error at `file:line`. */
export function splitSqlFile(text: string, file: string): SqlStatement[] {
  try {
    return splitStatements(text);
  } catch (error) {
    throw locatedSqlError(error, file);
  }
}

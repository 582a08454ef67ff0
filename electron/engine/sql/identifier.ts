/**
 * The engine's door to the one quoting helper, which lives in `shared/sql/identifier.ts` so
 * the renderer's copy-as-SQL quotes exactly as the engine does.
 */
export { quoteIdentifier, quoteQualified, quoteString } from '../../../shared/sql/identifier';

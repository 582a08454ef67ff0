import type { JsonObject } from '@toon-format/toon';
import type { DatabaseRole } from '../../../shared/schema/model';
import type { DefinitionEncoding, DocumentStyle } from './definition-document';

/**
 * One loaded definition file, kept so it can be written back in its own encoding, key
 * order and style: `raw` is the decoded document (unknown keys and `data` rows included)
 * and `text` the exact bytes read.
 */
export interface DefinitionFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the definitions folder (forward slashes). */
  readonly relativePath: string;
  readonly encoding: DefinitionEncoding;
  readonly role: DatabaseRole;
  /** The declared table name, when the file had one. */
  readonly tableName?: string;
  readonly raw: JsonObject;
  readonly text: string;
  readonly style: DocumentStyle;
}

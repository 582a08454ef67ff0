/** DDL parsing: column definitions and CREATE TABLE statements into the schema model. */
export {
  parseColumnDefinition,
  parseColumnDefinitionDetailed,
  type DdlNote,
  type ParseColumnOptions,
  type ParsedColumn,
} from './column-definition';
export {
  parseCreateTable,
  parseCreateTableDetailed,
  applyTableItem,
  draftToTable,
  splitTopLevel,
  type TableDraft,
  type ParsedCreateTable,
} from './create-table';
export { formatColumnDefinition } from './format-column';
export { Tokenizer, type Token } from '../sql/tokenizer';
export { TokenCursor } from './token-cursor';

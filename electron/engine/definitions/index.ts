/** Table definitions (`.toon`, legacy JSON or TOON): loading into the model and writing back. */
export { loadDefinitions, type DefinitionsResult } from './load-definitions';
export { writeDefinition, renderDefinition } from './write-definition';
export type { DefinitionFile } from './definition-file';
export {
  parseDefinitionDocument,
  type DefinitionDocument,
  type DefinitionEncoding,
  type DocumentStyle,
} from './definition-document';
export { documentToTable } from './document-to-table';
export { tableToDocument } from './table-to-document';
export { resolveRole, roleFromPath, patternToRegExp } from './role';
export {
  planAdoption,
  writeAdoption,
  mergeLiveIntoDefinition,
  newDefinitionDocument,
  type AdoptionPlan,
  type AdoptionResult,
  type AdoptionCreate,
  type AdoptionRewrite,
  type AdoptionEntry,
  type PlanAdoptionOptions,
} from './adopt-live-schema';

/** Schema diff: pure comparison of schema models (see DESIGN §8.5). */
export { diffDatabase, changedTableNames } from './diff-database';
export { diffTable, columnDifferences, indexDifferences, movedColumns, tableOptionDifferences } from './diff-table';
export {
  compareSources,
  findPair,
  hasDrift,
  SOURCE_ORDER,
  type PairDiff,
  type RoleComparison,
  type SourceModels,
  type TablePresence,
  type ThreeWayDiff,
} from './compare-sources';
export * from './normalize';

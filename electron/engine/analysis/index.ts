/** Workspace analysis: the facade the CLI, the app and reports use. */
export { analyzeWorkspace, type Analysis, type AnalysisInput } from './analyze';
export { loadFileSources, mergeModels, type LoadedFileSources } from './load-sources';

/** Workspace config (`lupo.config.json` / `lupo.config.toon`): loading, validation, starter file. */
export { loadWorkspaceConfig, resolveConfigPaths, CONFIG_FILE_NAMES, type LoadedConfig } from './load-workspace-config';
export { writeStarterConfig, STARTER_CONFIG_TOON } from './starter-config';
export { addWaivers, removeWaiver, type WaiverKey } from './waivers';

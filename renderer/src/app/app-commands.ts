import { disconnect, openWorkspace } from '../stores/app-flows';
import { connectionStore, navigationStore, schemaStore, workspaceStore } from '../stores/app-stores';
import { SCREENS, SCREEN_INFO, screenShortcut } from '../stores/navigation-store';
import { openReportDialog } from '../screens/report/report-state';
import type { PaletteItem } from './command-palette/palette-filter';

/** A palette item that can run. */
export interface Command extends PaletteItem {
  run(): void;
}

/**
 * The commands of the palette, built from the current store state: one per screen plus
 * the actions that make sense now (disabled ones stay visible so the operator learns they exist).
 */
export function buildCommands(toggleColorScheme: () => void): Command[] {
  const connection = connectionStore.getState();
  const workspace = workspaceStore.getState();
  const connectionId = connection.info?.connectionId;
  const screens: Command[] = SCREENS.map((screen, index) => {
    const shortcut = screenShortcut(index)?.label;
    return {
      id: `screen:${screen}`,
      group: 'Screens',
      title: SCREEN_INFO[screen].title,
      description: SCREEN_INFO[screen].description,
      ...(shortcut ? { shortcut } : {}),
      run: () => navigationStore.getState().go(screen),
    };
  });
  const actions: Command[] = [
    {
      id: 'action:analyze',
      group: 'Actions',
      title: 'Analyze workspace',
      description: connectionId
        ? 'Compare definitions, SQL files and the live databases'
        : 'Compare definitions and SQL files',
      keywords: ['drift', 'doctrine', 'budget', 'check'],
      enabled: workspace.summary !== undefined,
      run: () => void workspace.analyze(connectionId),
    },
    {
      id: 'action:export-report',
      group: 'Actions',
      title: 'Export sync report…',
      description: connectionId
        ? 'Markdown, JSON, HTML or PDF report of the workspace against the live databases'
        : 'Markdown, JSON, HTML or PDF report of the workspace against its SQL files',
      keywords: ['report', 'export', 'markdown', 'pdf', 'html', 'json', 'save'],
      enabled: workspace.summary !== undefined,
      run: openReportDialog,
    },
    {
      id: 'action:open-workspace',
      group: 'Actions',
      title: 'Open workspace…',
      description: 'Open a workspace folder by its path (reopened on the next start)',
      keywords: ['workspace', 'folder', 'load', 'config'],
      run: () => navigationStore.getState().setWorkspaceDialogOpen(true),
    },
    {
      id: 'action:open-demo',
      group: 'Actions',
      title: 'Open demo workspace',
      description: 'Load the workspace that ships with the app',
      keywords: ['workspace', 'load'],
      run: () => void openWorkspace(),
    },
    {
      id: 'action:introspect',
      group: 'Actions',
      title: 'Reload live schema',
      description: 'Introspect the connected databases again',
      keywords: ['refresh', 'introspect'],
      enabled: connectionId !== undefined,
      run: () => {
        if (connectionId) void schemaStore.getState().loadLive(connectionId);
      },
    },
    {
      id: 'action:disconnect',
      group: 'Actions',
      title: 'Disconnect',
      description: connection.info ? `Close the connection to ${connection.info.endpoint}` : 'Not connected',
      keywords: ['close', 'logout'],
      enabled: connectionId !== undefined,
      run: () => void disconnect(),
    },
    {
      id: 'action:theme',
      group: 'Actions',
      title: 'Toggle light/dark theme',
      keywords: ['color', 'scheme', 'dark', 'light'],
      run: toggleColorScheme,
    },
  ];
  return [...screens, ...actions];
}

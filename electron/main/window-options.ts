import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options, kept pure (no Electron runtime import) so a unit test can
 * assert the security settings: isolated, sandboxed renderer without Node, no webview,
 * no remote content.
 */
export function mainWindowOptions(
  preloadPath: string,
  bounds: { width: number; height: number; x?: number; y?: number } = { width: 1360, height: 860 },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Lupo Admin',
    backgroundColor: '#1a1b1e',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

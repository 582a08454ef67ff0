import { app, BrowserWindow, dialog, Menu } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngineHandlers } from '../engine/api/index';
import { APP_ENTRY_URL } from './app-url';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol';
import { buildApplicationMenu } from './application-menu';
import { hardenSession } from './harden-session';
import { registerIpc, sendEvent } from './register-ipc';
import { safeStorageCipher } from './safe-storage-cipher';
import { leavesAfterPrompt, unsavedEditsPrompt } from './unsaved-edits-prompt';
import { electronPdfPrinter } from './print-to-pdf';
import { mainWindowOptions } from './window-options';
import { loadWindowState, saveWindowState } from './window-state';

/**
 * The Electron shell: one window, hardened, loading the built renderer from `app://`.
 * All work happens in the engine behind the IPC contract; this file only wires things.
 */
registerAppSchemePrivileges();
if (!app.requestSingleInstanceLock()) app.quit();

const here = dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | undefined;

function createMainWindow(): BrowserWindow {
  const userData = app.getPath('userData');
  const window = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs'), loadWindowState(userData)));
  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveWindowState(userData, window.getNormalBounds()));
  // Uncommitted data edits: the renderer cancels its `beforeunload` (renderer/src/screens/data/
  // unload-guard.ts) and Electron, which shows no dialog itself, emits this. Asking here rather
  // than through an IPC round trip on 'close': the renderer answers synchronously from its own
  // state, so there is no reply to wait for (or to time out when the renderer hangs), no new
  // channel to validate, and one path covers closing, quitting, the menu's Reload and any
  // navigation. The renderer's modal cannot answer an unload; the native dialog can only stay
  // or discard (committing needs the review, so the operator stays to commit).
  window.webContents.on('will-prevent-unload', (event) => {
    // preventDefault here overrides the renderer's refusal: the window unloads.
    if (leavesAfterPrompt(dialog.showMessageBoxSync(window, unsavedEditsPrompt()))) event.preventDefault();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

void app.whenReady().then(() => {
  hardenSession();
  serveRenderer(join(here, '../renderer'));
  Menu.setApplicationMenu(buildApplicationMenu());
  const handlers = createEngineHandlers(
    {
      mode: 'electron',
      userDataDir: app.getPath('userData'),
      resourcesDir: app.isPackaged ? process.resourcesPath : join(here, '../..'),
      secretCipher: safeStorageCipher,
      emit: (event, payload) => {
        for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, event, payload);
      },
    },
    { pdfPrinter: electronPdfPrinter },
  );
  registerIpc(handlers.handlers, handlers.emit);
  mainWindow = createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
  // Not 'before-quit': a quit stops when a window with uncommitted edits stays open, and the
  // engine must still be there; 'will-quit' comes once every window has closed.
  app.on('will-quit', () => void handlers.dispose());
});

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

import { BrowserWindow } from 'electron';
import type { PdfPrinter } from '../engine/reports/render-pdf';

/**
 * Prints a self-contained HTML report to PDF with Electron's own Chromium (no system
 * browser needed in the desktop app): a hidden, sandboxed window with JavaScript off.
 */
export const electronPdfPrinter: PdfPrinter = async (html) => {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    window.destroy();
  }
};

import { Menu, app, shell, type MenuItemConstructorOptions } from 'electron';

/** The standard application menu (edit shortcuts, reload, zoom, devtools in dev builds). */
export function buildApplicationMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Lupo Admin on the web',
          click: () => void shell.openExternal('https://www.npmjs.com/package/lupo-admin'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

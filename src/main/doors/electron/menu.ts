import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../../../shared/shell';

/**
 * The application menu. Items that act on the workbench send a ShellCommand
 * to the renderer, which does the work (so the browser host can offer the
 * same actions from its own toolbar).
 */
export function buildApplicationMenu(send: (command: ShellCommand) => void, platform: NodeJS.Platform = process.platform): Menu {
  const command = (label: string, name: ShellCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [command('Import…', 'import'), command('Export…', 'export'), { type: 'separator' }, { role: 'quit' }],
    },
    {
      label: 'Edit',
      submenu: [
        command('Undo', 'undo', 'CmdOrCtrl+Z'),
        command('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        // Cut and paste keep working in text fields (on macOS they need menu items).
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'resetZoom' }, { type: 'separator' }, { role: 'toggleDevTools' }],
    },
    { role: 'help', submenu: [command('Keyboard shortcuts', 'shortcuts')] },
  ];
  return Menu.buildFromTemplate(template);
}

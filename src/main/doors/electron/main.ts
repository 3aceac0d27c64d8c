import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { join } from 'node:path';
import { SHELL_CHANNELS, type ShellCommand } from '../../../shared/shell';
import { openWorkbench, type OpenWorkbench } from '../../open-workbench';
import { APP_NAME, RENDERER_DIR, resolveDbPath } from '../../paths';
import { dbArgument } from './args';
import { registerIpcHandlers } from './ipc';
import { buildApplicationMenu } from './menu';
import { findNativeBinding } from './native-binding';
import { installContentSecurityPolicy, lockDownNavigation, trustedSenderCheck } from './security';

/**
 * The Electron door: app lifecycle, the window and its options, and wiring.
 * Behaviour lives in the service (over IPC) and the renderer.
 */

// electron-vite sets this while `electron-vite dev` serves the renderer.
const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: APP_NAME,
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    webPreferences: {
      preload: join(__dirname, '..', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  lockDownNavigation(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(join(RENDERER_DIR, 'index.html'));
  return window;
}

function sendCommand(command: ShellCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  target?.webContents.send(SHELL_CHANNELS.command, command);
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Opens the database; on failure shows why and returns null. */
function openDatabaseOrExplain(): OpenWorkbench | null {
  const nativeBinding = findNativeBinding(process.versions.electron);
  const dbPath = resolveDbPath(dbArgument(process.argv), process.env, app.getPath('userData'));
  try {
    return openWorkbench({ dbPath, host: 'electron', samples: true, nativeBinding: nativeBinding.path });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const addonTrouble = !nativeBinding.path || /NODE_MODULE_VERSION|better_sqlite3|\.node\b/.test(message);
    dialog.showErrorBox(`${APP_NAME} cannot open its database`, addonTrouble ? `${message}\n\n${nativeBinding.hint}` : message);
    return null;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  const workbench = openDatabaseOrExplain();
  if (!workbench) {
    app.quit();
    return;
  }
  app.on('will-quit', () => workbench.close());

  installContentSecurityPolicy(session.defaultSession);
  registerIpcHandlers(workbench.service, trustedSenderCheck(RENDERER_DIR, rendererUrl));
  Menu.setApplicationMenu(buildApplicationMenu(sendCommand));
  mainWindow = createMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window: it is focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox(`${APP_NAME} could not start`, error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.quit();
  });
}

import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { SHELL_CHANNELS, type ShellCommand } from '../../../shared/shell';
import { reportLaunch } from '../../launch-status';
import { ServiceWorkerHost } from '../../worker/service-host';
import { APP_NAME, RENDERER_DIR, resolveDbPath } from '../../paths';
import { dbArgument } from './args';
import { instanceDataDir } from './instance';
import { registerIpcHandlers } from './ipc';
import { buildApplicationMenu } from './menu';
import { findNativeBinding } from './native-binding';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, denyAllPermissions, lockDownNavigation, serveRendererOnAppScheme, trustedSenderCheck } from './security';

/**
 * The Electron door: app lifecycle, the window and its options, and wiring.
 * Behaviour lives in the service (over IPC) and the renderer.
 */

// electron-vite sets this while `electron-vite dev` serves the renderer.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

const dbPath = resolveDbPath(dbArgument(process.argv), process.env, app.getPath('userData'));
let mainWindow: BrowserWindow | null = null;
let windowShown = false;

/** Before the window first shows, a failure ends the app (npm start then opens the browser version); after, it is shown. */
function failBeforeShown(why: string): void {
  reportLaunch(`failed ${why}`);
  dialog.showErrorBox(`${APP_NAME} could not open its window`, why);
  app.exit(1);
}

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
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  lockDownNavigation(contents);
  window.once('ready-to-show', () => {
    window.show();
    if (!windowShown) reportLaunch('shown');
    windowShown = true;
  });
  contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (!isMainFrame) return;
    const why = `the window could not load ${url} (${description}, ${code})`;
    if (!windowShown) failBeforeShown(why);
    else dialog.showErrorBox(`${APP_NAME}: page failed to load`, why);
  });
  contents.on('render-process-gone', (_event, details) => {
    const why = `the window's renderer process ended (${details.reason}, exit code ${details.exitCode})`;
    if (!windowShown) return failBeforeShown(why);
    dialog.showErrorBox(`${APP_NAME}: the window stopped`, `${why}. It will be reloaded; your saved work is in the database.`);
    contents.reload();
  });
  contents.on('preload-error', (_event, preloadPath, error) => {
    // Without its preload the page has no bridge to the database: never leave it running half-working.
    failBeforeShown(`the preload script ${preloadPath} failed: ${error.message}`);
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return window;
}

function sendCommand(command: ShellCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  target?.webContents.send(SHELL_CHANNELS.command, command);
}

/** A second launch on this database: bring its window forward, or open one (macOS keeps running with none). */
function showMainWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow) {
    mainWindow = createMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Opens the database in the service's worker threads; on failure shows why and returns null. */
async function openDatabaseOrExplain(): Promise<ServiceWorkerHost | null> {
  const nativeBinding = findNativeBinding(process.versions.electron);
  try {
    return await ServiceWorkerHost.start({ dbPath, host: 'electron', samples: true, ...(nativeBinding.path ? { nativeBinding: nativeBinding.path } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const addonTrouble = !nativeBinding.path || /NODE_MODULE_VERSION|better_sqlite3|\.node\b/.test(message);
    const why = addonTrouble ? `${message}\n\n${nativeBinding.hint}` : message;
    reportLaunch(`failed cannot open the database ${dbPath}: ${message.split('\n')[0]}`);
    dialog.showErrorBox(`${APP_NAME} cannot open its database`, why);
    return null;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  const service = await openDatabaseOrExplain();
  if (!service) {
    app.exit(1);
    return;
  }
  // Quitting waits for the calls in flight, then the threads close the database cleanly.
  let closed = false;
  let closing = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    void service.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  const defaultSession = session.defaultSession;
  denyAllPermissions(defaultSession);
  serveRendererOnAppScheme(defaultSession.protocol, RENDERER_DIR);
  registerIpcHandlers(service, trustedSenderCheck(devServerUrl));
  Menu.setApplicationMenu(buildApplicationMenu(sendCommand));
  mainWindow = createMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
}

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.setPath('userData', instanceDataDir(app.getPath('userData'), dbPath));

if (!app.requestSingleInstanceLock({ dbPath })) {
  // Another instance has this database open: it shows its window through 'second-instance'.
  reportLaunch('handed-over');
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    reportLaunch(`failed ${message.split('\n')[0]}`);
    dialog.showErrorBox(`${APP_NAME} could not start`, message);
    app.exit(1);
  });
}

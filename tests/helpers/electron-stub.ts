import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module (no runtime exists on these machines):
 * enough of app, BrowserWindow, session, protocol, ipcMain, Menu and dialog
 * for the Electron door to start, recording every option and handler it sets.
 * resetElectronStub() starts a fresh recording.
 */

type Handler = (...args: unknown[]) => unknown;

export interface ElectronRecorder {
  userData: string;
  appEvents: EventEmitter;
  setPaths: [string, string][];
  lockData: unknown[];
  lockGranted: boolean;
  exits: number[];
  quits: number;
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, Handler>;
  permissionRequestHandler?: Handler;
  permissionCheckHandler?: Handler;
  devicePermissionHandler?: Handler;
  headerHooks: number;
  ipc: Map<string, Handler>;
  windows: FakeBrowserWindow[];
  menuTemplate?: unknown[];
  errorBoxes: [string, string][];
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler?: Handler;
  sent: unknown[][] = [];
  reloads = 0;
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  reload(): void {
    this.reloads++;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  loadedUrl?: string;
  shown = false;
  constructor(public options: Record<string, unknown>) {
    super();
    recorder.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    this.loadedUrl = `file:${file}`;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  static getAllWindows(): FakeBrowserWindow[] {
    return recorder.windows;
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return null;
  }
  static fromWebContents(): FakeBrowserWindow | null {
    return null;
  }
}

function freshRecorder(options: { userData: string; lockGranted: boolean }): ElectronRecorder {
  return {
    userData: options.userData,
    appEvents: new EventEmitter(),
    setPaths: [],
    lockData: [],
    lockGranted: options.lockGranted,
    exits: [],
    quits: 0,
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    headerHooks: 0,
    ipc: new Map(),
    windows: [],
    errorBoxes: [],
  };
}

let recorder: ElectronRecorder = freshRecorder({ userData: '/nonexistent-user-data', lockGranted: true });

/** Starts over before each launch of the door: nothing recorded, not ready. */
export function resetElectronStub(options: { userData: string; lockGranted?: boolean }): ElectronRecorder {
  recorder = freshRecorder({ userData: options.userData, lockGranted: options.lockGranted ?? true });
  ready = false;
  return recorder;
}

let ready = false;

export const app = {
  isPackaged: false,
  getPath: (name: string): string => (name === 'userData' ? recorder.userData : `/stub/${name}`),
  setPath: (name: string, path: string): void => {
    recorder.setPaths.push([name, path]);
    if (name === 'userData') recorder.userData = path;
  },
  requestSingleInstanceLock: (data: unknown): boolean => {
    recorder.lockData.push(data);
    return recorder.lockGranted;
  },
  on: (event: string, listener: Handler): void => {
    recorder.appEvents.on(event, listener);
  },
  whenReady: (): Promise<void> => {
    ready = true;
    return Promise.resolve();
  },
  isReady: (): boolean => ready,
  quit: (): void => {
    recorder.quits++;
  },
  exit: (code: number): void => {
    recorder.exits.push(code);
  },
};

export const BrowserWindow = FakeBrowserWindow;

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]): void => {
    if (ready) throw new Error('registerSchemesAsPrivileged after ready');
    recorder.privilegedSchemes.push(...schemes);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: Handler): void => {
      recorder.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler: Handler): void => {
      recorder.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler: (handler: Handler): void => {
      recorder.devicePermissionHandler = handler;
    },
    webRequest: {
      onHeadersReceived: (): void => {
        recorder.headerHooks++;
      },
    },
    protocol: {
      handle: (scheme: string, handler: Handler): void => {
        recorder.protocolHandlers.set(scheme, handler);
      },
    },
  },
};

export const ipcMain = {
  handle: (channel: string, handler: Handler): void => {
    recorder.ipc.set(channel, handler);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown[]): { template: unknown[] } => ({ template }),
  setApplicationMenu: (menu: { template: unknown[] }): void => {
    recorder.menuTemplate = menu.template;
  },
};

export const dialog = {
  showErrorBox: (title: string, message: string): void => {
    recorder.errorBoxes.push([title, message]);
  },
  showOpenDialog: (): Promise<{ canceled: boolean; filePaths: string[] }> => Promise.resolve({ canceled: true, filePaths: [] }),
  showSaveDialog: (): Promise<{ canceled: boolean; filePath?: string }> => Promise.resolve({ canceled: true }),
};

export default { app, BrowserWindow, protocol, session, ipcMain, Menu, dialog };

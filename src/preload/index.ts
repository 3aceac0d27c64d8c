import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, ipcChannel, type WorkbenchApi } from '../shared/api';
import type { Result } from '../shared/errors';
import { SHELL_CHANNELS, type ShellCommand, type WorkbenchShell } from '../shared/shell';

/**
 * Exposes exactly the API methods as `window.workbench` and the desktop shell
 * as `window.workbenchShell`. Each call answers a Result; the renderer's API
 * client unwraps it. No logic here, and never `ipcRenderer` itself.
 */

/** `window.workbench`: every API method, asynchronous, answering a Result. */
export type WorkbenchBridge = {
  [M in keyof WorkbenchApi]: (input: Parameters<WorkbenchApi[M]>[0]) => Promise<Result<ReturnType<WorkbenchApi[M]>>>;
};

function createBridge(): WorkbenchBridge {
  const bridge: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    bridge[method] = (input) => ipcRenderer.invoke(ipcChannel(method), input);
  }
  return bridge as WorkbenchBridge;
}

const shell: WorkbenchShell = {
  importWithDialog: () => ipcRenderer.invoke(SHELL_CHANNELS.importWithDialog),
  exportWithDialog: (input) => ipcRenderer.invoke(SHELL_CHANNELS.exportWithDialog, input),
  onCommand(listener) {
    const forward = (_event: IpcRendererEvent, command: ShellCommand): void => listener(command);
    ipcRenderer.on(SHELL_CHANNELS.command, forward);
    return () => {
      ipcRenderer.removeListener(SHELL_CHANNELS.command, forward);
    };
  },
};

contextBridge.exposeInMainWorld('workbench', createBridge());
contextBridge.exposeInMainWorld('workbenchShell', shell);

import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, ipcChannel } from '../../../shared/api';
import type { WorkbenchService } from '../../service/workbench-service';
import type { Result } from '../../../shared/errors';
import { SHELL_CHANNELS } from '../../../shared/shell';
import { dispatch } from '../../result';
import { exportWithDialog, importWithDialog } from './shell-dialogs';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Result<unknown> | Promise<Result<unknown>>;

/**
 * One `ipcMain.handle` per API method (the preload's `window.workbench`) and
 * per shell action (`window.workbenchShell`). Every answer is a Result.
 */
export function registerIpcHandlers(service: WorkbenchService, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  const handle = (channel: string, handler: Handler): void => {
    ipcMain.handle(channel, (event, input: unknown) =>
      isTrustedSender(event) ? handler(event, input) : forbidden(channel, event.senderFrame?.url),
    );
  };
  for (const method of API_METHODS) {
    handle(ipcChannel(method), (_event, input) => dispatch(service, method, input));
  }
  handle(SHELL_CHANNELS.importWithDialog, (event) => importWithDialog(service, BrowserWindow.fromWebContents(event.sender)));
  handle(SHELL_CHANNELS.exportWithDialog, (event, input) =>
    exportWithDialog(service, BrowserWindow.fromWebContents(event.sender), input),
  );
}

function forbidden(channel: string, url: string | undefined): Result<never> {
  return { ok: false, error: { code: 'forbidden', message: `${channel} is not available to ${url ?? 'this frame'}` } };
}

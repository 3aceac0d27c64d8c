import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, ipcChannel, type LayeredApi, type WorkbenchApi } from '../../../shared/api';
import { toErrorData, type Result } from '../../../shared/errors';
import { SHELL_CHANNELS } from '../../../shared/shell';
import { dispatch, dispatchAsync } from '../../result';
import { exportWithDialog, importWithDialog } from './shell-dialogs';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Result<unknown> | Promise<Result<unknown>>;

/**
 * One `ipcMain.handle` per API method (the preload's `window.workbench`) and
 * per shell action (`window.workbenchShell`). Every answer is a Result.
 * Each window acts as its own annotator: the name its `setAnnotator` call
 * chose, remembered here per window until the window goes away.
 */
export function registerIpcHandlers(layered: LayeredApi, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  const annotatorOf = new Map<number, string>();
  const serviceFor = (event: IpcMainInvokeEvent): WorkbenchApi => {
    const name = annotatorOf.get(event.sender.id);
    return name === undefined ? layered : layered.as(name);
  };
  const handle = (channel: string, handler: Handler): void => {
    ipcMain.handle(channel, (event, input: unknown) =>
      isTrustedSender(event) ? handler(event, input) : forbidden(channel, event.senderFrame?.url),
    );
  };
  for (const method of API_METHODS) {
    handle(ipcChannel(method), (event, input) => {
      let service: WorkbenchApi;
      try {
        service = serviceFor(event);
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
      if (method !== 'setAnnotator') return dispatchAsync(service, method, input);
      const result = dispatch(service, method, input);
      if (result.ok) {
        const sender = event.sender;
        if (!annotatorOf.has(sender.id)) sender.once('destroyed', () => annotatorOf.delete(sender.id));
        annotatorOf.set(sender.id, (result.value as { annotator: string }).annotator);
      }
      return result;
    });
  }
  handle(SHELL_CHANNELS.importWithDialog, (event) => importWithDialog(serviceFor(event), BrowserWindow.fromWebContents(event.sender)));
  handle(SHELL_CHANNELS.exportWithDialog, (event, input) =>
    exportWithDialog(serviceFor(event), BrowserWindow.fromWebContents(event.sender), input),
  );
}

function forbidden(channel: string, url: string | undefined): Result<never> {
  return { ok: false, error: { code: 'forbidden', message: `${channel} is not available to ${url ?? 'this frame'}` } };
}

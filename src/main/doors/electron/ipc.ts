import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, ipcChannel } from '../../../shared/api';
import type { Result } from '../../../shared/errors';
import { SHELL_CHANNELS } from '../../../shared/shell';
import type { ServiceCaller } from '../../worker/service-host';
import { exportWithDialog, importWithDialog } from './shell-dialogs';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Result<unknown> | Promise<Result<unknown>>;

/**
 * One `ipcMain.handle` per API method (the preload's `window.workbench`) and
 * per shell action (`window.workbenchShell`). Every answer is a Result, from
 * the service's worker threads: the main thread only passes messages.
 * Each window acts as its own annotator: the name its `setAnnotator` call
 * chose, remembered here per window until the window goes away.
 */
export function registerIpcHandlers(service: ServiceCaller, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  const annotatorOf = new Map<number, string>();
  const callerOf = (event: IpcMainInvokeEvent): { annotator?: string } => {
    const annotator = annotatorOf.get(event.sender.id);
    return annotator === undefined ? {} : { annotator };
  };
  const handle = (channel: string, handler: Handler): void => {
    ipcMain.handle(channel, (event, input: unknown) => (isTrustedSender(event) ? handler(event, input) : forbidden(channel, event.senderFrame?.url)));
  };
  for (const method of API_METHODS) {
    handle(ipcChannel(method), async (event, input) => {
      const result = await service.call(method, input, callerOf(event));
      if (method === 'setAnnotator' && result.ok) {
        const sender = event.sender;
        if (!annotatorOf.has(sender.id)) sender.once('destroyed', () => annotatorOf.delete(sender.id));
        annotatorOf.set(sender.id, (result.value as { annotator: string }).annotator);
      }
      return result;
    });
  }
  handle(SHELL_CHANNELS.importWithDialog, (event) => importWithDialog(service, callerOf(event), BrowserWindow.fromWebContents(event.sender)));
  handle(SHELL_CHANNELS.exportWithDialog, (event, input) => exportWithDialog(service, callerOf(event), BrowserWindow.fromWebContents(event.sender), input));
}

function forbidden(channel: string, url: string | undefined): Result<never> {
  return { ok: false, error: { code: 'forbidden', message: `${channel} is not available to ${url ?? 'this frame'}` } };
}

import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { basename, join } from 'node:path';
import type { WorkbenchApi } from '../../../shared/api';
import type { ImportResult } from '../../../shared/domain';
import { toErrorData, type Result } from '../../../shared/errors';
import type { MethodInput } from '../../../shared/schemas';
import type { ExportSaved } from '../../../shared/shell';
import { readFileSync } from 'node:fs';
import { IMPORTABLE_EXTENSIONS } from '../../import/pipeline';
import { writeFileAtomically } from '../cli/write-file-atomically';

/**
 * The desktop-only half of import and export (WorkbenchShell): native file
 * dialogs around the same service calls the other doors make.
 */

async function asResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

function showOpenDialog(window: BrowserWindow | null, options: OpenDialogOptions) {
  return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
}

function showSaveDialog(window: BrowserWindow | null, options: SaveDialogOptions) {
  return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
}

/** Lets the user pick files and imports them through the one import pipeline; null when the dialog is cancelled. */
export function importWithDialog(service: WorkbenchApi, window: BrowserWindow | null): Promise<Result<ImportResult | null>> {
  return asResult(async () => {
    const choice = await showOpenDialog(window, {
      title: 'Import articles',
      buttonLabel: 'Import',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Articles (text, web pages, JSONL)', extensions: IMPORTABLE_EXTENSIONS.map((ext) => ext.slice(1)) }],
    });
    if (choice.canceled || choice.filePaths.length === 0) return null;
    // Every file is read and checked first: one bad file stops the import before the database is touched.
    const files = choice.filePaths.map((path) => ({ name: basename(path), base64: readFileSync(path).toString('base64') }));
    return service.importFiles({ files });
  });
}

/** Exports the dataset, then asks where to save it; `saved` is false when the user cancels. */
export function exportWithDialog(service: WorkbenchApi, window: BrowserWindow | null, input: unknown): Promise<Result<ExportSaved>> {
  return asResult(async () => {
    const format = (input as { format?: unknown } | null | undefined)?.format;
    // The service validates the format like any other input.
    const dataset = service.exportDataset({ format } as MethodInput<'exportDataset'>);
    const counts = { articleCount: dataset.articleCount, spanCount: dataset.spanCount };
    const choice = await showSaveDialog(window, {
      title: 'Export dataset',
      defaultPath: join(app.getPath('documents'), dataset.filename),
      filters: [{ name: 'JSON Lines', extensions: ['jsonl'] }],
    });
    if (choice.canceled || !choice.filePath) return { saved: false, ...counts };
    writeFileAtomically(choice.filePath, dataset.content);
    return { saved: true, ...counts };
  });
}

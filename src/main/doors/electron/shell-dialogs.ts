import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ImportResult } from '../../../shared/domain';
import { toErrorData, WorkbenchError, type Result } from '../../../shared/errors';
import { findFormat } from '../../../shared/formats';
import type { MethodInput } from '../../../shared/schemas';
import type { ExportSaved } from '../../../shared/shell';
import { readFileSync } from 'node:fs';
import { IMPORTABLE_EXTENSIONS } from '../../import/pipeline';
import { writeFileAtomically } from '../cli/write-file-atomically';
import type { ServiceCaller } from '../../worker/service-host';

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
export function importWithDialog(service: ServiceCaller, caller: { annotator?: string }, window: BrowserWindow | null): Promise<Result<ImportResult | null>> {
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
    return service.invoke('importFiles', { files }, caller);
  });
}

/**
 * Exports the dataset, then asks where to save it: a file for one-file
 * formats, a folder for brat and PTC (and for split exports); `saved` is
 * false when the user cancels.
 */
export function exportWithDialog(
  service: ServiceCaller,
  caller: { annotator?: string },
  window: BrowserWindow | null,
  input: unknown,
): Promise<Result<ExportSaved>> {
  return asResult(async () => {
    // The service validates the input like any other call.
    const job = typeof input === 'object' && input !== null && 'jobId' in input ? (input as { jobId: unknown }) : null;
    const dataset = job
      ? await service.invoke('takeExport', { jobId: String(job.jobId) }, caller)
      : await service.invoke('exportDataset', input as MethodInput<'exportDataset'>, caller);
    const format = findFormat(dataset.format)!;
    const summary = {
      format: dataset.format,
      offsetUnit: dataset.offsetUnit,
      articleCount: dataset.articleCount,
      spanCount: dataset.spanCount,
      fileCount: dataset.files.length,
      losses: dataset.losses,
      notes: dataset.notes,
    };
    if (format.output === 'file' && dataset.files.length === 1) {
      const choice = await showSaveDialog(window, {
        title: 'Export dataset',
        defaultPath: join(app.getPath('documents'), dataset.filename),
        filters: [{ name: format.name, extensions: [...format.extensions] }],
      });
      if (choice.canceled || !choice.filePath) return { saved: false, ...summary };
      writeFileAtomically(choice.filePath, dataset.content);
      return { saved: true, savedTo: choice.filePath, ...summary };
    }
    const choice = await showOpenDialog(window, {
      title: `Export ${format.name}: choose an empty folder`,
      buttonLabel: 'Export here',
      properties: ['openDirectory', 'createDirectory'],
    });
    if (choice.canceled || !choice.filePaths[0]) return { saved: false, ...summary };
    const folder = choice.filePaths[0];
    if (readdirSync(folder).length > 0) throw new WorkbenchError('io', `${folder} is not empty; choose an empty folder for the ${format.name} files`);
    for (const file of dataset.files) {
      const path = join(folder, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomically(path, file.content);
    }
    return { saved: true, savedTo: folder, ...summary };
  });
}

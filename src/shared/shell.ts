import type { ExportLoss, ImportResult } from './domain';
import type { MethodInput } from './schemas';
import type { Result } from './errors';

/**
 * Desktop integration that only the Electron door offers (native file
 * dialogs, the application menu). The preload exposes it as
 * `window.workbenchShell`; in the browser host it is absent and the renderer
 * falls back to a file input and a download.
 */
export type ShellCommand = 'import' | 'export' | 'undo' | 'redo' | 'shortcuts' | 'refresh';

export interface ExportSaved {
  /** False when the user cancelled the save dialog. */
  saved: boolean;
  /** Where it went: the file, or the folder of files. */
  savedTo?: string;
  format: string;
  offsetUnit: 'codepoint' | 'utf16' | null;
  articleCount: number;
  spanCount: number;
  fileCount: number;
  losses: ExportLoss[];
  notes: string[];
}

export interface WorkbenchShell {
  /** Shows an open dialog and imports the chosen files; null when cancelled. */
  importWithDialog(): Promise<Result<ImportResult | null>>;
  /** Exports (or takes a finished background export, by its job id) and shows a save dialog for the file. */
  exportWithDialog(input: MethodInput<'exportDataset'> | { jobId: string }): Promise<Result<ExportSaved>>;
  /** Menu commands sent by the main process; returns an unsubscribe function. */
  onCommand(listener: (command: ShellCommand) => void): () => void;
}

export const SHELL_CHANNELS = {
  importWithDialog: 'workbench-shell:import',
  exportWithDialog: 'workbench-shell:export',
  command: 'workbench-shell:command',
} as const;

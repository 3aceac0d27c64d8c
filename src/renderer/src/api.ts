import { ANNOTATOR_HEADER, API_METHODS, type WorkbenchClient } from '../../shared/api';
import { WorkbenchError, type Result } from '../../shared/errors';
import type { MethodName } from '../../shared/schemas';
import type { ImportResult, LayerImportResult, StagedImport } from '../../shared/domain';
import type { WorkbenchShell } from '../../shared/shell';

/**
 * The renderer's only way to the main process. In Electron the preload
 * exposes `window.workbench` (IPC); in a browser the same calls go to the
 * loopback host as `POST /api/<method>` with the per-run token. Either way an
 * error comes back as data and is rethrown here as a WorkbenchError carrying
 * the method name and code.
 */

type Transport = (method: MethodName, input: unknown) => Promise<Result<unknown>>;

type IpcBridge = Record<MethodName, (input: unknown) => Promise<Result<unknown>>>;

function ipcTransport(bridge: IpcBridge): Transport {
  return (method, input) => bridge[method](input);
}

const TOKEN_KEY = 'workbench.token';
const ANNOTATOR_KEY = 'workbench.annotator';

/**
 * Who this window or tab acts as. The browser client sends it with every call
 * (the host acts as that annotator); in Electron the main process remembers it
 * per window once setAnnotator is called. Kept per tab, and as the default for
 * the next start.
 */
let callerAnnotator: string | null = null;

export function rememberedAnnotator(): string | null {
  try {
    return sessionStorage.getItem(ANNOTATOR_KEY) ?? localStorage.getItem(ANNOTATOR_KEY);
  } catch {
    return null;
  }
}

export function setCallerAnnotator(name: string): void {
  callerAnnotator = name;
  try {
    sessionStorage.setItem(ANNOTATOR_KEY, name);
    localStorage.setItem(ANNOTATOR_KEY, name);
  } catch {
    // Storage refused (private mode): the name holds for this page only.
  }
}
const encoder = new TextEncoder();

function browserToken(): string {
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    // Keep the token out of the address bar and history. This browser remembers it, so the address
    // opened in another tab or after a restart works too (the host keeps its token until `serve --new-token`).
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
      localStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage refused (private mode): the token holds for this page only.
    }
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function httpTransport(): Transport {
  const token = browserToken();
  return async (method, input) => {
    let response: Response;
    const body = JSON.stringify(input ?? {});
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Workbench-Token': token,
          ...(callerAnnotator ? { [ANNOTATOR_HEADER]: encodeURIComponent(callerAnnotator) } : {}),
        },
        body,
        // Small writes outlive the page (a note saved as the tab closes); browsers cap keepalive bodies at 64 KiB.
        keepalive: method !== 'importArticles' && method !== 'exportDataset' && encoder.encode(body).length < 60_000,
      });
    } catch (error) {
      return {
        ok: false,
        error: { code: 'io', message: `the workbench host is not reachable (${(error as Error).message}); is \`workbench serve\` still running?` },
      };
    }
    if (response.status === 401) {
      // A token the host no longer takes (serve --new-token): forget it, so the next address opened brings the new one.
      try {
        sessionStorage.removeItem(TOKEN_KEY);
        localStorage.removeItem(TOKEN_KEY);
      } catch {
        // Storage refused: nothing was kept.
      }
    }
    try {
      return (await response.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: `the host answered ${response.status} without a result` } };
    }
  };
}

/** Options of an uploaded file: importFiles' own. */
export interface UploadOptions {
  format?: string;
  encoding?: string;
  skipInvalid?: boolean;
  verbatim?: boolean;
  checkOnly?: boolean;
  /** Add the file to a staged import (the answer is then a StagedImport). */
  stage?: boolean;
  importId?: string;
}

/**
 * Sends one file to the browser host's upload route as its raw bytes (the
 * host streams them to disk, so a 100 MB file never sits in a JSON body).
 * Only the browser host has it: in the desktop app `canUpload` is false and
 * files go through importFiles.
 */
export async function uploadFile(file: File, options: UploadOptions & { stage?: false }): Promise<ImportResult>;
export async function uploadFile(file: File, options: UploadOptions & { stage: true }): Promise<StagedImport>;
export async function uploadFile(file: File, options: UploadOptions): Promise<ImportResult | StagedImport> {
  return upload(file, options) as Promise<ImportResult | StagedImport>;
}

/** Another analyst's database file, uploaded as raw bytes and imported as their layer (browser host only, like uploadFile). */
export async function uploadLayerDatabase(file: File, annotator?: string): Promise<LayerImportResult> {
  return upload(file, { kind: 'layer-database', ...(annotator ? { annotator } : {}) }) as Promise<LayerImportResult>;
}

async function upload(file: File, options: UploadOptions | { kind: 'layer-database'; annotator?: string }): Promise<unknown> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === '') continue;
    query.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : value);
  }
  const name = file.webkitRelativePath || file.name;
  let result: Result<unknown>;
  try {
    const response = await fetch(`/upload?${query.toString()}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-Workbench-Token': browserToken(),
        'X-Workbench-File-Name': encodeURIComponent(name),
        ...(callerAnnotator ? { [ANNOTATOR_HEADER]: encodeURIComponent(callerAnnotator) } : {}),
      },
      body: file,
    });
    try {
      result = (await response.json()) as Result<unknown>;
    } catch {
      result = { ok: false, error: { code: 'internal', message: `the host answered ${response.status} without a result` } };
    }
  } catch (error) {
    result = {
      ok: false,
      error: { code: 'io', message: `the workbench host is not reachable (${(error as Error).message}); is \`workbench serve\` still running?` },
    };
  }
  if (!result.ok) throw WorkbenchError.fromData(result.error, 'upload');
  return result.value;
}

declare global {
  interface Window {
    workbench?: IpcBridge;
    workbenchShell?: WorkbenchShell;
  }
}

function createClient(transport: Transport): WorkbenchClient {
  const client = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const method of API_METHODS) {
    client[method] = async (input: unknown) => {
      const result = await transport(method, input);
      if (!result.ok) throw WorkbenchError.fromData(result.error, method);
      return result.value;
    };
  }
  return client as unknown as WorkbenchClient;
}

export const isDesktop = typeof window !== 'undefined' && Boolean(window.workbench);

/** The browser host takes files as raw uploads; the desktop app's bridge does not. */
export const canUpload = typeof window !== 'undefined' && !window.workbench && window.location.protocol !== 'app:';

/** The desktop page (app://) without its bridge: say so, never fall back to HTTP and blame a browser host. */
function missingBridgeTransport(): Transport {
  return async () => ({
    ok: false,
    error: { code: 'internal', message: 'the desktop app’s bridge to the database did not load; restart it with `npm start -- --verbose` to see why' },
  });
}

function transport(): Transport {
  if (window.workbench) return ipcTransport(window.workbench);
  if (window.location.protocol === 'app:') return missingBridgeTransport();
  return httpTransport();
}

export const api: WorkbenchClient = createClient(transport());

/** Desktop-only integration (native dialogs, menu); undefined in the browser host. */
export const shell: WorkbenchShell | undefined = window.workbenchShell;

/** Unwraps a shell Result the same way as API calls. */
export async function unwrap<T>(method: string, promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw WorkbenchError.fromData(result.error, method);
  return result.value;
}

/** The message to show a person (without the method name, which stays on the error for logs). */
export function errorMessage(error: unknown): string {
  if (error instanceof WorkbenchError) return error.toData().message;
  return error instanceof Error ? error.message : String(error);
}

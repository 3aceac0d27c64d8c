/** Typed errors that cross every door (IPC, HTTP, CLI) as data. */

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unknown_method'
  | 'database_too_new'
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported_format'
  | 'io'
  | 'cancelled'
  /** Another process held the database's write lock past the wait (busy_timeout). Retry later. */
  | 'busy'
  /** The database file is damaged (quick_check or SQLite found a bad page). */
  | 'corrupt'
  /** A request body or uploaded file is larger than the door accepts (HTTP 413). */
  | 'too_large'
  | 'internal';

export interface ErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** The API method the error came from, when known (set by the renderer client). */
  readonly method: string | undefined;

  constructor(code: ErrorCode, message: string, details?: unknown, method?: string) {
    super(method ? `${method}: ${message}` : message);
    this.name = 'WorkbenchError';
    this.code = code;
    this.details = details;
    this.method = method;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.method ? this.message.slice(this.method.length + 2) : this.message };
    if (this.details !== undefined) data.details = this.details;
    return data;
  }

  static fromData(data: ErrorData, method?: string): WorkbenchError {
    return new WorkbenchError(data.code, data.message, data.details, method);
  }
}

/** Turns anything thrown into error data fit to cross a door; never leaks a SQL stack. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof WorkbenchError) return error.toData();
  const message = error instanceof Error ? error.message : String(error);
  const sqlite = sqliteErrorData(error);
  if (sqlite) return sqlite;
  return { code: 'internal', message: `Internal error: ${message}` };
}

/**
 * SQLite failures a user can act on, recognised by the driver's error code
 * (better-sqlite3 sets `code` to SQLITE_*; matched by name, so this module
 * stays free of the driver).
 */
export function sqliteErrorData(error: unknown): ErrorData | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { code: 'busy', message: 'the database is busy: another process is writing to it; try again in a moment' };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return { code: 'corrupt', message: `the database file is damaged (${message}); restore it from a copy or a .bak snapshot` };
  }
  if (code === 'SQLITE_FULL') return { code: 'io', message: 'the disk is full: nothing of this change was saved; free some space and try again' };
  if (code.startsWith('SQLITE_READONLY')) return { code: 'io', message: `the database cannot be written (${message}): check the file's permissions` };
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return { code: 'io', message: `cannot read or write the database: ${message}` };
  return undefined;
}

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
  return { code: 'internal', message: `Internal error: ${message}` };
}

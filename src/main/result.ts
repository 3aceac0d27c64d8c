import type { WorkbenchApi } from '../shared/api';
import { isApiMethod } from '../shared/api';
import { toErrorData, WorkbenchError, type Result } from '../shared/errors';

/**
 * The one dispatcher every door uses: checks the method name, calls the
 * service (which validates the input) and turns any error into data.
 */
export function dispatch(service: WorkbenchApi, method: string, input: unknown): Result<unknown> {
  try {
    if (!isApiMethod(method)) throw new WorkbenchError('unknown_method', `no API method named “${method}”`);
    const fn = service[method] as (input: unknown) => unknown;
    const value = fn.call(service, input);
    if (value instanceof Promise) {
      // Never leave a rejection unhandled: the caller should have used dispatchAsync.
      value.catch(() => undefined);
      throw new WorkbenchError('internal', `${method} answers later: call it through dispatchAsync`);
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

/** The doors' dispatcher: like dispatch, and waits for a method that answers later (importUrl fetches a page). */
export async function dispatchAsync(service: WorkbenchApi, method: string, input: unknown): Promise<Result<unknown>> {
  try {
    if (!isApiMethod(method)) throw new WorkbenchError('unknown_method', `no API method named “${method}”`);
    const fn = service[method] as (input: unknown) => unknown;
    return { ok: true, value: await fn.call(service, input) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

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
    return { ok: true, value: fn.call(service, input) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

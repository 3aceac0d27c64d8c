import type { WorkbenchApi } from '../shared/api';
import { isApiMethod } from '../shared/api';
import { toErrorData, WorkbenchError, type Result } from '../shared/errors';

/**
 * The one dispatcher every door uses: checks the method name, calls the
 * service (which validates the input) and turns any error into data.
 */
export function dispatch(service: WorkbenchApi, method: string, input: unknown): Result<unknown> | Promise<Result<unknown>> {
  try {
    if (!isApiMethod(method)) throw new WorkbenchError('unknown_method', `no API method named “${method}”`);
    const fn = service[method] as (input: unknown) => unknown;
    const value = fn.call(service, input);
    // A method that waits on the network (importUrl) answers later; every other one at once.
    if (value instanceof Promise) {
      return value.then(
        (v: unknown): Result<unknown> => ({ ok: true, value: v }),
        (error: unknown): Result<unknown> => ({ ok: false, error: toErrorData(error) }),
      );
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

// Untrusted calls from a transport: the method checked, the arguments parsed with the
// contract's schemas, the call run, and the answer a plain result without a stack.
import type { z } from 'zod';
import {
  isMethodName,
  methodArgs,
  UNKNOWN_METHOD_ERROR,
  type CallResult,
} from '../../../preload/contract/index.js';
import { toErrorInfo } from '../errors.js';
import type { Logger } from '../ports.js';
import type { BackendApi } from './types.js';

export function createDispatch(api: BackendApi, logger: Logger) {
  return async function call(method: string, args: unknown): Promise<CallResult<unknown>> {
    if (!isMethodName(method)) {
      logger.warn('unknown method refused', { method: String(method).slice(0, 60) });
      return { ok: false, error: UNKNOWN_METHOD_ERROR };
    }
    const parsed = methodArgs[method].safeParse(withoutTrailingUndefined(args));
    if (!parsed.success) {
      logger.warn('malformed call refused', { method });
      const { message, field } = describeInvalid(parsed.error);
      return {
        ok: false,
        error: { code: 'invalid-input', message, retryable: false, ...(field ? { detail: { field } } : {}) },
      };
    }
    const [group, name] = method.split('.') as [keyof BackendApi, string];
    const fn = (api[group] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
    try {
      const value = await fn(...(parsed.data as unknown[]));
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const error = toErrorInfo(err);
      // Logged without the arguments: they may hold a token or a password.
      logger.warn('call failed', { method, code: error.code });
      return { ok: false, error };
    }
  };
}

/**
 * `files.save(key, undefined)` means `files.save(key)`: an optional argument left undefined
 * arrives as a trailing undefined over IPC, which the argument tuples would otherwise refuse.
 */
function withoutTrailingUndefined(args: unknown): unknown {
  if (args === undefined || args === null) return [];
  if (!Array.isArray(args)) return args;
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

/**
 * Turns a zod failure into one sentence a person can act on, and the field it is about (the
 * path inside the argument, so a form can mark that field).
 */
export function describeInvalid(error: z.ZodError): { message: string; field: string | null } {
  let issue = error.issues[0];
  if (!issue) return { message: 'The request was not valid.', field: null };
  // Union failures hide the useful message one level down.
  if (issue.code === 'invalid_union') {
    const inner = issue.unionErrors
      .map((e) => e.issues[0])
      .find((i) => i && i.code !== 'invalid_type' && i.code !== 'unrecognized_keys');
    if (inner) issue = inner;
  }
  // The first path element is the argument's position in the call.
  const field = issue.path.slice(1).join('.');
  return { message: issue.message, field: field || null };
}

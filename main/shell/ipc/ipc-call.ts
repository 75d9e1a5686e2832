// The transport's own checks before a call reaches backend.call (which validates the
// arguments against the contract's schemas), and what a refused call answers.
import {
  isMethodName,
  UNKNOWN_METHOD_ERROR,
  type CallResult,
  type ErrorInfo,
} from '../../../preload/contract/index.js';

/** The call was not from our own window's main frame. */
export function forbiddenResult(): CallResult<never> {
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: 'Refused: this call did not come from the app window.',
      retryable: false,
    },
  };
}

export function unknownMethodResult(): CallResult<never> {
  return { ok: false, error: UNKNOWN_METHOD_ERROR };
}

export function internalErrorResult(): CallResult<never> {
  const error: ErrorInfo = { code: 'internal', message: 'Something went wrong.', retryable: false };
  return { ok: false, error };
}

/**
 * What the log says about a refused call: the method (only when it is one of ours, so a
 * hostile page cannot write arbitrary text into the log), who sent it, never the arguments.
 */
export function refusedCallLogFields(
  method: unknown,
  sender: { senderFrameUrl: string | null; webContentsId: number; isMainFrame: boolean },
): Record<string, unknown> {
  let origin: string | null = null;
  try {
    origin = sender.senderFrameUrl ? new URL(sender.senderFrameUrl).origin : null;
  } catch {
    origin = 'unparseable';
  }
  return {
    method: isMethodName(method) ? method : typeof method === 'string' ? '<unknown method>' : typeof method,
    webContentsId: sender.webContentsId,
    mainFrame: sender.isMainFrame,
    origin,
  };
}

// A stand-in for Electron's `net.fetch` in Node tests: Node's own fetch, changed only where
// Electron 45's net.fetch is documented (or written) to behave differently. The app runs on
// net.fetch, so a test that passes against Node's fetch alone can hide a defect every user meets.
//
// Sources (electron/electron at v45):
// - lib/browser/api/net-fetch.ts: net.fetch builds a ClientRequest with the Request's `redirect`
//   mode and resolves with `new Response(body, { headers, status, statusText })`.
// - lib/common/api/net-client-request.ts: with `redirect: 'manual'` a redirect "will be cancelled
//   unless request.followRedirect is invoked synchronously" (docs/api/client-request.md), and
//   net.fetch never calls it, so the request dies with `Error('Redirect was cancelled')` (electron
//   issue 43715, closed as documented). With `redirect: 'error'` it dies with
//   `Error("Attempted to redirect, but redirect policy was 'error'")`. A network failure is
//   `new Error(netErrorString)`, e.g. `net::ERR_CONNECTION_REFUSED`, with no `code` and no `cause`.
// - docs/api/net.md, "Limitations": `data:` and `blob:` are not supported, and "The `.type` and
//   `.url` values of the returned Response object are incorrect" — so nothing may rely on them.
import type { FetchPort } from '../../main/core/ports.js';

/** Chromium's names (net/base/net_error_list.h) for the Node socket errors tests provoke. */
const NET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  EPIPE: 'net::ERR_CONNECTION_RESET',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: 'net::ERR_NAME_NOT_RESOLVED',
  ETIMEDOUT: 'net::ERR_CONNECTION_TIMED_OUT',
  UND_ERR_SOCKET: 'net::ERR_CONNECTION_CLOSED',
};

function socketCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code in NET_ERRORS) return code;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return null;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** What net.fetch rejects with when Node's fetch failed: aborts pass through, the rest as net:: errors. */
function asNetError(err: unknown): unknown {
  if (isAbort(err)) return err;
  const code = socketCode(err);
  return new Error(code === null ? 'net::ERR_FAILED' : (NET_ERRORS[code] ?? 'net::ERR_FAILED'));
}

/** The body stream, with a failure mid-body reported as net.fetch reports it (a net:: error). */
function netErrorsIn(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        controller.error(asNetError(err));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

const isRedirect = (status: number) => status >= 300 && status < 400 && status !== 304;

export interface ElectronNetFetchOptions {
  /** The fetch underneath (default: Node's); tests that shape traffic pass their own. */
  fetch?: FetchPort;
}

export function createElectronNetFetch(options: ElectronNetFetchOptions = {}): FetchPort {
  const base = options.fetch ?? fetch;
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol === 'data:' || url.protocol === 'blob:') {
      throw new Error(`net.fetch does not support the ${url.protocol} scheme`);
    }
    const mode = request.redirect;
    let response: Response;
    try {
      // 'manual' and 'error' are both read here, so the redirect can be refused the way net.fetch does.
      response = await base(input, { ...init, redirect: mode === 'follow' ? 'follow' : 'manual' });
    } catch (err) {
      throw asNetError(err);
    }
    if (mode !== 'follow' && isRedirect(response.status) && response.headers.has('location')) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(
        mode === 'manual'
          ? 'Redirect was cancelled'
          : "Attempted to redirect, but redirect policy was 'error'",
      );
    }
    // A fresh Response, as net-fetch.ts builds one: `.url` is '' and `.type` 'default'.
    const nullBody = [101, 204, 205, 304].includes(response.status) || request.method === 'HEAD';
    const body = nullBody || response.body === null ? null : netErrorsIn(response.body);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** The one everybody uses: net.fetch over Node's fetch. */
export const electronNetFetch: FetchPort = createElectronNetFetch();

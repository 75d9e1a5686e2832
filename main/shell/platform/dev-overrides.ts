// Pointing an unpackaged build at a local API (the simulator) for end-to-end tests and demos.
// A packaged app never reads these: a stray environment variable must not send a user's token
// to another server.

export const DEV_API_ENV = { v3: 'DATAFINITI_DEV_V3_URL', v4: 'DATAFINITI_DEV_V4_URL' } as const;

function localHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return url.protocol === 'http:' && local ? raw : null;
  } catch {
    return null;
  }
}

/** Both base URLs from the environment, only when unpackaged and only for loopback http. */
export function devBaseUrls(
  env: Record<string, string | undefined>,
  isPackaged: boolean,
): { v3: string; v4: string } | undefined {
  if (isPackaged) return undefined;
  const v3 = localHttpUrl(env[DEV_API_ENV.v3]);
  const v4 = localHttpUrl(env[DEV_API_ENV.v4]);
  return v3 && v4 ? { v3, v4 } : undefined;
}

/** electron-vite's dev server URL (`npm run dev`), which only an unpackaged app loads. */
export function devRendererUrl(env: Record<string, string | undefined>, isPackaged: boolean): string | null {
  const url = env['ELECTRON_RENDERER_URL'];
  return !isPackaged && url ? url : null;
}

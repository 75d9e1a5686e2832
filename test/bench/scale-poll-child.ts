// One side of the scale benchmark, in a fresh process so its peak RSS is its own:
//  `list`:    the bare API call, client.list() of the account (the least any poller pays);
//  `backend`: the app's core (createBackend, conf store on disk) importing the account in one
//             poll, then the window loading its snapshot, then one steady poll.
// Reads {mode, baseUrl, token} from argv[2] as JSON; prints one JSON line of figures.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../../main/core/backend/index.js';
import { createClient } from '../../main/core/datafiniti/index.js';
import { systemClock } from '../../main/core/ports.js';
import { createNodePorts } from '../harness/node-ports.js';
import type { DownloadsPatch } from '../../preload/contract/index.js';

const { mode, baseUrl, token } = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'list' | 'backend';
  baseUrl: string;
  token: string;
};

const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'list') {
  let bytes = 0;
  const counting: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    bytes += body.byteLength;
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const client = createClient({
    accountId: 'big',
    version: 'v4',
    baseUrl,
    token,
    fetch: counting,
    clock: systemClock,
  });
  const t0 = performance.now();
  const list = await client.list();
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, maxRssMiB: maxRssMiB(), windowBytes: bytes, downloads: list.length }));
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scale-bench-'));
  try {
    const node = createNodePorts({ dataDir: path.join(dir, 'data'), downloadsDir: path.join(dir, 'dl') });
    const backend = createBackend(node.ports);
    let windowBytes = 0;
    let largestMessageBytes = 0;
    let reloads = 0;
    const sent = (message: unknown): void => {
      // What the transport would serialise and send to the window.
      const bytes = Buffer.byteLength(JSON.stringify(message));
      windowBytes += bytes;
      largestMessageBytes = Math.max(largestMessageBytes, bytes);
    };
    let firstPatch: (() => void) | null = null;
    const patched = new Promise<void>((resolve) => (firstPatch = resolve));
    backend.subscribe((event, payload) => {
      if (event !== 'downloads') return;
      sent(payload);
      if ((payload as DownloadsPatch).reload) reloads += 1;
      firstPatch?.();
    });
    await backend.api.accounts.add({ label: 'big', version: 'v4', baseUrl, token });
    const t0 = performance.now();
    await backend.start();
    await patched;
    const firstMs = performance.now() - t0;
    const snapshot = await backend.api.downloads.snapshot();
    const snapshotBytes = Buffer.byteLength(JSON.stringify(snapshot));
    // Told to read again, the window asks for the snapshot and every older page, as the store does.
    if (reloads > 0) {
      sent(snapshot);
      for (let next = snapshot.next; next;) {
        const page = await backend.api.downloads.page(next);
        sent(page);
        next = page.next;
      }
    }
    const t1 = performance.now();
    await backend.api.downloads.refresh();
    const steadyMs = performance.now() - t1;
    const downloads = (await backend.api.downloads.snapshot()).total;
    await backend.dispose();
    console.log(
      JSON.stringify({
        ms: firstMs,
        steadyMs,
        maxRssMiB: maxRssMiB(),
        windowBytes,
        largestMessageBytes,
        reloads,
        snapshotBytes,
        downloads,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

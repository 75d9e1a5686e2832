// One side of the scale benchmark, in a fresh process so its peak RSS is its own:
//  `list`:    the bare API call, client.list() of the account (the least any poller pays);
//  `backend`: the app's core (createBackend, conf store on disk) importing the account in one
//             poll, then the window loading its snapshot, then one steady poll, with the bytes
//             that poll wrote to the history files (history.json and its journal).
// Reads {mode, baseUrl, token} from argv[2] as JSON; prints one JSON line of figures.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../../main/core/backend/index.js';
import { createClient } from '../../main/core/datafiniti/index.js';
import { HISTORY_FILE, journalPathOf } from '../../main/core/stores/index.js';
import { systemClock } from '../../main/core/ports.js';
import { createNodePorts } from '../harness/node-ports.js';
import type { DownloadsPatch } from '../../preload/contract/index.js';

const { mode, baseUrl, token } = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'list' | 'backend';
  baseUrl: string;
  token: string;
};

const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

interface HistoryFiles {
  baseIno: number;
  baseBytes: number;
  journalBytes: number;
}

function historyFiles(dataDir: string): HistoryFiles {
  const base = statSync(path.join(dataDir, HISTORY_FILE));
  const journal = journalPathOf(path.join(dataDir, HISTORY_FILE));
  return {
    baseIno: base.ino,
    baseBytes: base.size,
    journalBytes: existsSync(journal) ? statSync(journal).size : 0,
  };
}

/** Bytes written to the history files between two looks: a rewritten base counts whole. */
function historyBytesWritten(before: HistoryFiles, after: HistoryFiles): number {
  const rewritten = after.baseIno !== before.baseIno;
  return rewritten ? after.baseBytes + after.journalBytes : after.journalBytes - before.journalBytes;
}

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
    const dataDir = path.join(dir, 'data');
    const node = createNodePorts({ dataDir, downloadsDir: path.join(dir, 'dl') });
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
    const filesBefore = historyFiles(dataDir);
    const t1 = performance.now();
    await backend.api.downloads.refresh();
    const steadyMs = performance.now() - t1;
    const filesAfter = historyFiles(dataDir);
    const historySteadyBytes = historyBytesWritten(filesBefore, filesAfter);
    // The downloads the steady poll changed: the journal's lines that put one.
    const journal = journalPathOf(path.join(dataDir, HISTORY_FILE));
    const appended =
      filesAfter.baseIno === filesBefore.baseIno && existsSync(journal)
        ? readFileSync(journal).subarray(filesBefore.journalBytes).toString('utf8')
        : '';
    const historyChanged = appended.split('\n').filter((line) => line.startsWith('{"put"')).length;
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
        historySteadyBytes,
        // What every round that changed anything wrote before the journal: the whole history.
        historyWholeBytes: filesAfter.baseBytes,
        historyChanged,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

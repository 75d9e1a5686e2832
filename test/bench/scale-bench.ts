// One poll of an account with 50,000 downloads: the app's core (import poll, then a steady
// poll) beside the bare API call of the same list, each in a fresh process so peak RSS is its
// own. "Bytes to the window" is what the core hands the transport for the import poll: its
// patch, or (a change too large for one patch) the "read again" patch and the snapshot and
// pages the window then reads; the baseline is the size of the API's answer.
// "The window's first message" is measured in this process from the same list: the feed's
// snapshot (the newest page) beside the whole list it used to send, and all the pages after it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DownloadsFeed, forWindow } from '../../main/core/backend/downloads-feed.js';
import { authorizationHeader } from '../../main/core/datafiniti/index.js';
import { normalizeDownloadList } from '../../main/core/datafiniti/normalize.js';
import { startSimulator } from '../sim/index.js';

const DOWNLOADS = 50_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const MiB = 1024 * 1024;

interface Figures {
  ms: number;
  steadyMs?: number;
  maxRssMiB: number;
  windowBytes: number;
  largestMessageBytes?: number;
  reloads?: number;
  snapshotBytes?: number;
  downloads: number;
  historySteadyBytes?: number;
  historyWholeBytes?: number;
  historyChanged?: number;
}

function child(args: object): Promise<Figures> {
  return new Promise((resolve, reject) =>
    execFile(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(here, 'scale-poll-child.ts'), JSON.stringify(args)],
      { cwd: root, maxBuffer: 16 * MiB, timeout: 600_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr.slice(-2000)}`));
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as Figures);
        } catch {
          reject(new Error(`no figures from the child: ${line.slice(0, 200)}`));
        }
      },
    ),
  );
}

/** Bytes of the window's first message, of the whole list, and of all pages, for one account. */
async function windowMessages(baseUrl: string, token: string): Promise<string[]> {
  // Read without the client's answer cap: this measures what the window is sent, not the poll.
  const res = await fetch(`${baseUrl}/downloads`, {
    headers: { authorization: authorizationHeader('v4', token) },
  });
  const list = normalizeDownloadList(await res.json(), { accountId: 'big', version: 'v4' });
  const feed = new DownloadsFeed(
    () => list,
    () => {},
  );
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  const whole = size({ version: 0, downloads: list.map(forWindow) });
  const first = feed.snapshot();
  let pagesBytes = size(first);
  let pages = 1;
  for (let next = first.next; next; pages += 1) {
    const page = feed.page(next);
    pagesBytes += size(page);
    next = page.next;
  }
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
  return [
    `scale: the window's first message with ${list.length.toLocaleString('en')} downloads: ${kb(size(first))} (${first.downloads.length} newest) vs the whole list ${(whole / MiB).toFixed(1)} MB (${(size(first) / whole).toFixed(4)}x); the rest follows in ${pages - 1} pages, ${(pagesBytes / MiB).toFixed(1)} MB in all`,
  ];
}

export async function runScaleBench(): Promise<string[]> {
  const sim = await startSimulator({ seed: 5 });
  try {
    const account = sim.addAccount({ version: 'v4' });
    const now = Date.now();
    for (let i = 0; i < DOWNLOADS; i++) {
      // Mostly finished history, a few still running: what a busy account looks like.
      const running = i % 1000 === 0;
      sim.addDownload(account.token, {
        startedAt: running ? now - 60_000 : now - 3 * 86_400_000 + i * 1000,
        queuedMs: 1000,
        durationMs: running ? 3_600_000 : 60_000,
        numRecords: 1000 + (i % 5000),
        recordsPerFile: 100_000,
      });
    }
    const args = { baseUrl: sim.v4, token: account.token };
    const window = await windowMessages(sim.v4, account.token);
    let bare: Figures;
    let core: Figures;
    try {
      bare = await child({ mode: 'list', ...args });
      core = await child({ mode: 'backend', ...args });
    } catch (err) {
      // Say why the poll figures are missing, and keep the ones measured.
      const why = (err instanceof Error ? err.message : String(err)).match(/AppError: [^\n]*/)?.[0];
      return [
        ...window,
        `scale: one poll of ${DOWNLOADS.toLocaleString('en')} downloads failed: ${why ?? err}`,
      ];
    }
    const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    return [
      ...window,
      `scale: one poll of an account with ${DOWNLOADS.toLocaleString('en')} downloads (${core.downloads} imported), core vs the bare list call`,
      `  ${''.padEnd(30)}${'core'.padStart(12)}${'bare list'.padStart(12)}${'ratio'.padStart(9)}`,
      `  ${'poll time (import)'.padEnd(30)}${`${(core.ms / 1000).toFixed(2)} s`.padStart(12)}${`${(bare.ms / 1000).toFixed(2)} s`.padStart(12)}${x(core.ms, bare.ms).padStart(9)}`,
      `  ${'poll time (steady round)'.padEnd(30)}${`${((core.steadyMs ?? NaN) / 1000).toFixed(2)} s`.padStart(12)}${`${(bare.ms / 1000).toFixed(2)} s`.padStart(12)}${x(core.steadyMs ?? NaN, bare.ms).padStart(9)}`,
      `  ${'peak RSS'.padEnd(30)}${`${core.maxRssMiB.toFixed(0)} MiB`.padStart(12)}${`${bare.maxRssMiB.toFixed(0)} MiB`.padStart(12)}${x(core.maxRssMiB, bare.maxRssMiB).padStart(9)}`,
      `  ${'bytes to the window (patches)'.padEnd(30)}${mb(core.windowBytes).padStart(12)}${mb(bare.windowBytes).padStart(12)}${x(core.windowBytes, bare.windowBytes).padStart(9)}`,
      `  ${'largest message to the window'.padEnd(30)}${mb(core.largestMessageBytes ?? NaN).padStart(12)}${mb(bare.windowBytes).padStart(12)}${x(core.largestMessageBytes ?? NaN, bare.windowBytes).padStart(9)}`,
      `  ${'  (read again in pages)'.padEnd(30)}${`${core.reloads ?? 0} time(s)`.padStart(12)}`,
      `  ${'  + first page on window load'.padEnd(30)}${mb(core.snapshotBytes ?? NaN).padStart(12)}`,
      `  ${'history bytes written (steady)'.padEnd(30)}${kb(core.historySteadyBytes ?? NaN).padStart(12)}${mb(core.historyWholeBytes ?? NaN).padStart(12)}${`${((core.historySteadyBytes ?? NaN) / (core.historyWholeBytes ?? NaN)).toPrecision(2)}x`.padStart(9)}`,
      `  (bare list: bytes = the API's answer; issue 18 set no target for these figures)`,
      `  (history: the second column is the whole history, what each round that changed anything wrote before the journal; the steady round changed ${core.historyChanged ?? '?'} download(s))`,
    ];
  } finally {
    await sim.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runScaleBench()) console.log(line);
}

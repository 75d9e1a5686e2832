// The download history on disk (history.json and its journal), through the history itself, on
// the real file system: what a round costs in bytes, what a restart reads back, what a crash
// mid-write loses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadHistory, type TrackedDownload } from '../../../main/core/monitor/index.js';
import { createHistoryFileStore, createJsonFileStore } from '../../../main/core/stores/index.js';
import type { Logger } from '../../../main/core/ports.js';
import { trackedDownload } from '../../support/tracked-download.js';
import { recordingLogger } from '../../support/recording-logger.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-file-store-'));
  file = path.join(dir, 'history.json');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(options: { compactFloorBytes?: number; logger?: Logger; now?: () => number } = {}) {
  const store = createHistoryFileStore({ file, ...options });
  return { store, history: new DownloadHistory(store, options.logger) };
}

const size = (p: string): number => (fs.existsSync(p) ? fs.statSync(p).size : 0);
const sorted = (history: DownloadHistory): TrackedDownload[] =>
  history.all().sort((a, b) => a.download.key.localeCompare(b.download.key));
/** What a restart would find, compared as the JSON it went through. */
const kept = (history: DownloadHistory): unknown => JSON.parse(JSON.stringify(sorted(history)));

describe('the download history on disk', () => {
  it('a round that changes 50 of 50,000 downloads writes bytes for the 50, not the whole history', () => {
    const { store, history } = open();
    for (let i = 0; i < 50_000; i++) history.put(trackedDownload('a', String(i)));
    history.markBaselined('a');
    history.save();
    const base = fs.statSync(file);
    const baseText = fs.readFileSync(file);
    const oneEntry = Buffer.byteLength(
      JSON.stringify(trackedDownload('a', '49999', { numDownloaded: 1999 })),
    );

    for (let round = 1; round <= 3; round++) {
      const before = size(store.journalPath);
      for (let i = 0; i < 50; i++)
        history.put(trackedDownload('a', String(i * 1000), { numDownloaded: 1000 + round }));
      history.save();
      const appended = size(store.journalPath) - before;
      // Each changed download once, whole, plus a line of key and framing per round; nothing else.
      expect(appended).toBeGreaterThanOrEqual(50 * oneEntry);
      expect(appended).toBeLessThanOrEqual(50 * (oneEntry + 64) + 128);
      expect(appended / base.size).toBeLessThan(0.002);
    }
    // The base was not rewritten: the same file, byte for byte.
    expect(fs.statSync(file).ino).toBe(base.ino);
    expect(fs.readFileSync(file).equals(baseText)).toBe(true);

    const again = new DownloadHistory(createHistoryFileStore({ file }));
    expect(again.get('a:v4:49000')?.download.numDownloaded).toBe(1003);
    expect(again.all()).toHaveLength(50_000);
  }, 60_000);

  it('a restart reads back exactly what was kept: changes, removals, baselined accounts, markers', () => {
    const { history } = open();
    for (let i = 0; i < 20; i++) history.put(trackedDownload(i < 10 ? 'a' : 'b', String(i)));
    history.markBaselined('a');
    history.markBaselined('b');
    history.save();

    history.put(trackedDownload('a', '3', { numDownloaded: 500, markers: ['stalled'] }));
    history.put(trackedDownload('a', '4', { markers: ['outcome', 'expiring-48'] }));
    history.remove('a:v4:5');
    history.save();
    history.forgetAccount('b');
    history.markBaselined('c');
    history.put(trackedDownload('c', '30'));
    history.save();
    // Removed and then put back in one round: kept as put back.
    history.remove('a:v4:6');
    history.put(trackedDownload('a', '6', { markers: ['outcome'] }));
    history.save();

    const again = new DownloadHistory(createHistoryFileStore({ file }));
    expect(kept(again)).toEqual(kept(history));
    expect(again.get('a:v4:5')).toBeUndefined();
    expect(again.get('a:v4:4')?.markers).toEqual(['outcome', 'expiring-48']);
    expect(again.get('a:v4:6')?.markers).toEqual(['outcome']);
    expect(again.forAccount('b')).toEqual([]);
    expect([again.isBaselined('a'), again.isBaselined('b'), again.isBaselined('c')]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('compacts past its bound: the base is rewritten, the journal starts over, nothing is lost', () => {
    const logger = recordingLogger();
    const { store, history } = open({ compactFloorBytes: 20_000, logger });
    for (let i = 0; i < 40; i++) history.put(trackedDownload('a', String(i)));
    history.save();
    let compactions = 0;
    let journal = size(store.journalPath);
    for (let round = 1; round <= 30; round++) {
      for (let i = 0; i < 5; i++)
        history.put(trackedDownload('a', String((round * 7 + i) % 40), { numDownloaded: round }));
      history.remove(`a:v4:${round % 40}`);
      history.save();
      const now = size(store.journalPath);
      if (now < journal) compactions += 1;
      journal = now;
      // Never past the bound: the larger of the floor and half the base.
      expect(journal).toBeLessThanOrEqual(Math.max(20_000, size(file) / 2));
    }
    expect(compactions).toBeGreaterThanOrEqual(2);
    expect(logger.lines.filter((l) => l.includes('rewrote the download history'))).toHaveLength(compactions);
    expect(kept(new DownloadHistory(createHistoryFileStore({ file })))).toEqual(kept(history));
  });

  it('at start, folds a journal past the floor into the base, keeping everything', () => {
    const { store, history } = open();
    for (let i = 0; i < 40; i++) history.put(trackedDownload('a', String(i)));
    history.save();
    for (let round = 1; round <= 10; round++) {
      history.put(trackedDownload('a', String(round), { numDownloaded: round, markers: ['stalled'] }));
      history.save();
    }
    const journal = size(store.journalPath);
    const logger = recordingLogger();
    // The same files, read by a store whose floor the journal is past.
    const reopened = open({ compactFloorBytes: journal - 1, logger });
    expect(kept(reopened.history)).toEqual(kept(history));
    expect(fs.existsSync(store.journalPath)).toBe(false);
    expect(logger.lines.join('\n')).toContain(
      'folded the download history journal into the history at start',
    );
    expect(kept(new DownloadHistory(createHistoryFileStore({ file })))).toEqual(kept(history));
  });

  it('reads a history.json written before the journal, and its first round rewrites it once', () => {
    // As the app wrote it until now: one JSON object, rewritten whole each round.
    const old = createJsonFileStore({ file });
    const entries = [trackedDownload('a', '1', { markers: ['outcome'] }), trackedDownload('a', '2')];
    old.set('monitorHistory', {
      version: 1,
      baselined: ['a'],
      downloads: Object.fromEntries(entries.map((t) => [t.download.key, t])),
    });
    const { store, history } = open();
    expect(kept(history)).toEqual(JSON.parse(JSON.stringify(entries)));
    expect(history.isBaselined('a')).toBe(true);

    const ino = fs.statSync(file).ino;
    history.put(trackedDownload('a', '3'));
    history.save();
    expect(fs.statSync(file).ino).not.toBe(ino);
    expect(size(store.journalPath)).toBe(0);
    history.put(trackedDownload('a', '4'));
    history.save();
    expect(size(store.journalPath)).toBeGreaterThan(0);
    expect(kept(new DownloadHistory(createHistoryFileStore({ file })))).toEqual(kept(history));
  });

  it('a journal left from before a compaction (the app died right after the rename) is not replayed', () => {
    const { store, history } = open({ compactFloorBytes: 8_000 });
    history.put(trackedDownload('a', '1'));
    history.save();
    history.put(trackedDownload('a', '1', { numDownloaded: 100 }));
    history.save();
    const before = fs.readFileSync(store.journalPath);
    // Rounds until one compacts, which rewrites the base with download 1 marked.
    history.put(trackedDownload('a', '1', { numDownloaded: 2000, markers: ['outcome'] }));
    for (let i = 2; size(store.journalPath) > 0; i++) {
      history.put(trackedDownload('a', String(i)));
      history.save();
    }
    // As if the journal's deletion never happened: it names the base before this one.
    fs.writeFileSync(store.journalPath, before);

    const again = new DownloadHistory(createHistoryFileStore({ file }));
    expect(again.get('a:v4:1')?.markers).toEqual(['outcome']);
    expect(kept(again)).toEqual(kept(history));
    expect(fs.existsSync(store.journalPath)).toBe(false);
  });

  it('a torn last line (a crash mid-append) loses only that round, and the store keeps working', () => {
    const logger = recordingLogger();
    const { store, history } = open({ logger });
    history.put(trackedDownload('a', '1'));
    history.save();
    history.put(trackedDownload('a', '1', { numDownloaded: 2000, markers: ['outcome'] }));
    history.save();
    const complete = kept(history);
    const whole = size(store.journalPath);

    // The next round, half written: a change, and half of the next line.
    history.put(trackedDownload('a', '2'));
    history.put(trackedDownload('a', '1', { markers: ['outcome', 'expired'] }));
    history.save();
    const text = fs.readFileSync(store.journalPath);
    const secondLine = text.indexOf(10, text.indexOf(10, whole) + 1);
    fs.writeFileSync(store.journalPath, text.subarray(0, secondLine - 40));

    const reopened = open({ logger });
    expect(kept(reopened.history)).toEqual(complete);
    expect(logger.lines.join('\n')).toContain('ended in an incomplete round');
    // The torn bytes are cut off, so the rounds after them are read again.
    expect(size(store.journalPath)).toBe(whole);
    reopened.history.put(trackedDownload('a', '3'));
    reopened.history.save();
    const third = new DownloadHistory(createHistoryFileStore({ file }));
    expect(third.get('a:v4:3')).toBeDefined();
    expect(third.get('a:v4:1')?.markers).toEqual(['outcome']);
    expect(third.get('a:v4:2')).toBeUndefined();
  });

  it('a round whose end line is missing is left out whole, never half applied', () => {
    const { store, history } = open();
    history.put(trackedDownload('a', '1'));
    history.put(trackedDownload('a', '2'));
    history.save();
    history.put(trackedDownload('a', '1', { markers: ['outcome'] }));
    history.save();
    const complete = kept(history);
    history.put(trackedDownload('a', '1', { markers: ['outcome', 'expired'] }));
    history.remove('a:v4:2');
    history.save();
    // Cut just before the round's end line: its changes are whole lines, its end is missing.
    const text = fs.readFileSync(store.journalPath);
    fs.writeFileSync(store.journalPath, text.subarray(0, text.lastIndexOf(10, text.length - 2) + 1));

    expect(kept(new DownloadHistory(createHistoryFileStore({ file })))).toEqual(complete);
  });

  it('moves an unreadable base aside with its journal, logs it, and starts empty and working', () => {
    const { store, history } = open();
    history.put(trackedDownload('a', '1'));
    history.save();
    history.put(trackedDownload('a', '2'));
    history.save();
    fs.writeFileSync(file, '\u0000{not json');
    const logger = recordingLogger();
    const reopened = open({ logger, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(reopened.history.all()).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'history-journal.corrupt-2026-01-02T03-04-05-000Z.ndjson',
      'history.corrupt-2026-01-02T03-04-05-000Z.json',
    ]);
    expect(logger.lines.join('\n')).toContain('could not be read (not valid JSON)');
    expect(fs.existsSync(store.journalPath)).toBe(false);
    reopened.history.put(trackedDownload('a', '9'));
    reopened.history.save();
    expect(new DownloadHistory(createHistoryFileStore({ file })).get('a:v4:9')).toBeDefined();
  });

  it('a round the journal could not take (a write error) is not lost: the next save rewrites the base', () => {
    const logger = recordingLogger();
    const { store, history } = open({ logger });
    history.put(trackedDownload('a', '1'));
    history.save();
    history.put(trackedDownload('a', '2'));
    history.save();
    // A folder where the journal is makes every append fail, as a full or failing disk would.
    fs.rmSync(store.journalPath);
    fs.mkdirSync(store.journalPath);
    history.put(trackedDownload('a', '1', { markers: ['outcome'] }));
    history.save();
    expect(logger.lines.join('\n')).toContain('could not save the download history');
    history.put(trackedDownload('a', '3'));
    history.save();

    const again = new DownloadHistory(createHistoryFileStore({ file }));
    expect(again.get('a:v4:1')?.markers).toEqual(['outcome']);
    expect(kept(again)).toEqual(kept(history));
  });
});

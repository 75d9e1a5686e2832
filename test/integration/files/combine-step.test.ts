// The combine step after a save, with its requests persisted: a combine that was running when
// the app stopped continues at the next start from the same store, adds the combined file to
// the manifest and removes the parts only when asked; differing headers leave the parts alone.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointPath } from '../../../main/core/files/combine.js';
import { COMBINE_STORE_KEY, createCombineStep } from '../../../main/core/files/combine-step.js';
import type { Manifest } from '../../../main/core/files/manifest.js';
import type { SaveJob } from '../../../preload/contract/index.js';
import { JsonFileStore, tempDir } from './support.js';

const tmp = tempDir('dfd-combine-step-');
afterAll(() => tmp.cleanup());
let n = 0;

function savedDownload(headers: string[]): { job: SaveJob; store: JsonFileStore } {
  const folder = path.join(tmp.dir, `case-${++n}`);
  mkdirSync(folder);
  const files = headers.map((header, i) => {
    const name = `900_${i + 1}.csv`;
    const rows = [1, 2, 3].map((r) => `${i * 10 + r},"line one\nline two"`).join('\n');
    writeFileSync(path.join(folder, name), `${header}\n${rows}\n`);
    return { name, size: 0, sha256: '', records: 3 };
  });
  const manifestPath = path.join(folder, 'manifest.json');
  const manifest: Partial<Manifest> = { manifestVersion: 1, downloadId: '900', files };
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const job: SaveJob = {
    jobId: `job-${n}`,
    downloadKey: 'a:v4:900',
    folder,
    state: 'completed',
    files: files.map((f) => ({
      name: f.name,
      path: path.join(folder, f.name),
      bytesDone: 1,
      bytesTotal: 1,
      state: 'done',
    })),
    bytesDone: 3,
    bytesTotal: 3,
    speed: 0,
    etaSeconds: null,
    error: null,
    manifest: { path: manifestPath, recordsFound: 3 * files.length, recordsReported: null, matches: true },
  };
  return { job, store: new JsonFileStore(path.join(tmp.dir, `store-${n}.json`)) };
}

describe('the combine step', () => {
  it('continues a combine that was running when the app stopped, at the next start', async () => {
    const { job, store } = savedDownload(['id,note', 'id,note', 'id,note']);
    // The first run stops after one part, as a quit mid-combine would leave it.
    // Stopped once the combine waits in its first onProgress: the checkpoint is written just
    // before that call, so releasing on the checkpoint alone could come before the wait begins.
    let release: (() => void) | null = null;
    const first = createCombineStep({
      store,
      onProgress: () => new Promise<void>((r) => (release = r)),
    });
    first.request(job, { downloadId: '900', format: 'csv', keepParts: false });
    while (release === null) await new Promise((r) => setTimeout(r, 5));
    const checkpoint = checkpointPath(job.folder, '900.csv');
    expect(JSON.parse(readFileSync(checkpoint, 'utf8'))).toMatchObject({ partsDone: 1 });
    expect(readdirSync(job.folder).sort()).toEqual(
      [...job.files.map((f) => f.name), '.partial', 'manifest.json'].sort(),
    );
    const stopping = first.dispose();
    (release as () => void)();
    await stopping;
    expect(store.get<Record<string, { state: string }>>(COMBINE_STORE_KEY)?.[job.jobId]?.state).toBe(
      'running',
    );

    const second = createCombineStep({ store: new JsonFileStore(store.path) });
    second.resumePending([job]);
    await second.settled(job.jobId);
    expect(second.status(job.jobId)).toMatchObject({
      state: 'done',
      partsKept: false,
      file: { name: '900.csv', records: 9 },
    });
    expect(readdirSync(job.folder).sort()).toEqual(['900.csv', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(job.manifest!.path, 'utf8')) as Manifest;
    expect(manifest.combined).toMatchObject({
      name: '900.csv',
      records: 9,
      parts: ['900_1.csv', '900_2.csv', '900_3.csv'],
      partsKept: false,
    });
    const text = readFileSync(path.join(job.folder, '900.csv'), 'utf8');
    expect(text.match(/^id,note$/gm)).toHaveLength(1);
    expect(second.partsRemoved(job.jobId)).toBe(true);
  });

  it('leaves the parts and says why when their headers differ', async () => {
    const { job, store } = savedDownload(['id,note', 'id,comment']);
    const step = createCombineStep({ store });
    step.request(job, { downloadId: '900', format: 'csv', keepParts: false });
    await step.settled(job.jobId);
    expect(step.status(job.jobId)).toMatchObject({ state: 'not-combined', file: null });
    expect(step.status(job.jobId)?.message).toContain('900_2.csv (lacks note; adds comment)');
    expect(readdirSync(job.folder).sort()).toEqual(['900_1.csv', '900_2.csv', 'manifest.json']);
    expect(step.partsRemoved(job.jobId)).toBe(false);
  });

  it('combines nothing and deletes nothing outside the folder when the manifest was edited to name other files', async () => {
    const { job, store } = savedDownload(['id,note', 'id,note']);
    // A file beside the save folder, named in the manifest by hand as if it were a part.
    const victim = path.join(path.dirname(job.folder), `victim-${n}.csv`);
    writeFileSync(victim, 'id,note\n1,"keep me"\n');
    const manifest = JSON.parse(readFileSync(job.manifest!.path, 'utf8')) as Manifest;
    manifest.files[1] = { ...manifest.files[1]!, name: `../${path.basename(victim)}`, records: 1 };
    writeFileSync(job.manifest!.path, JSON.stringify(manifest));
    const step = createCombineStep({ store });
    step.request(job, { downloadId: '900', format: 'csv', keepParts: false });
    await step.settled(job.jobId);
    expect(readFileSync(victim, 'utf8')).toBe('id,note\n1,"keep me"\n');
    expect(readdirSync(job.folder).sort()).toEqual(['900_1.csv', '900_2.csv', 'manifest.json']);
    expect(step.status(job.jobId)).toMatchObject({ state: 'failed', file: null });
    expect(step.status(job.jobId)?.message).toBe(
      `manifest.json in ${job.folder} no longer lists the files that were saved (it was changed after the save), ` +
        'so the files were not combined. The separate files are unchanged; save the download again to combine them.',
    );
  });

  it('says a manifest cut short cannot be read, in words, and keeps the parts', async () => {
    const { job, store } = savedDownload(['id,note', 'id,note']);
    const text = readFileSync(job.manifest!.path, 'utf8');
    writeFileSync(job.manifest!.path, text.slice(0, Math.floor(text.length / 2)));
    const step = createCombineStep({ store });
    step.request(job, { downloadId: '900', format: 'csv', keepParts: false });
    await step.settled(job.jobId);
    expect(step.status(job.jobId)).toMatchObject({ state: 'failed', file: null });
    expect(step.status(job.jobId)?.message).toBe(
      `manifest.json in ${job.folder} cannot be read: it is cut short or was edited. The files were not combined. ` +
        'The separate files are unchanged; save the download again to combine them.',
    );
    expect(readdirSync(job.folder).sort()).toEqual(['900_1.csv', '900_2.csv', 'manifest.json']);
  });
});

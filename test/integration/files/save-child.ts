// Child process for the kill -9 tests: continues any save its store says was under way (as the
// app does at start), starts the save when there is none, and keeps saving (slowly, paced on
// the wire) until the parent kills it.
import { createSaver } from '../../../main/core/files/index.js';
import { JsonFileStore, pacedFetch, type SaveChildInput } from './support.js';

const input = JSON.parse(process.env.SAVE_CHILD_INPUT ?? '{}') as SaveChildInput;
const saver = createSaver({
  fetch: pacedFetch(input.bytesPerSecond),
  store: new JsonFileStore(input.storePath),
  refreshDownload: async (d) => d,
});
await saver.resumePending();
const job = await saver.save(input.download, { folder: input.folder, parallelFiles: 3 });
process.stdout.write(`started ${job.jobId}\n`);
await saver.settled(job.jobId);
process.stdout.write('finished\n');

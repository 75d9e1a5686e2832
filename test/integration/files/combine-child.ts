// Child process for the crash test: combines slowly (a pause after each part) until the parent
// kills it with SIGKILL.
import { combineParts, type CombinePart } from '../../../main/core/files/combine.js';

interface ChildInput {
  folder: string;
  parts: CombinePart[];
  outputName: string;
  pauseMs: number;
}

const input = JSON.parse(process.env.COMBINE_CHILD_INPUT ?? '{}') as ChildInput;
await combineParts({
  folder: input.folder,
  parts: input.parts,
  format: 'csv',
  outputName: input.outputName,
  onProgress: () => new Promise((r) => setTimeout(r, input.pauseMs)),
});
process.stdout.write('finished\n');
